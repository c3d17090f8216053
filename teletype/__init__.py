"""Replay historical telegrams at the real line speed of period teleprinters."""

__version__ = "0.1.0"
