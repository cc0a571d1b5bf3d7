"""The Textual app: one factory (`build_app`) shared by the CLI and the tests, and `run_app`.

The app owns the flow between screens (home -> call -> summary -> home or the same call again);
the screens own what happens on them and tell the app through the messages in `messages.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import App
from textual.binding import Binding

from roleplay.choices import Difficulty
from roleplay.config import Settings
from roleplay.llm.base import Backend
from roleplay.scenarios.loader import Library, LibraryError
from roleplay.state import remember_trainee
from roleplay.tui.keys import help_rows
from roleplay.tui.messages import CallFinished, CallRequest, GoHome, StartCall
from roleplay.tui.saved_call import transcript_label
from roleplay.tui.screens.call import BackendFactory, CallScreen
from roleplay.tui.screens.confirm import ConfirmScreen
from roleplay.tui.screens.help import HOW_IT_WORKS, HelpScreen
from roleplay.tui.screens.home import HomeScreen
from roleplay.tui.screens.summary import SummaryScreen
from roleplay.workspace import Workspace

if TYPE_CHECKING:
    from roleplay.grading import Grading

BackendMaker = Callable[[str | None, Callable[[str], None]], Backend]
"""Builds a backend by name (None: the settings' default), given a progress callback."""


class RoleplayApp(App[None]):
    """Home, call, help and summary screens around one `CallSession` at a time."""

    CSS_PATH = "app.tcss"
    TITLE = "roleplay"
    ENABLE_COMMAND_PALETTE = False  # every action has a key in the footer; keeps F1 in view

    BINDINGS = [
        Binding(
            "f1",
            "help",
            "Help",
            id="app.help",
            tooltip="List every key that works here, and how a call works.",
        ),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            id="app.quit",
            tooltip="Leave the app (asks first during a call, which is saved as abandoned).",
            priority=True,
        ),
    ]

    def __init__(
        self,
        *,
        settings: Settings,
        library: Library | None,
        transcripts: Path | None,
        backend_maker: BackendMaker,
        scenario_id: str | None = None,
        difficulty: str | None = None,
        trainee: str | None = None,
        backend: str | None = None,
        exam: bool = False,
        problems: list[str] | None = None,
        clock: Callable[[], float] | None = None,
        remember: bool = True,
        name_fixed: bool = False,
        ask_name: bool = False,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.library = library or Library()
        self.transcripts = transcripts
        self.backend_maker = backend_maker
        self.scenario_id = scenario_id
        self.difficulty = difficulty
        self.trainee = trainee or settings.trainee
        self.backend_name = backend
        self.exam = exam
        self.problems = problems or []
        self.clock = clock
        self.remember = remember
        self.name_fixed = name_fixed
        """Signed in on the team server: every call carries `trainee`, whatever is typed."""
        self.ask_name = ask_name
        """A call named on the command line waits for a name when none is known yet, so that
        no transcript goes to the team lead as "trainee"."""
        self.last_call: CallScreen | None = None
        self._quit_question: ConfirmScreen | None = None
        self.set_keymap(dict(settings.keys))

    def on_mount(self) -> None:
        """Straight into the call when one was named on the command line, else home."""
        if self.scenario_id is not None and self.ask_name and not self.trainee:
            self.push_screen(self._home_screen(self.scenario_id))  # the name box first
            self.notify("Type your name, then Enter twice: it goes on the call's transcript.")
        elif self.scenario_id is not None:
            request = CallRequest(
                self.scenario_id,
                self._difficulty_for(self.scenario_id, self.difficulty),
                self.trainee or "trainee",
            )
            self.push_screen(self._call_screen(request))
        else:
            self.push_screen(self._home_screen())

    # ------------------------------------------------------------------ screens

    def _difficulty_for(self, scenario_id: str, chosen: str | None) -> str:
        if chosen in set(Difficulty):
            return str(chosen)
        return self.settings.difficulty.value

    def _home_screen(self, selected: str | None = None) -> HomeScreen:
        return HomeScreen(
            list(self.library.scenarios.values()),
            self.library.personas,
            trainee=self.trainee,
            difficulty=self.difficulty or self.settings.difficulty,
            problems=self.problems,
            selected=selected,
            name_fixed=self.name_fixed,
        )

    def _call_screen(self, request: CallRequest) -> CallScreen:
        cast = self.library.cast(request.scenario_id)
        name = self.backend_name

        def factory(progress: Callable[[str], None]) -> Backend:
            return self.backend_maker(name, progress)

        screen = CallScreen(
            cast,
            factory,
            difficulty=request.difficulty,
            trainee=request.trainee,
            transcripts=self.transcripts,
            exam=self.exam,
            clock=self.clock,
        )
        self.last_call = screen
        return screen

    @on(StartCall)
    def _start_call(self, message: StartCall) -> None:
        """Remember the trainee's name, then replace the current screen with the call."""
        request = message.request
        if self.name_fixed and self.trainee:
            request = CallRequest(request.scenario_id, request.difficulty, self.trainee)
        if request.trainee != self.trainee:
            self.trainee = request.trainee
            self._remember_name(request.trainee)
        self.difficulty = request.difficulty
        self.switch_screen(self._call_screen(request))

    def _remember_name(self, name: str) -> None:
        if not self.remember:
            return
        try:
            remember_trainee(name)
        except OSError as exc:
            self.notify(f"Your name was not remembered: {exc}", severity="warning")

    @on(CallFinished)
    def _call_finished(self, message: CallFinished) -> None:
        """The call is over: show its summary and debrief."""
        label = transcript_label(message.outcome.transcript, served=self.name_fixed)
        self.switch_screen(SummaryScreen(message.outcome, label, grading=self._grading()))

    def _grading(self) -> Grading:
        """How the summary grades: the settings' judge, on this app's backend."""
        from roleplay.grading import Grading

        def make(name: str) -> Backend:
            return self.backend_maker(name, lambda _text: None)

        return Grading.from_settings(
            self.settings, backend=self.backend_name or self.settings.backend, make_backend=make
        )

    @on(GoHome)
    def _go_home(self, message: GoHome) -> None:
        self.switch_screen(self._home_screen(message.scenario_id))

    # ------------------------------------------------------------------ app-wide keys

    def action_help(self) -> None:
        """Open the help for the screen in front (not for the help itself)."""
        if isinstance(self.screen, HelpScreen):
            return
        title = type(self.screen).__name__.removesuffix("Screen") or "Keys"
        intro = getattr(self.screen, "HELP_TEXT", HOW_IT_WORKS)
        self.push_screen(HelpScreen(help_rows(self, self.screen), title, intro))

    async def action_quit(self) -> None:
        """Quit; during a call ask first (a second press is a yes), and save it as abandoned."""
        if self._quit_question is not None and self.screen is self._quit_question:
            self._quit_question.dismiss(True)
            return
        call = self.last_call
        if call is None or call.session is None or call.session.ended:
            self.abandon_open_call()
            self.exit()
            return

        def answered(yes: bool | None) -> None:
            self._quit_question = None
            if yes:
                self.abandon_open_call()
                self.exit()

        self._quit_question = ConfirmScreen(
            "Quit in the middle of the call?",
            "The call so far is saved as abandoned.",
            yes="Quit",
        )
        self.push_screen(self._quit_question, answered)

    def abandon_open_call(self) -> None:
        """Close the transcript of a call that is still open with end reason `abandoned`."""
        from roleplay.sim.state import EndReason

        call = self.last_call
        if call is not None and call.session is not None and not call.session.ended:
            call.end_call(EndReason.ABANDONED)


def _default_backend_maker(settings: Settings) -> BackendMaker:
    """Backends as configured (`--backend` or the settings), imported only when a call starts.

    A backend that can stay loaded (the embedded model) is made once and kept for every later
    call of this app run, so only the first call waits for the model to load.
    """
    kept: dict[str | None, Backend] = {}

    def make(name: str | None, progress: Callable[[str], None]) -> Backend:
        from roleplay.llm.factory import make_backend

        backend = kept.get(name)
        if backend is not None:
            # Only the embedded backend is kept between calls, and it reports its progress;
            # the Backend protocol has no `progress`, as the other backends have none to report.
            backend.progress = progress  # type: ignore[attr-defined]
            return backend
        backend = make_backend(settings, name, progress=progress)
        if hasattr(backend, "keep_loaded"):
            backend.keep_loaded = True
            kept[name] = backend
        return backend

    return make


def _given_backend_maker(factory: BackendFactory) -> BackendMaker:
    """Every call uses `factory`, whatever backend was named (tests, benchmarks)."""

    def make(name: str | None, progress: Callable[[str], None]) -> Backend:
        return factory(progress)

    return make


def build_app(
    *,
    settings: Settings,
    workspace: Workspace,
    scenario_id: str | None = None,
    difficulty: str | None = None,
    trainee: str | None = None,
    backend: str | None = None,
    exam: bool = False,
    backend_factory: BackendFactory | None = None,
    clock: Callable[[], float] | None = None,
    remember: bool = True,
    name_fixed: bool = False,
    ask_name: bool = False,
) -> RoleplayApp:
    """The app for a workspace; a named scenario that does not exist is a UserError up front.

    `backend_factory` replaces the configured backend (tests use it for failing backends).
    """
    library, problems = workspace.playable_library()
    if scenario_id is not None:
        if scenario_id not in library.scenarios and problems:
            raise LibraryError(problems)
        library.cast(scenario_id)
    if backend_factory is not None:
        maker = _given_backend_maker(backend_factory)
    else:
        maker = _default_backend_maker(settings)
    return RoleplayApp(
        settings=settings,
        library=library,
        transcripts=workspace.transcripts_dir,
        backend_maker=maker,
        scenario_id=scenario_id,
        difficulty=difficulty,
        trainee=trainee,
        backend=backend,
        exam=exam,
        problems=problems,
        clock=clock,
        remember=remember,
        name_fixed=name_fixed,
        ask_name=ask_name,
    )


def run_app(
    *,
    settings: Settings,
    workspace: Workspace,
    scenario_id: str | None = None,
    difficulty: str | None = None,
    trainee: str | None = None,
    backend: str | None = None,
    exam: bool = False,
) -> None:
    """Run the app in the terminal until the trainee quits."""
    app = build_app(
        settings=settings,
        workspace=workspace,
        scenario_id=scenario_id,
        difficulty=difficulty,
        trainee=trainee,
        backend=backend,
        exam=exam,
        ask_name=True,
    )
    try:
        app.run()
    finally:
        app.abandon_open_call()
