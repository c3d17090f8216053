"""Message -> wire copy: the routing header, the text as sent, the trailer.

Header styles are functions of the message's data; each line carries what it is
and, when it is not in the source document, why it was reconstructed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from teletype import markup
from teletype.message import PRECEDENCE_LETTERS, Message

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


@dataclass(frozen=True)
class WireLine:
    text: str
    part: str = "text"  # header, text, trailer
    meaning: str = ""  # what this line of the header is, for the classroom
    reconstructed: str = ""  # why, when the line is not in the source document


def date_time_group(moment: dt.datetime) -> str:
    """ACP 127 date-time group DDHHMMZ MON YY, in Zulu (UTC)."""
    utc = moment.astimezone(dt.timezone.utc)
    return f"{utc:%d%H%M}Z {MONTHS[utc.month - 1]} {utc:%y}"


def julian_filing_time(moment: dt.datetime) -> str:
    """The filing time of the DE line: day of the year and HHMM, Zulu."""
    utc = moment.astimezone(dt.timezone.utc)
    return f"{utc.timetuple().tm_yday:03d}{utc:%H%M}"


ACP127_FRAMING = "ACP 127 framing: the form does not show the wire format (docs/history.md)."


def _reasons(message: Message, *keys: str) -> str:
    return " ".join(message.header.reconstructed[key] for key in keys if key in message.header.reconstructed)


def _acp127_header(message: Message) -> list[WireLine]:
    h = message.header
    precedence = h.get("precedence")
    handling = markup.wire_line(message.handling)
    to_line = " ".join(part for part in ("TO", h.get("to"), handling, PRECEDENCE_LETTERS[precedence], message.number) if part)

    def line(text: str, meaning: str, *keys: str, computed: str = "") -> WireLine:
        return WireLine(text, "header", meaning, " ".join(filter(None, (ACP127_FRAMING, computed, _reasons(message, *keys)))))

    filed = f"{message.filed:%d %b %Y %H:%M} {message.filed.tzname()}"

    return [
        line(f"ZCZC {h.get('transmission')}", "Start of message, then the transmission identification: channel and channel serial.", "transmission"),
        line(
            f"{precedence}{precedence} {' '.join(h.get('routing'))}",
            f"Precedence ({PRECEDENCE_LETTERS[precedence]}) for the relay stations, and the routing indicator of each station the message goes to.",
            "precedence",
            "routing",
        ),
        line(
            f"DE {h.get('originator')} #{h.get('serial')} {julian_filing_time(message.filed)}",
            "DE (from): the originating station's routing indicator, its station serial number, and the filing time as day of the year and Zulu time.",
            "originator",
            "serial",
            computed=f"The filing time is computed from the form's {filed}.",
        ),
        line(h.get("security"), "Transmission security: ZNR UUUUU marks an unclassified message.", "security"),
        line(
            f"{precedence} {date_time_group(message.filed)}",
            "Precedence and the date-time group: day, hour and minute in Zulu (UTC), month, year.",
            "precedence",
            computed=f"The date-time group is computed from the form's filing time, {filed}.",
        ),
        line(f"FM {h.get('from')}", "FM: the originator.", "from"),
        line(to_line, "TO: the action addressee, handling (NIACT: night action, deliver at any hour), precedence and the telegram's number.", "to"),
        line("BT", "Break: the text begins."),
        line(h.get("class"), "Classification of the text.", "class"),
    ]


def _acp127_trailer(message: Message) -> list[WireLine]:
    serial = _reasons(message, "serial")
    return [
        WireLine("BT", "trailer", "Break: the text ends.", ACP127_FRAMING),
        WireLine(f"#{message.header.get('serial')}", "trailer", "The station serial number again.", f"{ACP127_FRAMING} {serial}".strip()),
        WireLine("NNNN", "trailer", "End of message.", ACP127_FRAMING),
    ]


def _plain_header(message: Message) -> list[WireLine]:
    filed = message.filed
    handling = markup.wire_line(message.handling)
    lines = [
        WireLine(" ".join(part for part in (message.precedence, message.kind.upper()) if part), "header", "The kind of message."),
        WireLine(f"FM {message.sender}", "header", "The sender."),
        WireLine(" ".join(part for part in ("TO", message.addressee, message.number, handling) if part), "header", "The addressee, number and handling."),
        WireLine(
            f"{filed.day} {MONTHS[filed.month - 1]} {filed:%y} {filed.hour % 12 or 12}:{filed:%M} {filed:%p} {filed.tzname()}",
            "header",
            "The filing time, local.",
        ),
    ]
    if message.classification:
        lines.append(WireLine(message.classification, "header", "Classification."))
    return lines


def compose(message: Message, style: str | None = None) -> list[WireLine]:
    """The wire copy as logical lines (paragraphs unwrapped; the line discipline wraps)."""
    style = style or message.header.style
    if style == "acp127":
        header, trailer = _acp127_header(message), _acp127_trailer(message)
    else:
        header, trailer = _plain_header(message), [WireLine("NNNN", "trailer", "End of message.")]
    text: list[WireLine] = []
    for paragraph in message.wire_paragraphs():
        if text:
            text.append(WireLine(""))
        text.append(WireLine(paragraph))
    return header + text + trailer
