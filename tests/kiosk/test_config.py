"""The kiosk's config file: what it sets, and every mistake as one line FILE:LINE:COL."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from teletype.errors import TeletypeError
from teletype.kiosk.chord import ExitChord
from teletype.kiosk.config import DEFAULT_EXIT_KEYS, load_config

from .conftest import DATA, SHORT

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "deploy" / "kiosk.example.yaml"


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "kiosk.yaml"
    path.write_text(text)
    return path


def test_the_example_config_loads():
    config = load_config(EXAMPLE)
    assert config.playlist == (EXAMPLE.parent / "../messages",)
    assert config.profile == "model28" and config.speed == 1 and config.title == "The Teletype Room"
    assert "quit" not in config.controls and "pause" in config.controls
    assert config.exit_keys == ("ctrl+x", "ctrl+x", "ctrl+q")
    assert config.timings.attract == 30 and config.timings.idle == 180
    assert config.printer is None and config.web.host == "127.0.0.1"


def test_a_minimal_config_takes_the_defaults(tmp_path):
    config = load_config(write(tmp_path, f"playlist: {DATA}\n"))
    assert config.playlist == (DATA,)
    assert config.exit_keys == DEFAULT_EXIT_KEYS and config.speed == 1 and config.theme is None
    assert config.log.file.name == "kiosk.log" and config.log.place_file.name == "kiosk.place"


def test_keys_speed_and_paths(tmp_path):
    (tmp_path / "messages").mkdir()
    config = load_config(write(tmp_path, (
        "playlist: [messages]\n"
        "speed: max\n"
        "controls: [pause, next]\n"
        "keys:\n  pause: [enter, '5']\n"
        "exit_keys: [f12, ctrl+x, '+']\n"
        "log: {file: logs/kiosk.log, backups: 2}\n"
    )))
    assert config.playlist == (tmp_path / "messages",)  # relative to the config file
    assert config.log.file == tmp_path / "logs" / "kiosk.log" and config.log.backups == 2
    assert math.isinf(config.speed)
    assert config.keymap == {"pause": "enter,5"}
    assert config.visitor_keys() == {"enter": "pause", "5": "pause", "n": "next"}
    assert config.exit_keys == ("f12", "ctrl+x", "plus")


def test_a_printer_needs_the_machine_and_gets_line_settings(tmp_path):
    config = load_config(write(tmp_path, (
        f"playlist: {SHORT}\nprofile: model28\n"
        "printer:\n  port: socket://localhost:4000\n  stopbits: 1\n  motor: dtr\n  motor_idle: 0\n"
    )))
    assert config.printer.port == "socket://localhost:4000" and config.printer.stopbits == 1.0
    assert config.printer.motor == "dtr" and config.printer.motor_idle is None


@pytest.mark.parametrize(
    "text, error",
    [
        ("profile: model28\n", "kiosk.yaml:1:1: missing required key 'playlist' (the message files or directories to loop through)"),
        ("playlist: [{short}]\nplaylst: []\n", "kiosk.yaml:2:1: unknown key 'playlst' (expected one of: controls, exit_keys, keys, log, playlist, printer, profile, speed, theme, timings, title, web)"),
        ("playlist: [{short}, nowhere.yaml]\n", "kiosk.yaml:1:{col}: no such file or directory: nowhere.yaml"),
        ("playlist: []\n", "kiosk.yaml:1:11: 'playlist' must be a message file or directory, or a list of them"),
        ("playlist: {short}\nspeed: fast\n", "kiosk.yaml:2:8: 'speed' must be a positive number (1 is the period speed) or max, not 'fast'"),
        ("playlist: {short}\nspeed: 0\n", "kiosk.yaml:2:8: 'speed' must be a positive number (1 is the period speed) or max, not 0"),
        ("playlist: {short}\nprofile: model99\n", "kiosk.yaml:2:10: unknown profile 'model99' (choose from glass, model15, model28, model28-100, model28-75, model33, telex)"),
        ("playlist: {short}\ntheme: neon\n", "kiosk.yaml:2:8: unknown theme 'neon' (choose from amber, console, green, paper)"),
        ("playlist: {short}\ntimings: {{attract: -5}}\n", "kiosk.yaml:2:20: 'timings.attract' must be at least 0, not -5"),
        ("playlist: {short}\ntimings: {{idle: soon}}\n", "kiosk.yaml:2:17: 'timings.idle' must be a number, not text"),
        ("playlist: {short}\ntimings: {{rescan: 0}}\n", "kiosk.yaml:2:19: 'timings.rescan' must be at least 1, not 0"),
        ("playlist: {short}\ntimings: {{linger: 5}}\n", "kiosk.yaml:2:11: unknown key 'linger' (expected one of: attract, hold, idle, rescan)"),
        ("playlist: {short}\ncontrols: [pause, quit]\n", "kiosk.yaml:2:19: 'quit' cannot be a visitor control: the kiosk is left only by its exit_keys or a signal"),
        ("playlist: {short}\ncontrols: [theme]\n", "kiosk.yaml:2:12: 'theme' cannot be a visitor control: the kiosk's theme is set with 'theme'"),
        ("playlist: {short}\ncontrols: [pause, fly]\n", "kiosk.yaml:2:19: unknown control 'fly' (choose from pause, step, slower, faster, restart, previous, next, pick, info, facsimile, tape, explain)"),
        ("playlist: {short}\ncontrols: pause\n", "kiosk.yaml:2:11: 'controls' must be a list of the controls visitors may use, e.g. [pause, faster], not text"),
        ("playlist: {short}\ncontrols: [pause]\nkeys: {{next: x}}\n", "kiosk.yaml:3:8: keys given to 'next', which is not one of the visitor controls (pause)"),
        ("playlist: {short}\ncontrols: [pause, next]\nkeys: {{pause: n}}\n", "kiosk.yaml:3:15: key 'n' given to 'pause' is still the default key of 'next'; give 'next' another key too"),
        ("playlist: {short}\nexit_keys: [ctrl+x]\n", "kiosk.yaml:2:12: 'exit_keys' needs two keys or more pressed in turn (a single key is too easily hit), or [] for none"),
        ("playlist: {short}\nexit_keys: [ctrl+x, space]\n", "kiosk.yaml:2:21: exit key 'space' is the key of the visitor control 'pause'"),
        ("playlist: {short}\nexit_keys: [ctrl+x, hyper+y]\n", "kiosk.yaml:2:21: unknown modifier 'hyper' in 'hyper+y' (the modifiers are ctrl+, shift+ and alt+)"),
        ("playlist: {short}\nexit_keys: ctrl+x\n", "kiosk.yaml:2:12: 'exit_keys' must be a list of keys pressed in turn, e.g. [ctrl+x, ctrl+x, ctrl+q]"),
        ("playlist: {short}\nprinter: {{port: /dev/ttyUSB0}}\n", "kiosk.yaml:2:10: a printer needs 'profile': the machine on the port, for every message"),
        ("playlist: {short}\nprofile: model28\nprinter: {{port: /dev/ttyUSB0, baud: 50}}\n", "kiosk.yaml:3:31: unknown key 'baud' (expected one of: bytesize, motor, motor_idle, motor_invert, parity, port, port_baud, rtscts, stopbits, xonxoff)"),
        ("playlist: {short}\nprofile: model28\nprinter: {{port: /dev/ttyUSB0, parity: sometimes}}\n", "kiosk.yaml:3:39: unknown parity 'sometimes' (choose from none, even, odd, mark, space)"),
        ("playlist: {short}\nprofile: model28\nprinter: {{port: /dev/ttyUSB0, motor: rts, rtscts: true}}\n", "kiosk.yaml:3:10: --motor rts cannot be used with --rtscts: RTS is then the flow-control line (use --motor dtr)"),
        ("playlist: {short}\nlog: {{backups: 0}}\n", "kiosk.yaml:2:16: 'log.backups' must be at least 1, not 0"),
        ("playlist: {short}\nweb: {{port: 80000}}\n", "kiosk.yaml:2:13: 'web.port' must be from 1 to 65535, not 80000"),
        ("playlist: {short}\nrtscts: yes\n", "kiosk.yaml:2:1: unknown key 'rtscts' (expected one of: controls, exit_keys, keys, log, playlist, printer, profile, speed, theme, timings, title, web)"),
        ("- {short}\n", "kiosk.yaml:1:1: the kiosk configuration must be a mapping of keys to values, not a list"),
        ("playlist: [unclosed\n", "kiosk.yaml:2:1: invalid YAML: did not find expected ',' or ']'"),
    ],
)
def test_each_mistake_is_one_line_with_its_place(tmp_path, monkeypatch, text, error):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, text.format(short=SHORT))
    with pytest.raises(TeletypeError) as caught:
        load_config(Path("kiosk.yaml"))
    assert str(caught.value) == error.format(col=len(f"playlist: [{SHORT}, ") + 1)


def test_the_exit_chord_wants_its_keys_in_turn_within_the_window():
    chord = ExitChord(["ctrl+x", "ctrl+x", "ctrl+q"], window=5)
    assert not chord.press("ctrl+x", 0) and not chord.press("ctrl+x", 1)
    assert chord.press("ctrl+q", 2)
    assert not any(chord.press(key, 10 + t) for t, key in enumerate(["ctrl+x", "a", "ctrl+x", "ctrl+q"]))
    assert not chord.press("ctrl+x", 20) and not chord.press("ctrl+x", 23)
    assert not chord.press("ctrl+q", 26)  # six seconds from its first key: too slow
    assert not ExitChord([]).press("ctrl+x", 0)


def test_exit_keys_are_written_as_textual_reports_them(tmp_path):
    config_file = tmp_path / "kiosk.yaml"
    config_file.write_text(f"playlist: {SHORT}\nexit_keys: [shift+ctrl+x, ctrl+Q, f12]\n")
    assert load_config(config_file).exit_keys == ("ctrl+shift+x", "ctrl+shift+q", "f12")
