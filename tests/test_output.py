"""How prolo writes: through a pager in a terminal, in colour only for a terminal,
JSON alone with --json, and a terminal layout pinned by a golden file.

The pager and colour tests run the installed `prolo` in a pseudo-terminal, as
a user's shell would, with LINES=10 COLUMNS=80 so `show prp` is taller than
the screen."""

from __future__ import annotations

import difflib
import errno
import json
import os
import re
import select
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import DATA

PROLO = shutil.which("prolo", path=str(Path(sys.executable).parent)) or shutil.which("prolo")
GOLDEN = Path(__file__).parent / "golden"
GOLDEN_CATALOGUE = DATA / "golden-catalogue.toml"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]")
SHOW_PRP_MARK = "What the studies found"  # a heading well past line 10 of `show prp`

needs_prolo = pytest.mark.skipif(PROLO is None, reason="the prolo entry point is not installed")
needs_pty = pytest.mark.skipif(not hasattr(os, "openpty"), reason="no pseudo-terminals on this platform")


def clean_env(**extra: str) -> dict[str, str]:
    """The test process's environment without anything that steers output, plus `extra`."""
    drop = ("NO_COLOR", "FORCE_COLOR", "PAGER", "PROLO_PAGER", "PROLO_CATALOG", "TTY_COMPATIBLE", "TTY_INTERACTIVE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update({"TERM": "xterm-256color", "LINES": "10", "COLUMNS": "80", "LESS": ""})
    env.update(extra)
    return env


def run_in_pty(args: list[str], env: dict[str, str], cwd: Path, timeout: float = 60) -> tuple[int, str]:
    """Run with stdin and stdout on a pseudo-terminal of 10x80; (exit code, what the terminal got)."""
    import fcntl
    import struct
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 10, 80, 0, 0))
    try:
        proc = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=subprocess.PIPE, env=env, cwd=cwd, close_fds=True
        )
    finally:
        os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError as exc:  # EIO: every writer has closed the terminal
                    if exc.errno != errno.EIO:
                        raise
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                break
        else:
            proc.kill()
            pytest.fail(f"{args} did not finish in {timeout}s")
        code = proc.wait(timeout=timeout)
        assert proc.stderr is not None
        stderr = proc.stderr.read().decode("utf-8", "replace")
    finally:
        os.close(master)
    assert "Traceback" not in stderr, stderr
    return code, b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


def run_piped(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PROLO, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )


def recorder(target: Path) -> str:
    """A pager command that writes what it is given to `target`."""
    return f"sh -c {shlex.quote('cat > ' + shlex.quote(str(target)))}"


# --- the pager ------------------------------------------------------------------


@needs_prolo
@needs_pty
@pytest.mark.parametrize("variable", ["PAGER", "PROLO_PAGER"])
def test_tall_output_in_a_terminal_goes_through_the_pager(tmp_path, variable):
    paged = tmp_path / "paged.txt"
    code, screen = run_in_pty([PROLO, "show", "prp"], clean_env(**{variable: recorder(paged)}), tmp_path)
    assert code == 0
    assert paged.exists(), "the pager was not run"
    text = paged.read_text(encoding="utf-8")
    assert "Platelet-rich plasma" in text and SHOW_PRP_MARK in text
    assert SHOW_PRP_MARK not in screen  # printed by the pager only, not also straight to the terminal


@needs_prolo
@needs_pty
def test_prolo_pager_wins_over_pager(tmp_path):
    mine, theirs = tmp_path / "prolo.txt", tmp_path / "pager.txt"
    env = clean_env(PROLO_PAGER=recorder(mine), PAGER=recorder(theirs))
    code, _ = run_in_pty([PROLO, "show", "prp"], env, tmp_path)
    assert code == 0
    assert mine.exists() and not theirs.exists()


@needs_prolo
@needs_pty
def test_no_pager_prints_everything_at_once(tmp_path):
    paged = tmp_path / "paged.txt"
    code, screen = run_in_pty([PROLO, "show", "prp", "--no-pager"], clean_env(PAGER=recorder(paged)), tmp_path)
    assert code == 0
    assert not paged.exists()
    assert "Platelet-rich plasma" in screen and SHOW_PRP_MARK in screen


@needs_prolo
@needs_pty
def test_prolo_pager_cat_turns_the_pager_off(tmp_path):
    paged = tmp_path / "paged.txt"
    env = clean_env(PROLO_PAGER="cat", PAGER=recorder(paged))
    code, screen = run_in_pty([PROLO, "show", "prp"], env, tmp_path)
    assert code == 0
    assert not paged.exists()
    assert SHOW_PRP_MARK in screen


