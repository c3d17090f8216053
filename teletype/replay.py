"""What a replay is made of: the message, its machine, and the user's overrides."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from teletype.message import Message, load_message
from teletype.profiles import Profile, get_profile
from teletype.schedule import Transmission, build

DEFAULT_PROFILE = "model28"


@dataclass(frozen=True)
class ReplayOptions:
    """Overrides from the command line; None keeps the message's own choice."""

    profile: str | None = None
    baud: float | None = None
    charset: str | None = None
    style: str | None = None
    strict: bool = False


def profile_for(message: Message, options: ReplayOptions) -> Profile:
    profile = get_profile(options.profile or message.profile or DEFAULT_PROFILE)
    return profile.with_options(baud=options.baud, charset=options.charset)


def build_transmission(path: Path, options: ReplayOptions) -> Transmission:
    message = load_message(path)
    return build(message, profile_for(message, options), style=options.style, strict=options.strict)
