"""The controls, wrapped onto as many lines as the width needs.

Textual's Footer is one line; fourteen controls do not fit in 80 columns, and a
classroom must see every one. Keys come from the screen's active bindings, so a
key file, a locked kiosk control or a modal screen shows here as it works; the
controls keep their own order whatever keys a key file gives them.
"""

from __future__ import annotations

from typing import Callable, Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget

GAP = "  "


class KeyBar(Widget, can_focus=False):
    COMPONENT_CLASSES = {"keybar--key", "keybar--description"}

    def __init__(self, describe: Callable[[Binding], str] | None = None, order: Sequence[str] = (), **kwargs):
        """DESCRIBE: a binding's label; ORDER: the actions in the order they are shown
        (others follow them, in binding order)."""
        super().__init__(**kwargs)
        self.describe = describe or (lambda binding: binding.description)
        self.order = {action: place for place, action in enumerate(order)}

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.refresh(layout=True))

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def items(self) -> list[Text]:
        """One "key description" per action shown (its first key), in ORDER.

        A key file's bindings come after the others in Textual's map: sorting here keeps
        the controls where a classroom expects them.
        """
        key_style = self.get_component_rich_style("keybar--key")
        description_style = self.get_component_rich_style("keybar--description")
        first = {}  # action -> its first active binding, in binding order
        for active in self.screen.active_bindings.values():
            if active.binding.show and active.binding.action not in first:
                first[active.binding.action] = active
        shown = sorted(first.values(), key=lambda active: self.order.get(active.binding.action, len(self.order)))
        items = []
        for active in shown:
            binding = active.binding
            item = Text.assemble((self.app.get_key_display(binding), key_style), " ", (self.describe(binding), description_style))
            if not active.enabled:
                item.stylize("dim")
            items.append(item)
        return items

    def lines(self, width: int) -> list[Text]:
        lines: list[Text] = []
        line = Text()
        for item in self.items():
            if line and line.cell_len + len(GAP) + item.cell_len > width:
                lines.append(line)
                line = Text()
            if line:
                line.append(GAP)
            line.append_text(item)
        if line:
            lines.append(line)
        return lines

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, len(self.lines(width)))

    def render(self) -> Text:
        return Text("\n").join(self.lines(self.content_region.width or self.size.width))