@needs_prolo
def test_piped_output_is_never_paged(tmp_path):
    paged = tmp_path / "paged.txt"
    result = run_piped(["show", "prp"], clean_env(PAGER=recorder(paged), PROLO_PAGER=recorder(paged)), tmp_path)
    assert result.returncode == 0, result.stderr
    assert not paged.exists()
    assert SHOW_PRP_MARK in result.stdout


@needs_prolo
@needs_pty
def test_a_missing_pager_still_prints_the_text(tmp_path):
    env = clean_env(PAGER=str(tmp_path / "no-such-pager"))
    code, screen = run_in_pty([PROLO, "show", "prp"], env, tmp_path)
    assert code == 0
    assert "Platelet-rich plasma" in screen and SHOW_PRP_MARK in screen


@needs_prolo
@needs_pty
def test_short_output_is_not_paged(tmp_path):
    paged = tmp_path / "paged.txt"
    code, screen = run_in_pty([PROLO, "--version"], clean_env(PAGER=recorder(paged)), tmp_path)
    assert code == 0
    assert not paged.exists()
    assert screen.startswith("prolo ")


@needs_prolo
@needs_pty
def test_json_in_a_terminal_is_neither_paged_nor_coloured(tmp_path):
    paged = tmp_path / "paged.txt"
    code, screen = run_in_pty([PROLO, "show", "prp", "--json"], clean_env(PAGER=recorder(paged)), tmp_path)
    assert code == 0
    assert not paged.exists()
    assert not ANSI.search(screen)
    assert json.loads(screen)["id"] == "prp"


# --- colour ---------------------------------------------------------------------


@needs_prolo
@needs_pty
def test_a_terminal_gets_colour(tmp_path):
    code, screen = run_in_pty([PROLO, "show", "prp", "--no-pager"], clean_env(), tmp_path)
    assert code == 0
    assert ANSI.search(screen), screen[:400]


@needs_prolo
@needs_pty
def test_no_color_turns_colour_off_in_a_terminal(tmp_path):
    code, screen = run_in_pty([PROLO, "show", "prp", "--no-pager"], clean_env(NO_COLOR="1"), tmp_path)
    assert code == 0
    assert "Platelet-rich plasma" in screen
    assert "\x1b" not in screen


@needs_prolo
def test_a_pipe_gets_no_colour(tmp_path):
    result = run_piped(["show", "prp"], clean_env(), tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Platelet-rich plasma" in result.stdout
    assert "\x1b" not in result.stdout


# --- JSON alone -------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["show", "prp", "--json"],
        ["show", "prp", "--format", "json"],
        ["list", "--json"],
        ["list", "--region", "cervical", "--json"],
    ],
)
def test_json_output_is_json_alone(run, args):
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)  # the whole of stdout: no banner, no trailing text
    assert data
    if args[0] == "show":
        assert data["id"] == "prp"
    else:
        assert isinstance(data, list) and {"prp", "prolotherapy", "msc"} <= {t["id"] for t in data}


@needs_prolo
@pytest.mark.parametrize("args", [["show", "prp", "--json"], ["list", "--json"]])
def test_installed_command_json_is_json_alone(tmp_path, args):
    result = run_piped(args, clean_env(), tmp_path)
    assert result.returncode == 0, result.stderr
    json.loads(result.stdout)
    assert "\x1b" not in result.stdout


# --- the terminal layout, pinned --------------------------------------------------


def check_golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME, printing a diff; PROLO_UPDATE_GOLDEN=1 rewrites it (review it)."""
    path = GOLDEN / name
    if os.environ.get("PROLO_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with PROLO_UPDATE_GOLDEN=1 and review it"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True), text.splitlines(keepends=True), f"golden/{name}", "prolo output"
            )
        )
        pytest.fail(f"output differs from golden/{name}:\n{diff}", pytrace=False)


def first_lines(text: str, count: int) -> str:
    # Trailing blanks on a line are invisible on a terminal and vary with rich versions.
    return "".join(line.rstrip() + "\n" for line in text.splitlines()[:count])


@needs_prolo
def test_show_golden_at_80_columns_piped(tmp_path):
    env = clean_env(COLUMNS="80")
    result = run_piped(["--catalog", str(GOLDEN_CATALOGUE), "show", "prp"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    head = first_lines(result.stdout, 20)
    # The answer comes first: the neck finding, the worst risks and what cannot be reached.
    assert "Neck: what studies found: in facet joint pain: no better than steroid" in head
    assert "serious, rare: Infection at the injection site." in head
    assert "Cannot reach: Alar ligaments" in head
    assert all(len(line) <= 80 for line in head.splitlines())
    check_golden("show-prp-80.txt", head)
