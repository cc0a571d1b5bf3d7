"""The mood meter: the customer's distress as a bar and the band's name (calm .. furious)."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from roleplay.scenarios.models import MoodBand

BAND_STYLE: dict[str, str] = {
    "calm": "$success",
    "uneasy": "$success-lighten-2",
    "upset": "$warning",
    "angry": "$error-lighten-1",
    "furious": "$error",
}
BAR_CELLS = 10


class MoodMeter(Widget):
    """Shows how upset the customer is right now; hidden in exam mode by its screen."""

    mood: reactive[float] = reactive(50.0)

    def render(self) -> Content:
        """A ten-cell bar, the band's name and the value."""
        band = MoodBand.of(self.mood).value
        filled = round(self.mood / 100 * BAR_CELLS)
        style = BAND_STYLE[band]
        return Content.assemble(
            "Mood ",
            (("█" * filled), style),
            (("░" * (BAR_CELLS - filled)), "$foreground 30%"),
            " ",
            (f"{band} {self.mood:.0f}", f"bold {style}"),
        )

    def get_content_width(self, container: object, viewport: object) -> int:
        """Wide enough for the bar and the longest band name."""
        return len("Mood ") + BAR_CELLS + len(" furious 100")
