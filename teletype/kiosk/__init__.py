"""Museum kiosk mode: the replay screen looping a playlist, unattended and locked.

config.py reads and checks the kiosk's YAML file (no Textual); playlist.py finds the
messages and remembers the place; log.py is the curator's log; app.py is the screen;
run.py starts it, restarts it if it ever dies, and leaves on the exit keys or a signal.
"""
