"""`teletype kiosk`: check the config, or run the kiosk until the exit keys or a signal.

The screen runs inside a loop that starts it again if it ever dies (logged, never
shown), carrying on from the message it was replaying; the printer stays open
across such restarts. SIGTERM and SIGINT end the kiosk cleanly, terminal restored.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import shlex
import signal
import sys
import time
from contextlib import redirect_stderr
from pathlib import Path

from teletype.errors import Location, TeletypeError
from teletype.kiosk.config import KioskConfig, default_config, load_config
from teletype.kiosk.log import LogWriter, close_log, minutes, open_log
from teletype.kiosk.playlist import Place, scan
from teletype.replay import ReplayOptions, build_transmission

FIRST_RESTART_WAIT = 1.0  # seconds before the screen is started again after it died; doubles
LONGEST_RESTART_WAIT = 60.0
STEADY_RUN = 600.0  # seconds a screen must have run for the wait to start again from the first


def cmd_kiosk(args: argparse.Namespace) -> int:
    config = load_config(Path(args.config)) if args.config else default_config()
    if args.check:
        return check(config)
    if args.serve:
        return serve(config)
    if not os.environ.get("TEXTUAL_DRIVER") and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise TeletypeError("the kiosk needs a terminal (or --serve for a web browser)")
    return run_kiosk(config)


# --- --check ------------------------------------------------------------------------


def check(config: KioskConfig) -> int:
    """Every message of the playlist built as the kiosk would; a bad one is a warning
    (the kiosk skips it), none at all an error."""
    where = str(config.path) if config.path else "the default kiosk"
    paths = scan(config.playlist, lambda entry, error: print(f"{entry}: warning: cannot read the directory: {error.strerror}"))
    good = 0
    for path in paths:
        try:
            build_transmission(path, ReplayOptions(profile=config.profile))
            good += 1
        except TeletypeError as exc:
            place = exc.location or Location(str(path))
            print(f"{place}: warning: {exc.message} (the kiosk skips it)")
    for warning in _setup_warnings(config):
        print(f"{where}: warning: {warning}")
    if not good:
        raise TeletypeError(f"{where}: no message in the playlist can be replayed ({len(paths)} found)")
    chord = " ".join(config.exit_keys) if config.exit_keys else "none (only a signal ends the kiosk)"
    print(f"{where}: ok: {good} of {len(paths)} message(s) to loop; visitor controls: "
          f"{', '.join(config.controls) or 'none'}; exit keys: {chord}; log: {config.log.file}")
    return 0


def _setup_warnings(config: KioskConfig) -> list[str]:
    warnings = []
    folder = config.log.file.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    target = config.log.file if config.log.file.exists() else folder
    if not os.access(target, os.W_OK):
        warnings.append(f"this user cannot write the log {config.log.file} (the kiosk's user may)")
    printer = config.printer
    if printer is not None and printer.port.startswith("/") and not Path(printer.port).exists():
        warnings.append(f"no {printer.port} just now: the kiosk keeps trying to open it")
    return warnings


# --- --serve ------------------------------------------------------------------------------


def serve(config: KioskConfig) -> int:
    """The kiosk in a web browser: textual-serve runs `teletype kiosk CONFIG` for each
    page opened (so open one page only when a printer is attached)."""
    try:
        from textual_serve.server import Server
    except ImportError:
        raise TeletypeError("--serve needs textual-serve: pip install textual-serve (see docs/kiosk.md)") from None
    command = [sys.executable, "-m", "teletype", "kiosk"] + ([str(config.path.resolve())] if config.path else [])
    Server(shlex.join(command), host=config.web.host, port=config.web.port, title=config.title).serve()
    return 0


# --- running --------------------------------------------------------------------------------


def run_kiosk(config: KioskConfig, *, headless: bool = False, app_class=None) -> int:
    logger = open_log(config.log)
    logging.raiseExceptions = False  # a full disk must not print a traceback over the screen
    try:
        return asyncio.run(Kiosk(config, logger, headless=headless, app_class=app_class).run())
    except Exception:
        # Outside the screen's restart loop (the printer, the event loop): logged, one
        # line on the terminal, and a status for systemd to restart on.
        logger.exception("the kiosk stopped on an unexpected error")
        print(f"teletype: the kiosk stopped on an unexpected error (see {config.log.file})", file=sys.stderr)
        return 1
    finally:
        close_log(logger)


class Kiosk:
    """The screen, started again whenever it dies, until the exit keys or a signal."""

    def __init__(self, config: KioskConfig, logger: logging.Logger, *, headless: bool = False, app_class=None):
        from teletype.kiosk.app import KioskApp  # Textual loads only when the kiosk runs

        self.config = config
        self.log = logger
        self.headless = headless
        self.app_class = app_class or KioskApp
        self.app = None
        self.leaving: str | None = None
        self.status = 0  # the exit status
        self._left = asyncio.Event()

    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            loop.add_signal_handler(number, self.signalled, signal.Signals(number))
        self.log.info("kiosk started: %s, pid %d", self.config.path or "default settings", os.getpid())
        printer = await self._open_printer()
        place = Place(self.config.log.place_file)
        after_crash = False
        wait = FIRST_RESTART_WAIT
        try:
            while self.leaving is None:
                began = time.monotonic()
                self.app = None
                stderr = LogWriter(self.log)  # Textual prints the traceback of an error that stops it there
                try:
                    self.app = self.app_class(self.config, self.log, printer=printer, resume=place.read(),
                                              after_crash=after_crash)
                    with redirect_stderr(stderr):
                        await self.app.run_async(headless=self.headless)
                except Exception:
                    self.log.exception("the screen could not run")
                stderr.flush()
                self.leaving = self.leaving or (self.app.leaving if self.app is not None else None) or self._page_closed()
                if self.leaving is not None:
                    break
                ran = time.monotonic() - began
                # Waits double while the screen keeps dying soon after it starts.
                wait = min(wait * 2, LONGEST_RESTART_WAIT) if after_crash and ran < STEADY_RUN else FIRST_RESTART_WAIT
                self.log.error("the screen stopped after %s; starting it again in %s", minutes(ran), minutes(wait))
                after_crash = True
                try:
                    await asyncio.wait_for(self._left.wait(), wait)
                except asyncio.TimeoutError:
                    pass
        finally:
            if printer is not None:
                await printer.close()
            self.log.info("kiosk stopped: %s", self.leaving or "error")
        return self.status

    def signalled(self, number: signal.Signals) -> None:
        if self.leaving is None:
            self.leaving = number.name
            # The terminal hung up: not the curator's choice, so a status systemd restarts on.
            self.status = 128 + number if number == signal.SIGHUP else 0
        self._left.set()
        if self.app is not None:
            self.app.leave(number.name)

    def _page_closed(self) -> str | None:
        """In a browser, textual-serve gives each page a kiosk process of its own and ends
        the screen when the page closes: this process is done then, however it ended."""
        return "the screen ended in the web browser" if os.environ.get("TEXTUAL_DRIVER") else None

    async def _open_printer(self):
        if self.config.printer is None:
            return None
        from teletype.kiosk.printer import PrinterLog, printer_sink

        printer = printer_sink(self.config)
        printer.listeners.append(PrinterLog(self.log))
        await printer.open()  # never raises when skipping: an absent printer is retried
        return printer
