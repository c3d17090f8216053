"""The message picker: every message found, with its date and title."""

from __future__ import annotations

from dataclasses import dataclass
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


@dataclass(frozen=True)
class Entry:
    label: str  # date and title, or the error that stops it loading
    ok: bool


class Picker(ModalScreen[int | None]):
    """Returns the index of the chosen entry, or None."""

    BINDINGS = [Binding("escape", "dismiss_picker", "Close")]

    def __init__(self, entries: list[Entry], current: int):
        super().__init__()
        self.entries = entries
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label("Messages: Enter plays, Esc closes", id="picker-title")
            yield OptionList(
                *(Option(entry.label, id=str(index), disabled=not entry.ok) for index, entry in enumerate(self.entries)),
                id="picker-list",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.current if 0 <= self.current < len(self.entries) else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))

    def action_dismiss_picker(self) -> None:
        self.dismiss(None)
