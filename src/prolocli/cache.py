"""A cache of validated catalogues, so that a repeated question skips validation.

Entries are keyed on the catalogue's bytes, prolo's version and the Python
version, so a changed file or a new prolo can never be served old data. Every
failure here (unreadable, corrupt, truncated, read-only directory) falls back
to validating the file again: the cache may only ever make prolo faster.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from prolocli import __version__
from prolocli.models import Catalogue

_MAGIC = b"prolo-cache-1\n"
_KEEP = 8  # entries kept; older ones are removed when a new one is written


def disabled_by_env() -> bool:
    return os.environ.get("PROLO_NO_CACHE", "").strip().lower() not in ("", "0", "false", "no")


def cache_dir() -> Path:
    # XDG_CACHE_HOME wins everywhere, so a user (or a test) can always move it.
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "prolo"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("prolo", appauthor=False))


def key_for(data: bytes) -> str:
    digest = hashlib.sha256(data)
    digest.update(f"\0{__version__}\0{sys.version_info[:2]}".encode())
    return digest.hexdigest()


def _path(key: str) -> Path:
    return cache_dir() / f"catalogue-{key[:40]}.pickle"


def read(key: str) -> Catalogue | None:
    try:
        blob = _path(key).read_bytes()
    except OSError:
        return None
    header = _MAGIC + key.encode() + b"\n"
    if not blob.startswith(header):
        return None
    try:
        # The file is in the user's own cache directory and written by prolo;
        # anything that fails to unpickle is treated as corrupt.
        value = pickle.loads(blob[len(header) :])
    except Exception:
        return None
    return value if isinstance(value, Catalogue) else None


def write(key: str, catalogue: Catalogue) -> None:
    try:
        directory = cache_dir()
        directory.mkdir(parents=True, exist_ok=True)
        payload = _MAGIC + key.encode() + b"\n" + pickle.dumps(catalogue, protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(prefix=".catalogue-", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
            os.replace(tmp, _path(key))
        except BaseException:
            _unlink(Path(tmp))
            raise
        _prune(directory)
    except (OSError, pickle.PicklingError, RecursionError):
        return  # a cache that cannot be written is simply not used


def _prune(directory: Path) -> None:
    entries = sorted(
        directory.glob("catalogue-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for old in entries[_KEEP:]:
        _unlink(old)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
