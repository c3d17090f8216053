"""The Textual replay screen: paper, tape, status, info, facsimile and explain mode.

Everything Textual lives under this package; the core never imports it.
"""
