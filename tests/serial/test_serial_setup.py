"""What the port was set to, without a port: the frame's length, the kernel driver
behind a tty (a fake sysfs), and a platform without termios (Windows)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from teletype.profiles import get_profile
from teletype.serialport import HALF_STOP_DRIVERS, LineSettings, LineSetup, read_setup, tty_driver

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("profile_name, units", [("model28", 7.5), ("telex", 7.5), ("model33", 11), ("glass", 10)])
def test_the_settings_and_the_setup_count_the_same_frame(profile_name, units):
    settings = LineSettings.for_profile("/dev/ttyUSB0", get_profile(profile_name))
    setup = LineSetup(settings.port, "uart", settings.baud, 110, 110, settings.bytesize, settings.parity, settings.stopbits)
    assert settings.units == units
    assert setup.frame_time == pytest.approx(units / 110)


def link(path: Path, target: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(os.path.relpath(target, path.parent))


def device(sysfs: Path, path: str, bus: str, driver: str) -> Path:
    """A device in a fake sysfs, on BUS and bound to DRIVER."""
    folder = sysfs / "devices" / path
    folder.mkdir(parents=True, exist_ok=True)
    link(folder / "subsystem", sysfs / "bus" / bus)
    link(folder / "driver", sysfs / "bus" / bus / "drivers" / driver)
    return folder


@pytest.fixture
def sysfs(tmp_path):
    root = tmp_path / "sys"
    # Linux 6.5 and later: a PC's COM port under the serial core's port and controller devices.
    device(root, "pnp0/00:00", "pnp", "serial")
    device(root, "pnp0/00:00/00:00:0", "serial-base", "ctrl")
    link(root / "class/tty/ttyS0/device", device(root, "pnp0/00:00/00:00:0/00:00:0.0", "serial-base", "port"))
    # Before 6.5: the tty straight under the platform device.
    link(root / "class/tty/ttyS1/device", device(root, "platform/serial8250", "platform", "serial8250"))
    # A USB adapter, reached through its stable name.
    usb = device(root, "pci0000:00/usb1/1-1/1-1:1.0/ttyUSB0", "usb-serial", "ftdi_sio")
    link(root / "class/tty/ttyUSB0/device", usb)
    link(tmp_path / "dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A1-if00-port0", tmp_path / "dev/ttyUSB0")
    # A virtual terminal: no device at all.
    (root / "class/tty/tty1").mkdir(parents=True)
    return root


def test_the_driver_of_a_com_port_is_the_uarts_not_the_serial_cores(sysfs):
    dev = sysfs.parent / "dev"
    assert tty_driver(str(dev / "ttyS0"), sysfs) == "serial"
    assert tty_driver(str(dev / "ttyS0"), sysfs) in HALF_STOP_DRIVERS  # 1.5 stop bits: not paced as 2


def test_the_driver_of_other_ttys(sysfs):
    dev = sysfs.parent / "dev"
    assert tty_driver(str(dev / "ttyS1"), sysfs) == "serial8250"
    assert tty_driver(str(dev / "serial/by-id/usb-FTDI_FT232R_USB_UART_A1-if00-port0"), sysfs) == "ftdi_sio"
    assert tty_driver(str(dev / "tty1"), sysfs) is None
    assert tty_driver(str(dev / "ttyNOSUCH"), sysfs) is None


def test_without_termios_a_device_port_is_what_pyserial_set(monkeypatch):
    monkeypatch.setattr("teletype.serialport.HAS_TERMIOS", False)
    settings = LineSettings.for_profile("COM3", get_profile("model28"))
    setup = read_setup(SimpleNamespace(baudrate=46), settings, [])
    assert (setup.kind, setup.baud, setup.pace_rate, setup.stopbits, setup.driver) == ("uart", 46, 46, 1.5, None)
    assert setup.describe() == "COM3: 46 baud (asked 45.45), 5 data bits, no parity, 1.5 stop bits (uart)"


def test_ports_and_url_ports_work_without_termios_and_fcntl():
    code = "\n".join((
        "import sys",
        "import serial, serial.tools.list_ports  # pyserial's own platform modules, as on Windows",
        "sys.modules['fcntl'] = sys.modules['termios'] = None  # which has neither",
        "from teletype.cli import main",
        "assert main(['ports']) == 0",
        "sys.exit(main(['play', '--plain', '-p', 'glass', '--speed', 'max', '--port', 'loop://', '--port-baud', '115200']))",
    ))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "teletype: loop://: no line rate of its own" in result.stderr
    assert result.stdout.rstrip().endswith("NNNN")
