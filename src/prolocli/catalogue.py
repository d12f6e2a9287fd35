"""Open a catalogue (bundled or the user's), through the cache, and find things in it."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from prolocli import cache
from prolocli.errors import UsageProblem
from prolocli.files import bundled_path, normalise, read_bytes, tomllib
from prolocli.records import Catalogue, Diagnostic, Procedure, Structure, Therapy


def open_catalogue(path: Path | None = None, *, use_cache: bool = True) -> Catalogue:
    source = path if path is not None else bundled_path()
    data = read_bytes(source)
    if not use_cache or cache.disabled_by_env():
        from prolocli.loader import parse

        return parse(data, str(source))
    key = cache.key_for(data)
    hit = cache.read(key)
    if hit is not None:
        return hit
    from prolocli.loader import parse

    catalogue = parse(data, str(source))
    cache.write(key, catalogue)
    return catalogue


def _completion_source(path: Path | None, use_cache: bool) -> Catalogue | dict[str, Any] | None:
    """The cached catalogue if there is one, else the raw TOML, unvalidated.

    Completion runs on every TAB, so it never pays for validation.
    """
    source = path if path is not None else bundled_path()
    try:
        data = read_bytes(source)
    except Exception:
        return None
    if use_cache and not cache.disabled_by_env():
        hit = cache.read(cache.key_for(data))
        if hit is not None:
            return hit
    try:
        raw: dict[str, Any] = tomllib().loads(data.decode("utf-8-sig"))
    except Exception:
        return None
    return raw


def _raw_entries(raw: dict[str, Any], key: str) -> list[dict[str, Any]]:
    entries = raw.get(key)
    if not isinstance(entries, list):
        return []
    return [e for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)]


def names_for_completion(path: Path | None, *, use_cache: bool = True) -> list[tuple[str, str]]:
    """(name, help) pairs for TAB completion: therapy ids, then aliases."""
    found = _completion_source(path, use_cache)
    if isinstance(found, Catalogue):
        pairs = [(t.id, t.name) for t in found.therapies]
        return pairs + [(a, t.id) for t in found.therapies for a in t.aliases]
    if found is None:
        return []
    therapies = _raw_entries(found, "therapy")
    pairs = [(e["id"], str(e.get("name", ""))) for e in therapies]
    for e in therapies:
        aliases = e.get("aliases")
        pairs += [(a, e["id"]) for a in aliases if isinstance(a, str)] if isinstance(aliases, list) else []
    return pairs


def ids_for_completion(path: Path | None, table: str, *, use_cache: bool = True) -> list[tuple[str, str]]:
    """(id, name) pairs of one table ("structure", "procedure", "diagnostic")."""
    found = _completion_source(path, use_cache)
    if isinstance(found, Catalogue):
        items: dict[str, tuple[Structure | Procedure | Diagnostic, ...]] = {
            "structure": found.structures,
            "procedure": found.procedures,
            "diagnostic": found.diagnostics,
        }
        return [(s.id, s.name) for s in items.get(table, ())]
    if found is None:
        return []
    return [(e["id"], str(e.get("name", ""))) for e in _raw_entries(found, table)]


class UnknownName(UsageProblem):
    def __init__(self, kind: str, name: str, suggestions: list[str]) -> None:
        hint = f" (did you mean: {', '.join(suggestions)}?)" if suggestions else ""
        shown = name if name.isprintable() else repr(name)
        super().__init__(f"unknown {kind} '{shown}'{hint}")
        self.suggestions = suggestions


def find_therapy(catalogue: Catalogue, name: str) -> Therapy:
    wanted = normalise(name)
    for therapy in catalogue.therapies:
        if wanted in (normalise(therapy.id), normalise(therapy.id.replace("-", " "))):
            return therapy
    for therapy in catalogue.therapies:
        if wanted in (normalise(a) for a in therapy.aliases):
            return therapy
    names = {t.id: t.id for t in catalogue.therapies}
    names.update({normalise(a): t.id for t in catalogue.therapies for a in t.aliases})
    raise UnknownName("therapy", name, suggest(wanted, names))


def find_structure(catalogue: Catalogue, name: str) -> Structure:
    wanted = normalise(name)
    names: dict[str, str] = {}
    for structure in catalogue.structures:
        keys = {structure.id, structure.id.replace("-", " "), normalise(structure.name)}
        if structure.latin:
            keys.add(normalise(structure.latin))
        if wanted in keys:
            return structure
        names.update(dict.fromkeys(keys, structure.id))
    # A unique prefix ("alar", "transverse") is a convenience worth having.
    starts = {sid for key, sid in names.items() if key.startswith(wanted)} if wanted else set()
    if len(starts) == 1:
        sid = starts.pop()
        return next(s for s in catalogue.structures if s.id == sid)
    raise UnknownName("structure", name, sorted(starts)[:3] or suggest(wanted, names))


def suggest(wanted: str, names: dict[str, str]) -> list[str]:
    """The closest ids, best first; always some, so a typo is never a dead end."""

    def score(name: str) -> float:
        ratio = difflib.SequenceMatcher(None, wanted, name).ratio()
        return ratio + (0.5 if wanted and name.startswith(wanted[:3]) else 0.0)

    ids: list[str] = []
    for match in sorted(names, key=score, reverse=True):
        if names[match] not in ids:
            ids.append(names[match])
        if len(ids) == 3:
            break
    return ids
