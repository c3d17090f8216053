"""Command-line value types shared by every command that takes them."""

from __future__ import annotations

import argparse
import math

SLOWEST_SPEED = 0.1  # a tenth of the period speed; slower is no replay at all


def parse_speed(text: str) -> float:
    """A speed factor: 1 is the period speed; 4, 10 … or max."""
    if text.lower() == "max":
        return math.inf
    try:
        value = float(text.rstrip("xX"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a speed factor (a number such as 4, or max)") from None
    if not SLOWEST_SPEED <= value < math.inf:
        raise argparse.ArgumentTypeError(f"the speed factor must be from {SLOWEST_SPEED:g} up, or max, not '{text}'")
    return value


def parse_baud(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a baud rate (a number such as 45.45)") from None
    if not 0 < value < 10_000_000:
        raise argparse.ArgumentTypeError(f"the baud rate must be a positive number, not '{text}'")
    return value
