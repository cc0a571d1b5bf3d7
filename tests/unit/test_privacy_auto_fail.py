"""The widow's privacy auto-fail catches the balance said, not the word "balance".

Taken by hand: a trainee who read the knowledge base back to her ("Once it and the certified
copy arrive, the balance is paid to you within 10 working days") failed a call scored 87.5 for
"discloses the balance before confirming she is the executor": the rule matched `the balance is`.
"""

from __future__ import annotations

import pytest
from debrief_data import cast_for

from roleplay.debrief.rules import auto_fail_hits
from roleplay.transcript import Header, Transcript, Turn


def _hits(line: str) -> list[str]:
    call = Transcript(
        header=Header(call_id="c", scenario_id="bereavement-account"),
        turns=[Turn(id=2, speaker="trainee", text=line)],
    )
    return [hit.id for hit in auto_fail_hits(cast_for("bereavement-account").scenario.rubric, call)]


@pytest.mark.parametrize(
    "line",
    [
        "Once it and the certified copy arrive, the balance is paid to you within 10 working days.",
        "The balance is paid to the executor once the form comes back.",
        "I can't tell you the balance until I know you're the executor.",
    ],
)
def test_talking_about_the_balance_without_its_amount_is_no_slip(line: str) -> None:
    assert "privacy-balance" not in _hits(line)


@pytest.mark.parametrize(
    "line",
    [
        "The balance is £6,240.18.",
        "The balance is about six thousand pounds.",
        "There's a balance of 6240 pounds in there.",
        "He had £6240 in the account.",
    ],
)
def test_saying_the_amount_is_still_a_slip(line: str) -> None:
    assert "privacy-balance" in _hits(line)
