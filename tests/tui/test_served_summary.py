"""On the team server the summary says the call was saved, never the server's folders."""

from __future__ import annotations

from pathlib import Path

from test_call_flow import connected, make_app, say
from tui_helpers import wait_for

from roleplay.tui.saved_call import transcript_label
from roleplay.tui.screens.summary import SummaryScreen


async def _figures(settings, workspace, clock, **kwargs) -> tuple[str, Path]:
    app = make_app(settings, workspace, clock, scenario_id="test-broadband-down", **kwargs)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await connected(pilot, app)
        await say(pilot, screen, "Hello Dana")
        await pilot.press("ctrl+g", "y")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary")
        figures = str(app.screen.query_one("#summary-figures").render())
    assert screen.session is not None and screen.session.path is not None
    return figures, screen.session.path


async def test_a_served_summary_names_the_call_not_the_server_path(
    settings, workspace, clock, env: Path
) -> None:
    figures, path = await _figures(
        settings, workspace, clock, trainee="Ana Ortiz", remember=False, name_fixed=True
    )
    assert str(env) not in figures and path.name not in figures
    day = path.parent.name
    clock_time = f"{path.name[0:2]}:{path.name[2:4]}:{path.name[4:6]}"
    assert f"saved, call of {day} {clock_time}" in figures


async def test_in_the_terminal_the_summary_still_shows_the_file(
    settings, workspace, clock, env: Path
) -> None:
    figures, path = await _figures(settings, workspace, clock, trainee="Sam", remember=False)
    assert "saved, call of" not in figures
    assert str(path) in "".join(figures.split())  # the full path (wrapped on screen)


def test_an_unexpected_file_name_still_reads_as_saved() -> None:
    label = transcript_label(Path("/srv/team/transcripts/odd.jsonl"), served=True)
    assert label is not None and label.startswith("saved") and "/srv" not in label
