"""`teletype kiosk --check CONFIG`: one line per problem; exit 0 when the kiosk can run."""

from __future__ import annotations

import sys
import types

from teletype.cli import main

from .conftest import BROKEN, SHORT


def run(capsys, *argv) -> tuple[int, list[str], list[str]]:
    status = main(["kiosk", *argv])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err.splitlines()


def test_a_good_config_checks_ok(tmp_path, capsys):
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"playlist: [{SHORT}]\nlog: {{file: {tmp_path}/kiosk.log}}\n")
    status, out, err = run(capsys, "--check", str(config))
    assert status == 0 and err == []
    assert out == [f"{config}: ok: 1 of 1 message(s) to loop; visitor controls: pause, slower, faster, next, previous, info; "
                   f"exit keys: ctrl+x ctrl+x ctrl+q; log: {tmp_path}/kiosk.log"]


def test_a_message_that_fails_is_a_warning_the_kiosk_skips(tmp_path, capsys):
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"playlist: [{BROKEN}, {SHORT}]\nexit_keys: []\nlog: {{file: {tmp_path}/kiosk.log}}\n")
    status, out, _ = run(capsys, "--check", str(config))
    assert status == 0
    assert out[0] == f"{BROKEN}:3:1: warning: invalid YAML: did not find expected ',' or ']' (the kiosk skips it)"
    assert out[1].startswith(f"{config}: ok: 1 of 2 message(s)") and "exit keys: none (only a signal ends the kiosk)" in out[1]


def test_no_message_to_replay_is_an_error(tmp_path, capsys):
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"playlist: [{BROKEN}]\nlog: {{file: {tmp_path}/kiosk.log}}\n")
    status, out, err = run(capsys, "--check", str(config))
    assert status == 2
    assert out == [f"{BROKEN}:3:1: warning: invalid YAML: did not find expected ',' or ']' (the kiosk skips it)"]
    assert err == [f"teletype: {config}: no message in the playlist can be replayed (1 found)"]


def test_a_config_error_is_one_line_and_status_2(tmp_path, capsys):
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"playlist: [{SHORT}]\ntimings:\n  hold: -1\n")
    status, out, err = run(capsys, "--check", str(config))
    assert status == 2 and out == []
    assert err == [f"{config}:3:9: 'timings.hold' must be at least 0, not -1"]


def test_setup_problems_are_warnings(tmp_path, capsys):
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"playlist: [{SHORT}]\nprofile: model28\nprinter: {{port: {tmp_path}/ttyUSB9}}\n"
                      f"log: {{file: {tmp_path}/kiosk.log}}\n")
    status, out, _ = run(capsys, "--check", str(config))
    assert status == 0
    assert out[0] == f"{config}: warning: no {tmp_path}/ttyUSB9 just now: the kiosk keeps trying to open it"


def test_the_kiosk_wants_a_terminal(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"playlist: [{SHORT}]\nlog: {{file: {tmp_path}/kiosk.log}}\n")
    status, _, err = run(capsys, str(config))  # pytest's standard input is not a terminal
    assert status == 2 and err == ["teletype: the kiosk needs a terminal (or --serve for a web browser)"]


def test_serve_without_textual_serve_says_what_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # as if not installed
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"playlist: [{SHORT}]\n")
    status, _, err = run(capsys, "--serve", str(config))
    assert status == 2 and err == ["teletype: --serve needs textual-serve: pip install textual-serve (see docs/kiosk.md)"]


def test_serve_runs_the_kiosk_for_each_page_on_this_machine_only(tmp_path, capsys, monkeypatch):
    served = {}

    class Server:
        def __init__(self, command, host, port, title):
            served.update(command=command, host=host, port=port, title=title)

        def serve(self):
            served["serving"] = True

    package = types.ModuleType("textual_serve")
    module = types.ModuleType("textual_serve.server")
    module.Server = Server
    monkeypatch.setitem(sys.modules, "textual_serve", package)
    monkeypatch.setitem(sys.modules, "textual_serve.server", module)
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"playlist: [{SHORT}]\ntitle: The Wire Room\n")
    status, _, _ = run(capsys, "--serve", str(config))
    assert status == 0 and served["serving"]
    assert served["host"] == "127.0.0.1" and served["port"] == 8000 and served["title"] == "The Wire Room"
    assert served["command"] == f"{sys.executable} -m teletype kiosk {config}"
