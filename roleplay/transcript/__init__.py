"""A call's transcript: its records, how a call ends, the file it is written to and read from.

The lowest layer that knows about calls: the simulation writes transcripts, the debrief and
the index read them, and none of those has to import another to do so.
"""

from roleplay.transcript.endings import END_WORDS, EndReason, end_phrase, end_sentence
from roleplay.transcript.file import (
    TranscriptError,
    TranscriptWriter,
    create_transcript_file,
    read_transcript,
    transcript_stem,
)
from roleplay.transcript.records import (
    LINE_SOURCES,
    SCHEMA_VERSION,
    Close,
    Event,
    Header,
    Record,
    Speaker,
    Transcript,
    Turn,
    TurnState,
    call_duration,
    line_source,
    now_iso,
    parse_record,
)

__all__ = [
    "END_WORDS",
    "LINE_SOURCES",
    "SCHEMA_VERSION",
    "Close",
    "EndReason",
    "Event",
    "Header",
    "Record",
    "Speaker",
    "Transcript",
    "TranscriptError",
    "TranscriptWriter",
    "Turn",
    "TurnState",
    "call_duration",
    "create_transcript_file",
    "end_phrase",
    "end_sentence",
    "line_source",
    "now_iso",
    "parse_record",
    "read_transcript",
    "transcript_stem",
]
