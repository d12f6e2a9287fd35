"""Full-text search over the catalogue: case- and accent-insensitive, every
word required, names and aliases ranked first."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from prolocli.models import Catalogue, Structure, Therapy


@dataclass(frozen=True)
class Match:
    field: str
    text: str
    spans: tuple[tuple[int, int], ...]


@dataclass
class Hit:
    kind: str  # "therapy" or "structure"
    id: str
    name: str
    score: int
    matches: list[Match] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "type": self.kind,
            "id": self.id,
            "name": self.name,
            "score": self.score,
            "matches": [{"field": m.field, "text": m.text, "spans": [list(s) for s in m.spans]} for m in self.matches],
        }


def fold(text: str) -> tuple[str, list[int]]:
    """Text without accents, case-folded, with each folded character's index in the original."""
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        for c in plain.casefold():
            out.append(c)
            where.append(index)
    return "".join(out), where


def words_of(query: str) -> list[str]:
    return [w for w in fold(query)[0].split() if w]


def _spans(text: str, words: list[str]) -> tuple[tuple[int, int], ...]:
    folded, where = fold(text)
    found: list[tuple[int, int]] = []
    for word in words:
        start = folded.find(word)
        while start != -1:
            end = start + len(word)
            found.append((where[start], where[end - 1] + 1))
            start = folded.find(word, end)
    return tuple(sorted(set(found)))


def _therapy_fields(t: Therapy) -> list[tuple[str, str, int]]:
    """(field label, text, weight): a match in a name outranks one in prose."""
    fields = [("name", t.name, 100), ("id", t.id, 100)]
    fields += [(f"aliases[{i}]", a, 80) for i, a in enumerate(t.aliases)]
    fields.append(("summary", t.summary, 10))
    fields.append(("mechanism", t.mechanism.text, 5))
    for i, s in enumerate(t.substances):
        fields.append((f"substances[{i}]", f"{s.name}: {s.detail}" if s.detail else s.name, 5))
    for i, e in enumerate(t.evidence):
        fields.append((f"evidence[{i}]", f"{e.indication}: {e.summary}", 3))
    for i, r in enumerate(t.risks):
        fields.append((f"risks[{i}]", r.text, 3))
    for i, lim in enumerate(t.limitations):
        fields.append((f"limitations[{i}]", lim.text, 3))
    for i, reg in enumerate(t.regulatory):
        fields.append((f"regulatory[{i}]", f"{reg.jurisdiction}: {reg.text}", 2))
    return fields


def _structure_fields(s: Structure) -> list[tuple[str, str, int]]:
    fields = [("name", s.name, 100), ("id", s.id, 100)]
    if s.latin:
        fields.append(("latin", s.latin, 80))
    fields += [("level", s.level, 5), ("function", s.function, 3), ("approach", s.approach, 3)]
    return fields


def search(catalogue: Catalogue, query: str) -> list[Hit]:
    words = words_of(query)
    if not words:
        return []
    hits: list[Hit] = []
    records: list[tuple[str, str, str, list[tuple[str, str, int]]]] = [
        ("therapy", t.id, t.name, _therapy_fields(t)) for t in catalogue.therapies
    ]
    records += [("structure", s.id, s.name, _structure_fields(s)) for s in catalogue.structures]
    for kind, ident, name, fields in records:
        folded_all = " ".join(fold(text)[0] for _, text, _ in fields)
        if not all(w in folded_all for w in words):
            continue
        hit = Hit(kind, ident, name, 0)
        for label, text, weight in fields:
            spans = _spans(text, words)
            if spans:
                hit.matches.append(Match(label, text, spans))
                hit.score += weight * len(spans)
        hits.append(hit)
    return sorted(hits, key=lambda h: (-h.score, h.kind, h.id))
