"""Sinks of the player: each is told which codes go out now."""
