"""The Scenarios app: a trainer edits a file, sees the loader's problems, saves, and self-plays.

Driven with Pilot over a throwaway workspace; the bundled files are the checkout's own.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from support.sim_cast import SCENARIO
from textual.widgets import DataTable, Input, Static, TextArea
from tui_helpers import SCENARIO_ID

from roleplay.authoring.drafts import DRAFTS
from roleplay.config import Settings
from roleplay.tui.scenarios.app import ScenariosApp
from roleplay.tui.scenarios.editor import EditorScreen
from roleplay.tui.scenarios.file_list import FileListScreen
from roleplay.tui.scenarios.selfplay_screen import SelfplayScreen
from roleplay.tui.screens.help import HelpScreen
from roleplay.workspace import Workspace, bundled_library_dir

BUNDLED = "loyalty-card-blocked"
PERSONA_ID = str(SCENARIO["persona"])
SIZE = (140, 40)


def _app(workspace: Workspace, settings: Settings, name: str | None = None) -> ScenariosApp:
    return ScenariosApp(workspace, settings, open_name=name)


def _panel(app: ScenariosApp) -> str:
    return str(app.screen.query_one("#check", Static).render())


async def _settled(app: ScenariosApp, pilot: object) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


def _replace(area: TextArea, old: str, new: str) -> int:
    """Replace the first `old` in the editor; return its line (1-based)."""
    text = area.text
    at = text.index(old)
    area.load_text(text.replace(old, new, 1))
    return text[:at].count("\n") + 1


@pytest.fixture
def settings_for(settings: object) -> Settings:
    return settings(backend="scripted")  # type: ignore[operator]


async def test_a_valid_edit_is_saved(workspace: Workspace, settings_for: Settings) -> None:
    path = workspace.scenarios_dir / f"{SCENARIO_ID}.yaml"
    app = _app(workspace, settings_for, SCENARIO_ID)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        area = app.screen.query_one("#editor", TextArea)
        _replace(area, "title: ", "title: Edited in the app, ")
        await pilot.press("ctrl+s")
        await _settled(app, pilot)
        assert "Saved" in _panel(app) and "is valid" in _panel(app)
        await pilot.press("escape")
        await _settled(app, pilot)
        assert isinstance(app.screen, FileListScreen)
    assert "title: Edited in the app, " in path.read_text(encoding="utf-8")
    assert not (workspace.root / DRAFTS).exists() or not any((workspace.root / DRAFTS).rglob("*"))


async def test_a_bad_edit_shows_file_line_and_field_and_is_not_saved(
    workspace: Workspace, settings_for: Settings
) -> None:
    path = workspace.scenarios_dir / f"{SCENARIO_ID}.yaml"
    good = path.read_text(encoding="utf-8")
    app = _app(workspace, settings_for, SCENARIO_ID)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        area = app.screen.query_one("#editor", TextArea)
        line = _replace(area, f"persona: {PERSONA_ID}", "persona: nobody-at-all")
        bad = area.text
        await pilot.press("ctrl+s")
        await _settled(app, pilot)
        shown = _panel(app)
        assert "Not saved" in shown
        assert f"scenarios/{SCENARIO_ID}.yaml:{line}: persona: no persona with id" in shown
        assert area.cursor_location[0] == line - 1  # the cursor is on the problem's line
        assert area.text == bad  # the trainer's text is still there
    assert path.read_text(encoding="utf-8") == good  # the good file was not replaced
    draft = workspace.root / DRAFTS / "scenarios" / f"{SCENARIO_ID}.yaml"
    assert draft.read_text(encoding="utf-8") == bad  # and the text is kept on disk
    kept = datetime(2026, 12, 6, 9, 14).timestamp()
    os.utime(draft, (kept, kept))

    again = _app(workspace, settings_for, SCENARIO_ID)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.screen.query_one("#editor", TextArea).text == bad
        assert "unsaved draft from 6 Dec 09:14." in _panel(again)  # as every screen writes it


async def test_a_bundled_file_is_copied_never_overwritten(
    workspace: Workspace, settings_for: Settings
) -> None:
    bundled = bundled_library_dir() / "scenarios" / f"{BUNDLED}.yaml"
    before = bundled.read_bytes()
    app = _app(workspace, settings_for, BUNDLED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        title = str(app.screen.query_one("#editor-title").render())
        assert "bundled" in title and "your own copy" in title
        area = app.screen.query_one("#editor", TextArea)
        _replace(area, "title: ", "title: Our version of ")
        await pilot.press("ctrl+s")
        await _settled(app, pilot)
        assert "Saved as your copy" in _panel(app)
    assert bundled.read_bytes() == before
    copy = workspace.scenarios_dir / f"{BUNDLED}.yaml"
    assert "title: Our version of " in copy.read_text(encoding="utf-8")


async def test_selfplay_from_the_editor_shows_the_result(
    workspace: Workspace, settings_for: Settings, env: Path
) -> None:
    app = _app(workspace, settings_for, BUNDLED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")  # the bundled scenario, saved as the workspace's copy
        await _settled(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, SelfplayScreen)
        await _settled(app, pilot)
        screen = app.screen
        verdict = str(screen.query_one("#selfplay-verdict", Static).render())
        assert "Good handling outscores poor" in verdict
        summary = str(screen.query_one("#selfplay-summary", Static).render())
        assert "good   runs 1" in summary and "poor   runs 1" in summary
        runs = str(screen.query_one("#selfplay-runs", Static).render())
        assert "[good #1]" in runs and "[poor #1]" in runs
        assert "transcript: " in runs and str(env) not in runs  # no server folder shown
    kept = sorted((env / "calls" / "selfplay").rglob("*.jsonl"))
    assert len(kept) == 2  # where `roleplay selfplay --keep` keeps them


async def test_a_new_scenario_starts_from_the_template(
    workspace: Workspace, settings_for: Settings
) -> None:
    app = _app(workspace, settings_for)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#new-id", Input).value = "late-parcel"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.item.path == workspace.scenarios_dir / "late-parcel.yaml"
        await pilot.press("ctrl+s")
        await _settled(app, pilot)
        assert "is valid" in _panel(app)  # the template validates as written
    assert (workspace.root / "selfplay" / "late-parcel.yaml").is_file()


async def test_the_list_marks_bundled_files_and_help_lists_the_keys(
    workspace: Workspace, settings_for: Settings
) -> None:
    app = _app(workspace, settings_for)
    async with app.run_test(size=SIZE) as pilot:
        await _settled(app, pilot)
        table = app.screen.query_one("#files", DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert [f"scenarios/{SCENARIO_ID}.yaml", "scenario", "yours", "valid"] in rows
        assert any(r[0] == f"scenarios/{BUNDLED}.yaml" and "read-only" in r[2] for r in rows)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = app.screen.keys_shown()
        assert {"files.open", "files.new", "files.selfplay", "app.help"} <= set(shown)


async def test_unsaved_text_is_kept_as_a_draft_on_quit(
    workspace: Workspace, settings_for: Settings
) -> None:
    app = _app(workspace, settings_for, SCENARIO_ID)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        area = app.screen.query_one("#editor", TextArea)
        area.insert("# a thought, half written\n", (0, 0))
        await pilot.press("ctrl+q")
    draft = workspace.root / DRAFTS / "scenarios" / f"{SCENARIO_ID}.yaml"
    assert draft.read_text(encoding="utf-8").startswith("# a thought, half written\n")


async def test_text_typed_before_the_server_closes_the_app_is_kept(
    workspace: Workspace, settings_for: Settings
) -> None:
    """The server ends an app (sign-out, idle, shutdown) without Ctrl+Q: the text survives."""
    app = _app(workspace, settings_for, SCENARIO_ID)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("end", *"  # typed in the browser")
        await pilot.pause()
        app.exit()  # what the web driver does when the server stops the app
    app.keep_drafts()  # what run_scenarios_app does once the app has ended
    draft = workspace.root / DRAFTS / "scenarios" / f"{SCENARIO_ID}.yaml"
    assert "# typed in the browser" in draft.read_text(encoding="utf-8")


async def test_a_broken_file_shows_its_problems_as_soon_as_it_opens(
    workspace: Workspace, settings_for: Settings
) -> None:
    path = workspace.scenarios_dir / f"{SCENARIO_ID}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "bogus_field: 1\n", encoding="utf-8")
    line = len(path.read_text(encoding="utf-8").splitlines())
    app = _app(workspace, settings_for, SCENARIO_ID)
    async with app.run_test(size=SIZE) as pilot:
        await _settled(app, pilot)
        shown = _panel(app)
        assert "As opened it has 1 problem" in shown
        assert f"scenarios/{SCENARIO_ID}.yaml:{line}: bogus_field:" in shown


async def test_selfplay_says_so_when_good_and_poor_are_not_told_apart(
    workspace: Workspace, settings_for: Settings
) -> None:
    lines = "good:\n  - Calm down, it happens.\npoor:\n  - Calm down, it happens.\n"
    (workspace.root / "selfplay").mkdir()
    (workspace.root / "selfplay" / f"{SCENARIO_ID}.yaml").write_text(lines, encoding="utf-8")
    app = _app(workspace, settings_for)
    async with app.run_test(size=SIZE) as pilot:
        await _settled(app, pilot)
        await pilot.press("p")  # the highlighted file: the workspace's scenario
        await pilot.pause()
        assert isinstance(app.screen, SelfplayScreen)
        await _settled(app, pilot)
        verdict = str(app.screen.query_one("#selfplay-verdict", Static).render())
        assert "not told apart" in verdict and "no calmer" in verdict


async def test_a_kept_draft_is_shown_on_the_list_and_x_discards_it(
    workspace: Workspace, settings_for: Settings
) -> None:
    draft = workspace.root / DRAFTS / "scenarios" / f"{SCENARIO_ID}.yaml"
    draft.parent.mkdir(parents=True)
    draft.write_text("half: written\n", encoding="utf-8")
    app = _app(workspace, settings_for)
    async with app.run_test(size=SIZE) as pilot:
        await _settled(app, pilot)
        table = app.screen.query_one("#files", DataTable)
        assert "draft kept" in str(table.get_row_at(0)[3])
        await pilot.press("x")
        await _settled(app, pilot)
        assert "draft kept" not in str(table.get_row_at(0)[3])
    assert not draft.exists()
