"""Writing output: terminal size, colour, and a pager like git's.

Light on purpose (no rich, no views): a run answered from the output cache
uses only this module to print.
"""

import os
import shlex
import subprocess
import sys

DEFAULT_PAGER = "less -FRX"


def terminal_size() -> tuple[int, int, bool]:
    """(width, height, is a terminal): COLUMNS/LINES win, then the terminal, then 80x24."""
    tty = sys.stdout.isatty()
    width, height = 80, 24
    if tty:
        try:
            size = os.get_terminal_size(sys.stdout.fileno())
            width, height = size.columns, size.lines
        except OSError:
            pass
    for name in ("COLUMNS", "LINES"):
        value = os.environ.get(name, "")
        if value.isdigit() and int(value) > 0:
            if name == "COLUMNS":
                width = int(value)
            else:
                height = int(value)
    return width, height, tty


def wants_color(tty: bool) -> bool:
    # NO_COLOR wins over everything; FORCE_COLOR over the terminal's own say.
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return tty and os.environ.get("TERM") != "dumb"


def show(text: str, *, pageable: bool) -> None:
    """Print, through a pager when stdout is a terminal shorter than the text."""
    _, height, tty = terminal_size()
    if pageable and tty and text.count("\n") >= height:
        command = os.environ.get("PROLO_PAGER") or os.environ.get("PAGER") or DEFAULT_PAGER
        if command.strip() not in ("", "cat") and page(text, command):
            return
    write(text)


def write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def page(text: str, command: str) -> bool:
    """Send text through a pager; False if the pager cannot be started."""
    try:
        proc = subprocess.Popen(shlex.split(command), stdin=subprocess.PIPE)
    except (OSError, ValueError):
        return False
    assert proc.stdin is not None
    try:
        proc.stdin.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
        proc.stdin.close()
    except BrokenPipeError:
        pass  # the reader quit early, as with q in less
    proc.wait()
    return True
