"""The info panel: what the message is, what is source and what is reconstructed."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from teletype.compose import WireLine
from teletype.message import Message

HEADING = Style(bold=True)
DIM = Style(dim=True)


def info_text(message: Message, wire: list[WireLine], marker: str, reconstructed: Style) -> Text:
    """The panel's text for MESSAGE as sent in WIRE; reconstructed lines carry MARKER."""
    out = Text()

    def heading(title: str) -> None:
        out.append(f"\n{title}\n", HEADING)

    out.append(f"{message.title}\n", HEADING)
    out.append(f"{message.date:%d %B %Y}, {message.kind}: {message.sender} to {message.addressee}\n")
    out.append(f"Filed {message.filed:%H:%M} {message.filed.tzname()} ({message.filed_utc:%H%MZ %d %b})\n", DIM)
    if message.summary:
        out.append(f"\n{message.summary}\n")
    heading("Provenance")
    for key in ("source", "citation", "transcription", "reconstructed"):
        if key in message.provenance:
            out.append(f"{key.capitalize()}: ", HEADING if key == "reconstructed" else DIM)
            out.append(f"{message.provenance[key]}\n")
    heading("The header, line by line")
    out.append(f"{marker} marks a line that is not in the source: it is reconstructed.\n", reconstructed)
    for line in wire:
        if line.part == "text" or not line.meaning:
            continue
        style = reconstructed if line.reconstructed else Style()
        out.append(f"{marker if line.reconstructed else ' '} {line.text}\n", style + HEADING)
        out.append(f"  {line.meaning}\n")
        if line.reconstructed:
            out.append(f"  Reconstructed: {line.reconstructed}\n", reconstructed)
    if message.notes:
        heading("Editorial notes")
        for note in message.notes:
            out.append(f"{note.about}: ", HEADING)
            out.append(f"{note.text}\n")
    return out


class SideText(Static):
    """The info or facsimile text; its component class colours what is reconstructed."""

    COMPONENT_CLASSES = {"side--reconstructed"}
