"""Open a catalogue (bundled or the user's), through the cache, and find things in it."""

from __future__ import annotations

import difflib
from pathlib import Path

from prolocli import cache
from prolocli.errors import UsageProblem
from prolocli.files import bundled_path, normalise, read_bytes
from prolocli.records import Catalogue, Structure, Therapy


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
