import subprocess
import sys

CORE = ["teletype.message", "teletype.markup", "teletype.compose", "teletype.line", "teletype.codes",
        "teletype.profiles", "teletype.schedule", "teletype.player", "teletype.clock", "teletype.sinks",
        "teletype.sinks.plain", "teletype.replay", "teletype.yamlsource", "teletype.errors", "teletype.selftest",
        "teletype.argtypes", "teletype.kiosk.config"]


def test_core_imports_neither_textual_nor_pyserial():
    code = (
        f"import sys\nfor name in {CORE!r}:\n    __import__(name)\n"
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'serial', 'rich'))\n"
        "print(','.join(leaked))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
