"""A cache of validated catalogues, so that a repeated question skips validation.

Entries are keyed on the catalogue's bytes, the versions of prolo and Python and
the shape of the records, so a changed file or a new prolo can never be served
old data. What is stored is the plain records (`prolocli.records`), so a cached
run never imports pydantic. Every failure
here (unreadable, corrupt, truncated, read-only directory) falls back to
validating the file again: the cache may only ever make prolo faster.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prolocli import __version__

if TYPE_CHECKING:
    from prolocli.records import Catalogue

_MAGIC = b"prolo-cache-3\n"
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


def _shape() -> str:
    """The records' field names: a cached object from an older shape of the
    records (even under the same version number) must never be served."""
    from prolocli.records import RECORDS, Catalogue

    kinds: list[Any] = [*RECORDS.values(), Catalogue]
    return ";".join(f"{k.__name__}:{','.join(k._fields)}" for k in kinds)


def key_for(data: bytes) -> str:
    digest = hashlib.sha256(data)
    digest.update(f"\0{__version__}\0{sys.version_info[:2]}\0{_shape()}".encode())
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
    # Unpickling makes tens of thousands of objects, none of them garbage;
    # letting the collector scan them on the way costs a third of the time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        # The file is in the user's own cache directory and written by prolo;
        # anything that fails to unpickle is treated as corrupt.
        value = pickle.loads(memoryview(blob)[len(header) :])
    except Exception:
        return None
    finally:
        if collecting:
            gc.enable()
    from prolocli.records import Catalogue

    return value if isinstance(value, Catalogue) else None


def write(key: str, catalogue: Catalogue) -> None:
    try:
        directory = cache_dir()
        directory.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        buffer.write(_MAGIC + key.encode() + b"\n")
        pickle.dump(catalogue, buffer, protocol=pickle.HIGHEST_PROTOCOL)
        payload = buffer.getvalue()
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
    entries = sorted(directory.glob("catalogue-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[_KEEP:]:
        _unlink(old)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
