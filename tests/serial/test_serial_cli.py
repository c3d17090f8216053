"""The command line: play --port, selftest, ports, one-line errors, Ctrl-C while held."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import serial

from teletype.cli import main
from teletype.profiles import get_profile
from teletype.selftest import selftest_events
from teletype.serialport import LineSettings, port_error

from .conftest import HANG_GUARD
from tests.independent_decoder import paper

ROOT = Path(__file__).resolve().parents[2]
QUIT_LIMIT = 3.0  # seconds: teletype quits within one; three for a loaded machine


def test_play_on_a_port_sends_exactly_what_encode_writes(pty_pair, tmp_path, capsys):
    options = ["--profile", "model33"]
    assert main(["encode", *options, "-o", str(tmp_path / "codes")]) == 0
    expected = (tmp_path / "codes").read_bytes()
    assert main(["play", "--plain", *options, "--port", pty_pair.path, "--port-baud", "115200", "--speed", "max"]) == 0
    assert pty_pair.reader.wait_for(len(expected)) == expected
    out, err = capsys.readouterr()
    assert f"{pty_pair.path}: 115200 baud" in err
    assert "the replay goes at the line's pace, not at --speed max" in err
    # The screen showed what the paper printed.
    assert out.replace("\r", "") == paper(expected, get_profile("model33"))


def test_selftest_prints_the_set_up_page(pty_pair, capsys):
    assert main(["selftest", "--port", pty_pair.path, "--profile", "model28", "--port-baud", "115200", "--speed", "max"]) == 0
    profile = get_profile("model28")
    out, _ = capsys.readouterr()
    expected = bytes(event.code.value for event in selftest_events(profile))
    assert pty_pair.reader.wait_for(len(expected)) == expected
    page = paper(expected, profile)
    assert page.startswith("RY" * 36 + "\n")
    assert "THE QUICK BROWN FOX JUMPED OVER A LAZY DOG'S BACK 1234567890\n" in page
    assert "ABCDEFGHIJKLMNOPQRSTUVWX\nABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF\n" in page
    assert "123456789012345678901234567890123456789012345678901234567890123456789012\n" in page
    for char in "EASIUDRJNFCKTZLWHYPQOBGMXV3-87$4',!:(5\")2#6019?&./;":
        assert char in page
    assert page.rstrip("\n").endswith("END OF TEST") and out.replace("\r", "") == page


def test_ports_lists_what_pyserial_finds(monkeypatch, capsys):
    found = [SimpleNamespace(device="/dev/ttyUSB0", description="FT232R USB UART", hwid="USB VID:PID=0403:6001 SER=A1")]
    monkeypatch.setattr("serial.tools.list_ports.comports", lambda: found)
    assert main(["ports"]) == 0
    assert capsys.readouterr().out == "/dev/ttyUSB0  FT232R USB UART  USB VID:PID=0403:6001 SER=A1\n"
    monkeypatch.setattr("serial.tools.list_ports.comports", lambda: [])
    assert main(["ports"]) == 0
    assert "no serial ports found" in capsys.readouterr().err


@pytest.mark.parametrize("exc, says", [
    (serial.SerialException(errno.ENOENT, "could not open port /dev/ttyUSB0: [Errno 2] No such file or directory"),
     "no such serial port /dev/ttyUSB0"),
    (serial.SerialException(errno.EACCES, "could not open port /dev/ttyUSB0: [Errno 13] Permission denied"),
     "add your user to the dialout group"),
    (serial.SerialException(errno.EBUSY, "could not open port /dev/ttyUSB0: [Errno 16] Device or resource busy"),
     "is busy: another program has it open"),
    (ValueError("Failed to set custom baud rate (45): [Errno 22] Invalid argument"), "unsupported setting on /dev/ttyUSB0"),
    (serial.SerialException("Could not configure port: (22, 'Invalid argument')"), "unsupported setting on /dev/ttyUSB0"),
])
def test_port_errors_say_what_to_do_in_one_line(exc, says):
    message = str(port_error(exc, LineSettings.for_profile("/dev/ttyUSB0", get_profile("model28"))))
    assert says in message and "\n" not in message


@pytest.mark.parametrize("argv, says", [
    (["play", "--plain", "--port", "/dev/ttyNOSUCH"], "no such serial port /dev/ttyNOSUCH"),
    (["play", "--plain", "--port", "loop://", "--motor", "rts", "--rtscts"], "--motor rts cannot be used with --rtscts"),
    (["selftest", "--port", "nosuch://x"], "unknown port URL scheme 'nosuch://'"),
])
def test_a_bad_port_is_one_line_and_exit_status_2(argv, says, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("teletype: " + says) and err.count("\n") == 1


def test_ctrl_c_while_flow_control_holds_exits_within_a_second(pty_pair):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [sys.executable, "-m", "teletype", "play", "--plain", "--profile", "glass", "--xonxoff", "--port", pty_pair.path],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    err_lines: list[str] = []
    held = threading.Event()

    def read_err():
        for raw in process.stderr:
            err_lines.append(raw.decode())
            if "printer held" in err_lines[-1]:
                held.set()

    err_reader = threading.Thread(target=read_err, daemon=True)
    err_reader.start()
    try:
        assert pty_pair.reader.wait_for(1), "nothing was sent"
        # The terminal sends XOFF until teletype says the line is held.
        deadline = time.monotonic() + HANG_GUARD
        while not held.wait(0.05):
            assert process.poll() is None and time.monotonic() < deadline, "".join(err_lines)
            os.write(pty_pair.master, b"\x13")
        started = time.monotonic()
        process.send_signal(signal.SIGINT)
        status = process.wait(timeout=HANG_GUARD)
        took = time.monotonic() - started
    finally:
        process.kill()
    err_reader.join(HANG_GUARD)  # to the end of what the process wrote
    err = "".join(err_lines)
    assert status == 130 and "Traceback" not in err
    assert took < QUIT_LIMIT, f"took {took:.2f} s"


def test_the_command_line_does_not_load_pyserial_until_a_port_is_used():
    code = "import sys, teletype.cli; print(sorted(m for m in sys.modules if m.split('.')[0] == 'serial'))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"


def test_a_break_from_the_machine_stops_the_replay_and_says_so():
    import io

    from teletype.serialcli import StatusReport

    stopped = []
    player = SimpleNamespace(stop=lambda: stopped.append(True))
    line = SimpleNamespace(sent=42, dropped=0, status_text=lambda: "printer offline: gone; retrying in 1 s")
    stream = io.StringIO()
    report = StatusReport(stream, player, stop_on_break=True)
    report("offline", line)
    report("resync", line)
    report("online", line)
    report("break", line)
    assert stopped == [True]
    assert stream.getvalue().splitlines() == [
        "teletype: printer offline: gone; retrying in 1 s",
        "teletype: re-synced the machine: a new line and its shift",
        "teletype: printer back online; continuing from code 43",
        "teletype: BREAK from the machine: replay stopped after 42 codes",
    ]
