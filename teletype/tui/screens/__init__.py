"""Screens over the replay."""
