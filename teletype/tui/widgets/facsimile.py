"""The facsimile: the typed form as the source shows it, marks styled."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from teletype.markup import Segment, marked_text

STYLES = {
    "typed": Style(),
    "struck": Style(strike=True, dim=True),
    "inserted": Style(italic=True, underline=True),
    "withheld": Style(dim=True, italic=True),
    "catchword": Style(dim=True, italic=True),
    "furniture": Style(dim=True),
    "pagebreak": Style(bold=True),
}


def facsimile_text(segments: list[Segment], ascii_only: bool) -> Text:
    """The form's text; ASCII_ONLY also writes the marks out (~~struck~~, ^{inserted}),
    since a console cannot show strike-through."""
    out = Text()
    for segment in segments:
        text = marked_text([segment]) if ascii_only or segment.kind == "withheld" else segment.text
        out.append(text, STYLES.get(segment.kind, Style()))
    return out
