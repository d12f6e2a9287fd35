"""Full-text search over the catalogue: case- and accent-insensitive, every
word required, names and aliases ranked first."""

import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

from prolocli.records import Catalogue, Diagnostic, Procedure, Reference, Structure, Therapy


class Match(NamedTuple):
    field: str
    text: str
    spans: tuple[tuple[int, int], ...]


@dataclass
class Hit:
    kind: str  # "therapy", "structure", "procedure", "diagnostic" or "reference"
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
    """(where, in words; text; weight): a match in a name outranks one in prose."""
    fields = [("name", t.name, 100), ("id", t.id, 100)]
    fields += [("also called", a, 80) for a in t.aliases]
    fields.append(("summary", t.summary, 10))
    fields.append(("how it works", t.mechanism.text, 5))
    fields += [(f"substance: {s.name}", f"{s.name}: {s.detail}" if s.detail else s.name, 5) for s in t.substances]
    fields += [(f"evidence: {e.indication}", f"{e.indication}: {e.summary}", 3) for e in t.evidence]
    fields += [(f"risk ({r.severity})", r.text, 3) for r in t.risks]
    fields += [(f"limitation ({lim.region})", lim.text, 3) for lim in t.limitations]
    fields += [(f"regulators ({reg.jurisdiction})", reg.text, 2) for reg in t.regulatory]
    return fields


def _structure_fields(s: Structure) -> list[tuple[str, str, int]]:
    fields = [("name", s.name, 100), ("id", s.id, 100)]
    if s.latin:
        fields.append(("Latin name", s.latin, 80))
    fields += [("segment", s.level, 5), ("function", s.function, 3), ("approach", s.approach, 3)]
    return fields


def _procedure_fields(p: Procedure) -> list[tuple[str, str, int]]:
    fields = [("name", p.name, 100), ("id", p.id, 100)]
    fields += [("also called", a, 80) for a in p.aliases]
    fields += [("approach", p.approach, 3), ("who does it", p.who, 2)]
    fields += [(f"risk ({r.severity})", r.text, 3) for r in p.risks]
    return fields


def _diagnostic_fields(d: Diagnostic) -> list[tuple[str, str, int]]:
    fields = [("name", d.name, 100), ("id", d.id, 100)]
    fields += [("also called", a, 80) for a in d.aliases]
    fields.append(("what it shows", d.shows, 5))
    fields += [("threshold", f"{th.value} ({th.proposed_by})", 3) for th in d.thresholds]
    for label, value in (
        ("reliability", d.reliability),
        ("normal variation", d.normal_variation),
        ("criticism", d.criticism),
    ):
        if value:
            fields.append((label, value, 3))
    return fields


def _reference_fields(r: Reference) -> list[tuple[str, str, int]]:
    fields = [("id", r.id, 20), ("authors", r.author_text, 20)]
    fields += [
        (label, value, 5)
        for label, value in (("title", r.title), ("journal", r.journal), ("note", r.note), ("conflict", r.conflict))
        if value
    ]
    if r.year:
        fields.append(("year", str(r.year), 5))
    return fields


def search(catalogue: Catalogue, query: str) -> list[Hit]:
    words = words_of(query)
    if not words:
        return []
    hits: list[Hit] = []
    records: list[tuple[str, str, str, list[tuple[str, str, int]]]] = [
        ("therapy", t.id, t.name, _therapy_fields(t)) for t in catalogue.therapies
    ]
    records += [("procedure", p.id, p.name, _procedure_fields(p)) for p in catalogue.procedures]
    records += [("structure", s.id, s.name, _structure_fields(s)) for s in catalogue.structures]
    records += [("diagnostic", d.id, d.name, _diagnostic_fields(d)) for d in catalogue.diagnostics]
    records += [("reference", r.id, r.title or r.id, _reference_fields(r)) for r in catalogue.references]
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
    kinds = {"therapy": 0, "procedure": 1, "structure": 2, "diagnostic": 3, "reference": 4}
    return sorted(hits, key=lambda h: (kinds[h.kind], -h.score, h.id))


class SearchView(NamedTuple):
    query: str
    hits: tuple[Hit, ...]
