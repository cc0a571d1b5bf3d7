"""The home screen's scenario list: one row per scenario with its customer's archetype badge."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from roleplay.scenarios.models import Persona, Scenario

ARCHETYPE_STYLE: dict[str, str] = {
    "irate": "bold $text-error on $error-muted",
    "frustrated": "bold $text-warning on $warning-muted",
    "confused": "bold $text-accent on $accent-muted",
    "grieving": "bold $text-secondary on $secondary-muted",
    "anxious": "bold $text-primary on $primary-muted",
    "stressed": "bold $text-warning on $warning-muted",
    "disappointed": "bold $text-success on $success-muted",
}


def badge(archetype: str) -> Content:
    """An archetype as a small coloured label."""
    style = ARCHETYPE_STYLE.get(archetype, "bold reverse")
    return Content.styled(f" {archetype} ", style)


class ScenarioList(OptionList):
    """Pick a scenario; each row shows its title and the customer's archetype."""

    def __init__(
        self, scenarios: list[Scenario], personas: dict[str, Persona], **kwargs: Any
    ) -> None:
        options = [Option(self._prompt(s, personas.get(s.persona)), id=s.id) for s in scenarios]
        super().__init__(*options, **kwargs)

    @staticmethod
    def _prompt(scenario: Scenario, persona: Persona | None) -> Content:
        if persona is None:
            return Content(scenario.title)
        return Content.assemble(badge(persona.archetype.value), " ", scenario.title)

    @property
    def selected_id(self) -> str | None:
        """The id of the highlighted scenario, if any."""
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id
