"""A cache of rendered output: a repeated question is answered by printing
the same text again, without parsing options, loading views or importing rich.

The key covers everything the text depends on: the catalogue's bytes, the
arguments, the terminal's width and height, whether stdout is a terminal and
its encoding, the colour and date environment, today's date, prolo's own
source files and rich's version. Only commands that only print are cached
(never validate, handout or completion), and only when they succeed. Any
failure here means "not cached": the cache may only make prolo faster.
"""

import hashlib
import os
import sys
from datetime import date
from pathlib import Path

from prolocli import __version__

# Commands whose whole effect is the text they print.
CACHEABLE = frozenset(
    {"list", "show", "compare", "risks", "evidence", "structures", "procedures", "diagnosis", "trials", "refs",
     "glossary", "levels", "questions", "search"}
)  # fmt: skip
ENVIRONMENT = ("NO_COLOR", "FORCE_COLOR", "TERM", "COLORTERM", "COLUMNS", "LINES", "PROLO_TODAY")
_MAGIC = b"prolo-output-1\n"
_KEEP = 64

_pending: tuple[Path, str] | None = None  # (file, key) where this run's output goes


def _catalogue_path(argv: list[str]) -> Path | None:
    """The catalogue a run reads, from --catalog, PROLO_CATALOG or the bundle."""
    for i, arg in enumerate(argv):
        if arg == "--catalog" and i + 1 < len(argv):
            return Path(argv[i + 1])
        if arg.startswith("--catalog="):
            return Path(arg.split("=", 1)[1])
    if os.environ.get("PROLO_CATALOG"):
        return Path(os.environ["PROLO_CATALOG"])
    from prolocli.files import bundled_path

    return bundled_path()


def _command(argv: list[str]) -> str | None:
    """The subcommand named in argv, skipping the root options before it."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--catalog":
            i += 2
            continue
        if arg.startswith("-"):
            i += 1
            continue
        return arg
    return None


def _source_stamp() -> str:
    """Size and modification time of every prolo source file: an edited
    checkout (an editable install) never serves output of the old code."""
    here = Path(__file__).parent
    parts = []
    for path in sorted([*here.rglob("*.py"), *here.glob("templates/*")]):
        stat = path.stat()
        parts.append(f"{path.relative_to(here)}:{stat.st_size}:{stat.st_mtime_ns}")
    return ";".join(parts)


def _rich_version() -> str:
    from importlib.util import find_spec

    spec = find_spec("rich")
    if spec is None or spec.origin is None:
        return "none"
    package = Path(spec.origin).parent
    infos = sorted(p.name for p in package.parent.glob("rich-*.dist-info"))
    return ",".join(infos) or str(package.stat().st_mtime_ns)


def key_for(argv: list[str]) -> str | None:
    """The key for this run's output, or None when it must not be cached."""
    off = ("", "0", "false", "no")
    if os.environ.get("PROLO_NO_CACHE", "").strip().lower() not in off:
        return None
    if os.environ.get("PROLO_OUTPUT_CACHE", "").strip().lower() in off[1:]:
        return None  # the catalogue cache stays on; only rendering is redone
    if "--no-cache" in argv or any(name.startswith("_PROLO_COMPLETE") for name in os.environ):
        return None
    if _command(argv) not in CACHEABLE or any(a in ("-h", "--help", "--version") for a in argv):
        return None
    from prolocli.output import terminal_size

    path = _catalogue_path(argv)
    try:
        data = path.read_bytes() if path is not None else b""
    except OSError:
        return None
    width, height, tty = terminal_size()
    digest = hashlib.sha256(data)
    facts = [
        "\0".join(argv),
        f"{width}x{height}",
        str(tty),
        str(getattr(sys.stdout, "encoding", "")),
        *(f"{name}={os.environ.get(name, '')}" for name in ENVIRONMENT),
        date.today().isoformat(),
        __version__,
        f"{sys.version_info[:3]}",
        _source_stamp(),
        _rich_version(),
    ]
    digest.update("\0\0".join(facts).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _path(key: str) -> Path:
    from prolocli.cache import cache_dir

    return cache_dir() / f"output-{key[:40]}.txt"


def lookup(argv: list[str]) -> tuple[str, bool] | None:
    """(text, pageable) of an earlier identical run; on a miss, arm `store`."""
    global _pending
    _pending = None
    try:
        key = key_for(argv)
    except OSError:
        return None
    if key is None:
        return None
    path = _path(key)
    _pending = (path, key)
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    header = _MAGIC + key.encode() + b"\n"
    if not blob.startswith(header) or len(blob) <= len(header):
        return None  # foreign, truncated or corrupt: rebuilt by this run
    try:
        text = blob[len(header) + 1 :].decode("utf-8")
    except UnicodeDecodeError:
        return None
    _pending = None
    return text, blob[len(header) : len(header) + 1] == b"p"


def store(text: str, *, pageable: bool) -> None:
    """Keep this run's output for the next identical run (if `lookup` armed it)."""
    global _pending
    pending, _pending = _pending, None
    if pending is None:
        return
    path, key = pending
    try:
        import tempfile

        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".output-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(_MAGIC + key.encode() + b"\n" + (b"p" if pageable else b"-") + text.encode("utf-8"))
        os.replace(tmp, path)
        entries = sorted(path.parent.glob("output-*.txt"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[_KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        return
