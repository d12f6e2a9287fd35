"""Names for TAB completion, from a small index kept beside the cache.

Completion runs on every TAB, so it never validates a catalogue and never
loads the records: it reads a list of names written the first time they were
needed, keyed on the catalogue's bytes and prolo's version.
"""

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

from prolocli import __version__

Pairs = list[tuple[str, str]]
TABLES = ("therapy", "structure", "procedure", "diagnostic")


def names(path: Path | None, table: str, *, use_cache: bool = True) -> Pairs:
    """(name, help) pairs of a table; for therapies, ids then aliases."""
    from prolocli import cache
    from prolocli.files import bundled_path, read_bytes

    try:
        data = read_bytes(path if path is not None else bundled_path())
    except Exception:
        return []
    use_cache = use_cache and not cache.disabled_by_env()
    key = hashlib.sha256(data + f"\0names\0{__version__}".encode()).hexdigest()
    index = _read(key) if use_cache else None
    if index is None:
        index = _index(data)
        if use_cache:
            _write(key, index)
    return index.get(table, [])


def _index(data: bytes) -> dict[str, Pairs]:
    """Names straight from the TOML: no validation, so a broken entry is skipped."""
    from prolocli.files import tomllib

    try:
        raw: dict[str, Any] = tomllib().loads(data.decode("utf-8-sig"))
    except Exception:
        return {}
    index: dict[str, Pairs] = {}
    for table in TABLES:
        entries = raw.get(table)
        items = (
            [e for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)]
            if isinstance(entries, list)
            else []
        )
        pairs = [(e["id"], str(e.get("name", ""))) for e in items]
        if table == "therapy":
            for e in items:
                aliases = e.get("aliases")
                pairs += [(a, e["id"]) for a in aliases if isinstance(a, str)] if isinstance(aliases, list) else []
        index[table] = pairs
    return index


def _path(key: str) -> Path:
    from prolocli.cache import cache_dir

    return cache_dir() / f"names-{key[:40]}.tsv"


def _clean(text: str) -> str:
    return " ".join(text.split())


def _read(key: str) -> dict[str, Pairs] | None:
    try:
        lines = _path(key).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    if not lines or lines[0] != key:
        return None
    index: dict[str, Pairs] = {table: [] for table in TABLES}
    for line in lines[1:]:
        parts = line.split("\t")
        if len(parts) == 3 and parts[0] in index:
            index[parts[0]].append((parts[1], parts[2]))
    return index


def _write(key: str, index: dict[str, Pairs]) -> None:
    lines = [key] + [f"{table}\t{_clean(n)}\t{_clean(h)}" for table, pairs in index.items() for n, h in pairs]
    try:
        path = _path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".names-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines))
        os.replace(tmp, path)
    except OSError:
        return
