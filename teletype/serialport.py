"""Serial ports: line settings, opening with one-line errors, and what was really set.

With teletype/sinks/serial.py this is the only code that imports pyserial; the replay
core never does. Everything here blocks: the sink calls it from its own thread.
termios and fcntl are imported where a device port is read back, so that listing
ports and URL ports work where there are none (Windows).
"""

from __future__ import annotations

import array
import errno
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

import serial
from serial.tools import list_ports

from teletype.codes import PARITIES
from teletype.errors import TeletypeError
from teletype.profiles import Profile

# pyserial's parity setting for each of teletype's names ("none": "N", "even": "E", …).
SERIAL_PARITY = {name.lower(): setting for setting, name in serial.PARITY_NAMES.items()}
STOP_BITS = {1.0: serial.STOPBITS_ONE, 1.5: serial.STOPBITS_ONE_POINT_FIVE, 2.0: serial.STOPBITS_TWO}
BYTE_SIZES = (5, 6, 7, 8)
MOTOR_LINES = ("none", "rts", "dtr")

# Rates every termios driver knows by name; a custom rate the driver refuses falls
# back to the nearest of these if it is within what a receiver tolerates.
STANDARD_RATES = (50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
RATE_TOLERANCE = 0.05

# A write that cannot go out within this time (flow control holding the line) is
# retried, so the thread is never stuck and quitting stays prompt.
WRITE_TIMEOUT = 0.25

# Linux drivers that send 1.5 stop bits when asked for two with 5 data bits, as the
# 16550 does; other adapters send two (ftdi_sio) or say nothing, so teletype paces
# for two there and never lets the chip's buffer run ahead of the screen.
HALF_STOP_DRIVERS = frozenset({"serial8250", "serial", "pl2303"})
# Since Linux 6.5 a UART's tty hangs off the serial core's own devices on this bus
# (drivers "port" and "ctrl"); the chip's driver is on the device above them.
SERIAL_CORE_BUS = "serial-base"
# termios reads back what a device port really took. Without it (Windows) pyserial
# raises when the driver refuses a setting, so what pyserial holds is what was set.
HAS_TERMIOS = os.name == "posix"


def frame_units(bytesize: int, parity: str, stopbits: float) -> float:
    """Bit times one code occupies: the start bit, the data bits, parity, the stop bits."""
    return 1 + bytesize + (0 if parity == "none" else 1) + stopbits


@dataclass(frozen=True)
class LineSettings:
    """How to drive the port: the UART frame and rate, flow control and the motor line."""

    port: str
    baud: float  # the UART's rate; the line's unless an interface retimes the codes
    bytesize: int
    parity: str
    stopbits: float
    rtscts: bool = False
    xonxoff: bool = False
    motor: str = "none"  # the modem-control line that switches the machine's motor
    motor_invert: bool = False
    char_time: float | None = None  # the machine's character time: a frame must fit in it

    @classmethod
    def for_profile(
        cls,
        port: str,
        profile: Profile,
        *,
        baud: float | None = None,
        bytesize: int | None = None,
        parity: str | None = None,
        stopbits: float | None = None,
        **flags,
    ) -> "LineSettings":
        """The profile's frame (5 data bits and 1.5 stop for 5-level machines), with overrides."""
        settings = cls(
            port=port,
            baud=profile.baud if baud is None else baud,
            char_time=profile.char_time if baud is None else None,
            bytesize=profile.data_bits if bytesize is None else bytesize,
            parity=profile.parity if parity is None else parity,
            stopbits=profile.uart_stop_bits if stopbits is None else float(stopbits),
            **flags,
        )
        settings.check()
        return settings

    def check(self) -> None:
        if not self.baud > 0:
            raise TeletypeError(f"the port's baud rate must be positive, not {self.baud:g}")
        if self.bytesize not in BYTE_SIZES:
            raise TeletypeError(f"unsupported setting: {self.bytesize} data bits (choose 5, 6, 7 or 8)")
        if self.parity not in PARITIES:
            raise TeletypeError(f"unsupported setting: parity '{self.parity}' (choose {', '.join(PARITIES)})")
        if self.stopbits not in STOP_BITS:
            raise TeletypeError(f"unsupported setting: {self.stopbits:g} stop bits (choose 1, 1.5 or 2)")
        if self.motor not in MOTOR_LINES:
            raise TeletypeError(f"unknown motor line '{self.motor}' (choose {', '.join(MOTOR_LINES)})")
        if self.motor == "rts" and self.rtscts:
            raise TeletypeError("--motor rts cannot be used with --rtscts: RTS is then the flow-control line (use --motor dtr)")

    @property
    def units(self) -> float:
        return frame_units(self.bytesize, self.parity, self.stopbits)

    def frame(self) -> str:
        return f"{self.bytesize}{self.parity[0].upper()}{self.stopbits:g}"

    def whole_rate(self) -> int:
        """The whole baud rate to ask termios for (it takes no fractions).

        Of the two whole rates around the machine's, prefer one at which a frame fits in
        the machine's character time (45.45 baud with 1.5 stop bits: 46, not 45), so the
        line can keep the period pace; the bit timing is then within 1-2 %, well inside
        what a receiving selector tolerates. Otherwise the nearest.
        """
        low, high = max(1, math.floor(self.baud)), math.ceil(self.baud)
        nearest = min((low, high), key=lambda rate: abs(rate - self.baud))
        if self.char_time is None:
            return nearest
        fitting = [rate for rate in (low, high) if self.units / rate <= self.char_time + 1e-9]
        return min(fitting, key=lambda rate: abs(rate - self.baud)) if fitting else nearest


@dataclass(frozen=True)
class LineSetup:
    """What the port was really set to, read back from the driver where there is one."""

    port: str
    kind: str  # "uart", "pty", or the URL scheme: "socket", "loop", "rfc2217", …
    baud_asked: float
    baud: float | None  # as set; None where the transport has no rate of its own
    pace_rate: float  # the rate the pacing counts with: as set, or the whole rate asked
    bytesize: int
    parity: str
    stopbits: float  # what the hardware sends: the pacing counts on it
    driver: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def has_wire(self) -> bool:
        """True when a UART in this machine sends the bits (not a pty or a network)."""
        return self.kind == "uart"

    @property
    def frame_time(self) -> float:
        """Seconds one code occupies the line at the rate and frame really set."""
        return frame_units(self.bytesize, self.parity, self.stopbits) / self.pace_rate

    def describe(self) -> str:
        if self.baud is None:
            rate = f"no line rate of its own, paced as {self.pace_rate:g} baud"
        elif self.baud == self.baud_asked:
            rate = f"{self.baud:g} baud"
        else:
            rate = f"{self.baud:g} baud (asked {self.baud_asked:g})"
        stop = f"{self.stopbits:g} stop bit" + ("" if self.stopbits == 1 else "s")
        frame = f"{self.bytesize} data bits, {'no' if self.parity == 'none' else self.parity} parity, {stop}"
        where = f"driver {self.driver}" if self.driver else self.kind
        text = f"{self.port}: {rate}, {frame} ({where})"
        return "; ".join((text, *self.notes))


class OpenPort:
    """An open pyserial port with what teletype learnt about it when opening."""

    def __init__(self, port, settings: LineSettings, setup: LineSetup):
        self.port = port
        self.settings = settings
        self.setup = setup
        # Only a UART's driver holds bytes back from the wire; a pty hands them over at once.
        self.queue_visible = setup.kind == "uart"
        self.marks_breaks = False
        self._marks = BreakMarks()

    def poll_input(self) -> tuple[bytes, int]:
        """Read what the device sent (keyboard, echo). Returns (data, BREAKs seen).

        Reading also finds a vanished device or peer: pyserial raises when a port
        that reports data to read returns none.
        """
        waiting = self.port.in_waiting
        if not waiting:
            return b"", 0
        data = self.port.read(waiting)
        if self.marks_breaks:
            return self._marks.feed(data)
        return data, 0

    def send_code(self, value: int) -> tuple[bool, bytes, int]:
        """Read what came in, then write one code: (written, data, BREAKs).

        Reading first finds a vanished device or a closed TCP peer before anything is
        written. written is False when flow control held the line for WRITE_TIMEOUT.
        """
        data, breaks = self.poll_input()
        try:
            self.port.write(bytes((value,)))
        except serial.SerialTimeoutException:
            return False, data, breaks
        return True, data, breaks

    def queued(self) -> int:
        """Bytes the driver still holds for the wire (0 where it cannot tell)."""
        return self.port.out_waiting if self.queue_visible else 0

    def set_motor(self, on: bool) -> None:
        level = on != self.settings.motor_invert
        if self.settings.motor == "rts":
            self.port.rts = level
        elif self.settings.motor == "dtr":
            self.port.dtr = level

    def cancel_write(self) -> None:
        cancel = getattr(self.port, "cancel_write", None)
        if cancel is not None:
            try:
                cancel()
            except (OSError, ValueError):
                pass

    def close(self) -> None:
        """Motor off, line marking (never left in BREAK), port closed; errors ignored."""
        for action in (lambda: self.set_motor(False), self._clear_break, self.port.close):
            try:
                action()
            except (serial.SerialException, OSError, ValueError):
                pass

    def _clear_break(self) -> None:
        if self.setup.has_wire:
            self.port.break_condition = False


class BreakMarks:
    """Undo the termios PARMRK marking: 0xFF 0x00 0x00 is a BREAK, 0xFF 0xFF a data 0xFF,
    0xFF 0x00 X a byte X received with a framing or parity error (kept as data)."""

    def __init__(self):
        self._pending = b""

    def feed(self, data: bytes) -> tuple[bytes, int]:
        data = self._pending + data
        out = bytearray()
        breaks = 0
        i = 0
        while i < len(data):
            byte = data[i]
            if byte != 0xFF:
                out.append(byte)
                i += 1
                continue
            if i + 1 >= len(data):
                break
            if data[i + 1] == 0xFF:
                out.append(0xFF)
                i += 2
                continue
            if i + 2 >= len(data):
                break
            if data[i + 2] == 0x00:
                breaks += 1
            else:
                out.append(data[i + 2])
            i += 3
        self._pending = data[i:]
        return bytes(out), breaks


# --- opening -----------------------------------------------------------------


def open_port(settings: LineSettings) -> OpenPort:
    """Open and configure the port, or raise TeletypeError saying what to do."""
    rate = settings.whole_rate()
    notes: list[str] = []
    try:
        port = _open(settings, rate)
    except ValueError as exc:
        fallback = _nearest_standard_rate(settings.baud)
        if "custom baud rate" not in str(exc) or fallback is None:
            raise port_error(exc, settings) from None
        port = _open_or_raise(settings, fallback)
        notes.append(f"the driver refused {rate} baud; set {fallback} ({(fallback / settings.baud - 1) * 100:+.1f}%), "
                     "the nearest standard rate")
    except (serial.SerialException, OSError) as exc:
        raise port_error(exc, settings) from None
    opened = OpenPort(port, settings, read_setup(port, settings, notes))
    if HAS_TERMIOS and opened.setup.kind in ("uart", "pty"):
        opened.marks_breaks = _mark_breaks(port)
    try:
        opened.set_motor(True)
    except (serial.SerialException, OSError, ValueError) as exc:
        opened.close()
        raise port_error(exc, settings) from None
    return opened


def _open(settings: LineSettings, rate: int):
    port = serial.serial_for_url(settings.port, do_not_open=True)
    port.baudrate = rate
    port.bytesize = settings.bytesize
    port.parity = SERIAL_PARITY[settings.parity]
    port.stopbits = STOP_BITS[settings.stopbits]
    port.rtscts = settings.rtscts
    port.xonxoff = settings.xonxoff
    port.timeout = 0
    port.write_timeout = WRITE_TIMEOUT
    port.exclusive = True  # two replays interleaved on one printer would be garbage
    if settings.motor != "none":
        # Keep the motor off until the port is configured; open() raises the line.
        off = settings.motor_invert
        if settings.motor == "rts":
            port.rts = off
        else:
            port.dtr = off
    port.open()
    return port


def _open_or_raise(settings: LineSettings, rate: int):
    try:
        return _open(settings, rate)
    except (serial.SerialException, OSError, ValueError) as exc:
        raise port_error(exc, settings) from None


def _nearest_standard_rate(baud: float) -> int | None:
    nearest = min(STANDARD_RATES, key=lambda rate: abs(rate - baud))
    return nearest if abs(nearest - baud) / baud <= RATE_TOLERANCE else None


def port_error(exc: BaseException, settings: LineSettings) -> TeletypeError:
    """One line for the user, saying what to do."""
    port = settings.port
    code = getattr(exc, "errno", None)
    text = str(exc)
    if isinstance(exc, ValueError) and "protocol" in text and "not known" in text:
        scheme = port.split("://", 1)[0]
        return TeletypeError(f"unknown port URL scheme '{scheme}://' in {port} (use a device path, socket://, rfc2217:// or loop://)")
    if code == errno.ENOENT or "No such file" in text:
        return TeletypeError(f"no such serial port {port} (see 'teletype ports'; a USB adapter is /dev/ttyUSB0 or /dev/ttyACM0)")
    if code in (errno.EACCES, errno.EPERM) or "Permission denied" in text:
        return TeletypeError(f"permission denied on {port}: add your user to the dialout group "
                             "(sudo usermod -aG dialout $USER), then log out and in again")
    if code in (errno.EBUSY, errno.EAGAIN) or "exclusively lock" in text:
        return TeletypeError(f"{port} is busy: another program has it open (a terminal program, a getty, ModemManager?)")
    if code == errno.ECONNREFUSED or "Connection refused" in text:
        return TeletypeError(f"cannot connect to {port}: connection refused (is the device server running?)")
    if isinstance(exc, ValueError) or code in (errno.EINVAL, errno.ENOTTY) or "configure port" in text:
        detail = text.split(": ", 1)[-1] if ": " in text else text
        return TeletypeError(f"unsupported setting on {port} ({settings.baud:g} baud, {settings.frame()}): {detail} "
                             "(see docs/hardware.md)")
    return TeletypeError(f"cannot use {port}: {text}")


# --- what was set ------------------------------------------------------------


def read_setup(port, settings: LineSettings, notes: list[str]) -> LineSetup:
    """Read back what the driver took; for URLs, and without termios, what pyserial holds."""
    kind = _kind(settings.port)
    if kind not in ("uart", "pty") or not HAS_TERMIOS:
        rate = port.baudrate
        has_rate = kind in ("uart", "rfc2217")  # an rfc2217 device server sets its UART to what is asked
        return LineSetup(settings.port, kind, settings.baud, rate if has_rate else None, rate,
                         settings.bytesize, settings.parity, settings.stopbits, None, tuple(notes))
    rate, bytesize, parity, cstopb = _termios_readback(port.fd)
    pace_rate = rate or port.baudrate
    if kind == "pty":
        # A pty keeps no frame (Linux forces 8 data bits, no parity); pace by what was asked.
        notes.append("a pseudo-terminal: no wire, the frame is not kept")
        return LineSetup(settings.port, kind, settings.baud, rate, pace_rate, settings.bytesize, settings.parity,
                         settings.stopbits, None, tuple(notes))
    driver = tty_driver(settings.port)
    stopbits = 1.0
    if cstopb:
        stopbits = 1.5 if bytesize == 5 and driver in HALF_STOP_DRIVERS else 2.0
        if settings.stopbits == 1.5 and stopbits == 2.0:
            notes.append("this driver has no 1.5 stop bits: it sends 2 and teletype paces for 2 "
                         "(--stopbits 1 lets teletype space the codes to the machine's exact frame)")
    notes.extend(driver_warnings(driver, rate or settings.baud, bytesize))
    return LineSetup(settings.port, kind, settings.baud, rate, pace_rate, bytesize, parity, stopbits, driver, tuple(notes))


def driver_warnings(driver: str | None, baud: float, bytesize: int) -> list[str]:
    """What a driver accepts but its chip cannot do (docs/hardware.md)."""
    warnings = []
    if driver == "ftdi_sio":
        if baud < 183:
            warnings.append("FTDI chips cannot go below 183 baud: the machine will print garbage")
        if bytesize < 7:
            warnings.append("FTDI chips send only 7 or 8 data bits")
    elif driver == "ch341" and baud < 46:
        warnings.append("the CH340/CH341 driver raises rates below 46 baud to 46")
    elif driver == "pl2303" and baud < 46:
        warnings.append("a PL2303 cannot divide below about 45.9 baud")
    return warnings


def _kind(name: str) -> str:
    if "://" in name:
        return name.split("://", 1)[0].lower()
    return "pty" if os.path.realpath(name).startswith("/dev/pts/") else "uart"


def _termios_readback(fd: int) -> tuple[float | None, int, str, bool]:
    """(output rate in baud, data bits, parity, CSTOPB set) as the driver holds them."""
    import fcntl
    import termios

    import serial.serialposix

    cflag, rate = None, None
    tcgets2 = getattr(serial.serialposix, "TCGETS2", None)
    if tcgets2 is not None:
        buf = array.array("i", [0] * 64)
        try:
            fcntl.ioctl(fd, tcgets2, buf)
            cflag, rate = buf[2], float(buf[10])  # struct termios2: c_cflag, …, c_ospeed
        except OSError:
            pass
    if cflag is None:
        attrs = termios.tcgetattr(fd)
        names = {getattr(termios, name): int(name[1:]) for name in dir(termios) if name[:1] == "B" and name[1:].isdigit()}
        cflag, rate = attrs[2], names.get(attrs[5])
    bytesize = {termios.CS5: 5, termios.CS6: 6, termios.CS7: 7, termios.CS8: 8}[cflag & termios.CSIZE]
    parity = "none"
    if cflag & termios.PARENB:
        sticky = cflag & serial.serialposix.CMSPAR
        odd = cflag & termios.PARODD
        parity = ("mark" if odd else "space") if sticky else ("odd" if odd else "even")
    return rate, bytesize, parity, bool(cflag & termios.CSTOPB)


def tty_driver(name: str, sysfs: Path = Path("/sys")) -> str | None:
    """The kernel driver behind a tty (Linux sysfs), e.g. ftdi_sio, ch341, pl2303, serial8250,
    passing over the serial core's own devices; SYSFS is where sysfs is mounted."""
    tty = Path(os.path.realpath(name)).name
    device = Path(os.path.realpath(sysfs / "class" / "tty" / tty / "device"))
    while _link_name(device / "subsystem") == SERIAL_CORE_BUS and device.parent != device:
        device = device.parent
    return _link_name(device / "driver")


def _link_name(link: Path) -> str | None:
    try:
        return Path(os.readlink(link)).name
    except OSError:
        return None


def _mark_breaks(port) -> bool:
    """Ask the tty to report a BREAK as 0xFF 0x00 0x00 instead of a bare NUL (or a flush)."""
    import termios

    try:
        attrs = termios.tcgetattr(port.fd)
        attrs[0] = (attrs[0] | termios.PARMRK) & ~(termios.IGNBRK | termios.BRKINT | termios.IGNPAR)
        termios.tcsetattr(port.fd, termios.TCSANOW, attrs)
    except (termios.error, OSError):
        return False
    return True


# --- listing -------------------------------------------------------------------


@dataclass(frozen=True)
class PortInfo:
    device: str
    description: str
    hwid: str
    stable_name: str | None  # /dev/serial/by-id/…: the same after a replug


def serial_ports() -> list[PortInfo]:
    by_id = {}
    folder = Path("/dev/serial/by-id")
    if folder.is_dir():
        for link in folder.iterdir():
            by_id[os.path.realpath(link)] = str(link)
    ports = []
    for info in sorted(list_ports.comports(), key=lambda info: info.device):
        description = info.description if info.description not in (None, "n/a") else ""
        hwid = info.hwid if info.hwid not in (None, "n/a") else ""
        ports.append(PortInfo(info.device, description, hwid, by_id.get(os.path.realpath(info.device))))
    return ports
