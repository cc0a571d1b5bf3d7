"""The home screen: who is training, which scenario, how hard; then start the call."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    Footer,
    Input,
    Label,
    Markdown,
    OptionList,
    RadioButton,
    RadioSet,
    Static,
)

from roleplay.choices import Difficulty
from roleplay.scenarios.models import Persona, Scenario
from roleplay.tui.messages import CallRequest, StartCall
from roleplay.tui.widgets.scenario_list import ScenarioList


def scenario_markdown(scenario: Scenario, persona: Persona | None) -> str:
    """What the trainee reads before choosing: who calls, the summary and the briefing."""
    who = f"**{persona.name}**, {persona.archetype.value}" if persona else scenario.persona
    return "\n\n".join(
        [
            f"## {scenario.title}",
            f"{who} · {scenario.channel} · {scenario.company}",
            scenario.summary,
            "### Briefing",
            scenario.briefing.summary,
        ]
    )


class HomeScreen(Screen[None]):
    """Pick the trainee's name, a scenario and a difficulty, then start."""

    BINDINGS = [
        Binding(
            "ctrl+s",
            "start",
            "Start call",
            id="home.start",
            tooltip="Start a call with the highlighted scenario.",
        ),
        Binding(
            "ctrl+l",
            "next_difficulty",
            "Difficulty",
            id="home.difficulty",
            tooltip="Cycle the difficulty: easy, medium, hard.",
        ),
    ]

    def __init__(
        self,
        scenarios: list[Scenario],
        personas: dict[str, Persona],
        *,
        trainee: str = "",
        difficulty: str = "medium",
        problems: list[str] | None = None,
        selected: str | None = None,
        name_fixed: bool = False,
    ) -> None:
        super().__init__()
        self.selected = selected
        self.scenarios = {s.id: s for s in scenarios}
        self.personas = personas
        self.trainee = trainee
        self.difficulty = difficulty if difficulty in set(Difficulty) else Difficulty.MEDIUM.value
        self.problems = problems or []
        self.name_fixed = name_fixed
        """Signed in: the name is the account's, shown but not editable."""

    def compose(self) -> ComposeResult:
        """Left: name, scenarios, difficulty, start. Right: the highlighted scenario."""
        yield Static("roleplay · practise difficult calls", id="home-title")
        with Horizontal(id="home-body"):
            with Vertical(id="home-left"):
                yield Label("Your name", classes="field-label")
                yield Input(
                    self.trainee,
                    placeholder="Type your name",
                    id="trainee",
                    compact=True,
                    disabled=self.name_fixed,
                )
                yield Label("Scenarios", classes="field-label")
                yield ScenarioList(list(self.scenarios.values()), self.personas, id="scenarios")
                yield Label("Difficulty", classes="field-label")
                with RadioSet(id="difficulty", compact=True):
                    for level in Difficulty:
                        yield RadioButton(
                            level.capitalize(), value=level == self.difficulty, id=level.value
                        )
                yield Button("Start call", id="start", variant="success")
            with VerticalScroll(id="home-right"):
                yield Markdown(self._empty_text(), id="scenario-info")
        if self.problems:
            count = len(self.problems)
            noun = "problem" if count == 1 else "problems"
            yield Static(
                f"{count} {noun} in the scenario files; the scenarios affected are not listed. "
                "Run `roleplay scenarios validate` to see them.",
                id="home-problems",
            )
        yield Footer()

    def _empty_text(self) -> str:
        if self.scenarios:
            return "Pick a scenario to read about it."
        if self.problems:
            return (
                "## No scenario can be played\n\nThe scenario files here have problems; "
                "`roleplay scenarios validate` lists each one with its file and line."
            )
        return (
            "## No scenarios yet\n\nNo scenario files were found. Create a `scenarios/` folder "
            "in your workspace, or set ROLEPLAY_HOME to a folder that has one."
        )

    def on_mount(self) -> None:
        """Highlight the scenario just played (else the first); focus the list, or the name box
        when there is no name yet: the same start every time the screen opens."""
        scenarios = self.query_one(ScenarioList)
        if self.scenarios:
            ids = list(self.scenarios)
            scenarios.highlighted = ids.index(self.selected) if self.selected in ids else 0
        if self.trainee:
            scenarios.focus()
        else:
            self.query_one("#trainee", Input).focus()

    @on(OptionList.OptionHighlighted, "#scenarios")
    def _describe(self, event: OptionList.OptionHighlighted) -> None:
        scenario = self.scenarios.get(event.option.id or "")
        if scenario is not None:
            persona = self.personas.get(scenario.persona)
            self.query_one("#scenario-info", Markdown).update(scenario_markdown(scenario, persona))

    @on(OptionList.OptionSelected, "#scenarios")
    def _selected(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#start")
    def _start_pressed(self) -> None:
        self.action_start()

    @on(Input.Submitted, "#trainee")
    def _name_entered(self) -> None:
        self.query_one(ScenarioList).focus()

    @property
    def chosen_difficulty(self) -> str:
        """The difficulty currently selected."""
        pressed = self.query_one(RadioSet).pressed_button
        return pressed.id if pressed is not None and pressed.id else self.difficulty

    def action_next_difficulty(self) -> None:
        """Select the next difficulty (wrapping around)."""
        levels = list(Difficulty)
        now = levels.index(Difficulty(self.chosen_difficulty))
        self.query_one(f"#{levels[(now + 1) % len(levels)]}", RadioButton).value = True

    def action_start(self) -> None:
        """Start the call, once there is a name and a scenario."""
        name = self.query_one("#trainee", Input).value.strip()
        if not name:
            self.notify("Type your name first: it goes on the transcript.", severity="warning")
            self.query_one("#trainee", Input).focus()
            return
        scenario_id = self.query_one(ScenarioList).selected_id
        if scenario_id is None:
            self.notify("Pick a scenario first.", severity="warning")
            return
        request = CallRequest(scenario_id, self.chosen_difficulty, name)
        self.post_message(StartCall(request))
