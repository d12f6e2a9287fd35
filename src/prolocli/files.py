"""Finding and reading a catalogue file, without validating it.

Kept apart from the loader so that a cached run, completion and `--help` can
read files without importing pydantic.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from prolocli.errors import CatalogueError, Problem


def tomllib() -> Any:
    # Imported on first use: a run served from the cache never parses TOML.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    return tomllib


BUNDLED_NAME = "therapies.toml"
# Several megabytes is plausible for a whole literature; far beyond that is a
# mistake (a wrong file), and reading it would only waste time and memory.
MAX_BYTES = 64 * 1024 * 1024


def bundled_path() -> Path:
    """The catalogue shipped with prolo (inside the package once installed)."""
    # The package directory itself, as importlib.resources.files("prolocli")
    # gives for an installed package, without importing importlib.resources.
    packaged = Path(__file__).parent / "data" / BUNDLED_NAME
    if packaged.is_file():
        return packaged
    # Running from a source checkout: the catalogue lives at the top level.
    return Path(__file__).resolve().parents[2] / "data" / BUNDLED_NAME


def read_bytes(path: Path) -> bytes:
    """The raw file, or a CatalogueError that says why it cannot be read."""
    source = str(path)
    try:
        if path.is_dir():
            raise CatalogueError(source, [Problem("", "is a directory, not a catalogue file")])
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise CatalogueError(source, [Problem("", "no such file")]) from None
    except PermissionError:
        raise CatalogueError(source, [Problem("", "permission denied")]) from None
    except OSError as exc:
        raise CatalogueError(source, [Problem("", f"cannot read: {exc.strerror or exc}")]) from None
    if len(data) > MAX_BYTES:
        raise CatalogueError(source, [Problem("", f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB")])
    return data


def normalise(name: str) -> str:
    """How names are compared: case-insensitive, spaces and underscores folded."""
    return " ".join(name.casefold().replace("_", " ").split())
