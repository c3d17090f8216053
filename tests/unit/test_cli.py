import subprocess
import sys

import pytest

from teletype.cli import main
from teletype.message import load_message
from teletype.profiles import get_profile
from teletype.schedule import build

from tests.independent_decoder import decode_ascii, decode_five_level


def test_plain_replay_prints_what_render_prints(capsys):
    assert main(["render"]) == 0
    rendered = capsys.readouterr().out
    assert main(["play", "--plain", "--speed", "max"]) == 0
    played = capsys.readouterr().out
    assert played == rendered
    assert played.startswith("ZCZC WTE015\nOO RUEHMO\nDE RUEHC #1015 3010005\n")
    assert played.rstrip().endswith("RUSK\nBT\n#1015\nNNNN")


def test_render_facsimile_shows_the_form_with_its_marks(capsys):
    assert main(["render", "--view", "facsimile"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("URGENT TELEGRAM Department of State")
    assert "~~del~~" in out and "NLACT" in out and out.rstrip().endswith("RUSSK")


def test_render_plain_style(capsys):
    assert main(["render", "--style", "plain", "--profile", "glass"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("URGENT TELEGRAM\nFM Department of State\n")
    assert "I have read your letter of October 26" in out  # glass keeps lower case


def test_encode_writes_the_line_bytes(tmp_path, telegram_path, capsys):
    out = tmp_path / "telegram.bin"
    assert main(["encode", "--profile", "telex", "-o", str(out)]) == 0
    expected = build(load_message(telegram_path), get_profile("telex")).line_bytes()
    assert out.read_bytes() == expected
    text = decode_five_level(expected, "ita2")
    assert "OFFENSIVE MISSILE BASES IN CUBA" in " ".join(text.split())
    err = capsys.readouterr().err
    assert "6 character(s) substituted for ITA2" in err and f"wrote {len(expected)} codes" in err


def test_encode_to_a_pipe():
    result = subprocess.run([sys.executable, "-m", "teletype", "encode", "--profile", "model33"], capture_output=True)
    assert result.returncode == 0
    assert result.stdout[:4] == b"Z\xc3Z\xc3"  # Z (four ones) and C (three ones, parity bit set)


def test_profiles_table(capsys):
    assert main(["profiles"]) == 0
    out = capsys.readouterr().out
    model28 = next(line for line in out.splitlines() if line.startswith("model28 "))
    assert "45.45" in model28 and "1+5+0+1.42=7.42" in model28 and "163.3" in model28 and "6.13" in model28


def test_list(capsys):
    assert main(["list"]) == 0
    assert "1962-10-27-kennedy-to-khrushchev" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["play", "--plain", "nosuch"], "teletype: no message with id 'nosuch' (see 'teletype list')"),
        (["render", "missing.yaml"], "missing.yaml: no such file"),
        (["render", "--profile", "telex", "--strict"], "wire copy line 3, column 10: ITA2 cannot carry '#'"),
        (["encode", "-o", "/nonexistent/dir/x.bin"], "teletype: cannot write /nonexistent/dir/x.bin: No such file or directory"),
    ],
)
def test_user_errors_are_one_line_and_status_2(capsys, argv, expected):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert expected in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("argv", [["play", "--speed", "fast"], ["play", "--speed", "0"], ["play", "--speed", "1e-300"], ["play", "--baud", "-3"], ["render", "--profile", "model99"]])
def test_bad_options_exit_2_without_traceback(capsys, argv):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "error:" in err and "Traceback" not in err


@pytest.mark.parametrize("command", ["play", "render", "encode", "list", "profiles", "validate"])
def test_every_command_has_help(capsys, command):
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    assert "usage: teletype " + command in capsys.readouterr().out


def test_entry_point_runs_as_a_module():
    result = subprocess.run([sys.executable, "-m", "teletype", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("teletype ")


def test_an_internal_error_is_one_line_not_a_traceback(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("teletype.cli.build_transmission", broken)
    assert main(["render"]) == 1
    err = capsys.readouterr().err
    assert err == "teletype: internal error: RuntimeError: a bug (run with TELETYPE_DEBUG=1 for the traceback)\n"


def test_validate_goes_on_after_a_loader_bug(monkeypatch, tmp_path, telegram_path, capsys):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(telegram_path.read_text(encoding="utf-8"), encoding="utf-8")
    real = __import__("teletype.message", fromlist=["load_message"]).load_message

    def flaky(path):
        if path.name == "a.yaml":
            raise RuntimeError("a bug")
        return real(path)

    monkeypatch.setattr("teletype.cli.load_message", flaky)
    assert main(["validate", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "a.yaml: internal error: RuntimeError: a bug" in err and "1 of 2 message file(s) valid" in err
