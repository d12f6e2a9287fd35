"""A cache of validated catalogues, so that a repeated question skips validation.

Entries are keyed on the catalogue's bytes and the versions of prolo, pydantic
and Python, so a changed file or a new prolo can never be served old data, and
models are never rebuilt by a pydantic whose internals differ. Every failure
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
from typing import Any

from pydantic import VERSION as PYDANTIC_VERSION
from pydantic import BaseModel

from prolocli import __version__
from prolocli.models import Catalogue

_MAGIC = b"prolo-cache-2\n"
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
    """The models' field names: a cached object from an older shape of the
    models (even under the same version number) must never be served."""
    from prolocli import models

    kinds = [v for v in vars(models).values() if isinstance(v, type) and issubclass(v, BaseModel)]
    return ";".join(f"{k.__name__}:{','.join(k.model_fields)}" for k in sorted(kinds, key=lambda k: k.__name__))


def key_for(data: bytes) -> str:
    digest = hashlib.sha256(data)
    digest.update(f"\0{__version__}\0{PYDANTIC_VERSION}\0{sys.version_info[:2]}\0{_shape()}".encode())
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
    return value if isinstance(value, Catalogue) else None


def write(key: str, catalogue: Catalogue) -> None:
    try:
        directory = cache_dir()
        directory.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        buffer.write(_MAGIC + key.encode() + b"\n")
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(catalogue)
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


_setattr = object.__setattr__


def _restore(cls: type[BaseModel], values: dict[str, Any], fields_set: set[str]) -> BaseModel:
    """Rebuild a model as pickled by _Pickler, without validating it again."""
    model = cls.__new__(cls)
    _setattr(model, "__dict__", values)
    _setattr(model, "__pydantic_fields_set__", fields_set)
    _setattr(model, "__pydantic_extra__", None)
    _setattr(model, "__pydantic_private__", None)
    return model


class _Pickler(pickle.Pickler):
    # A model as (class, values, fields set) loads faster than pydantic's
    # generic state; only the cache sees this form, the models keep theirs.
    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, BaseModel) and obj.__pydantic_extra__ is None and obj.__pydantic_private__ is None:
            return _restore, (type(obj), obj.__dict__, obj.__pydantic_fields_set__)
        return NotImplemented


def _prune(directory: Path) -> None:
    entries = sorted(directory.glob("catalogue-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[_KEEP:]:
        _unlink(old)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
