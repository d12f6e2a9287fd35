"""A printable handout to take to a consultation.

An Option Grid style decision aid: the questions patients ask are the rows,
the therapies are the columns, answers are short and in plain words, and
nothing is recommended. Below the grid come an evidence chart, questions to
ask, room for notes and the numbered sources. The content is built once as
plain data (`build`) so the HTML and Markdown renderings cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from prolocli import __version__
from prolocli import evidence as ev
from prolocli.records import Catalogue, Evidence, Reference, Regulatory, Risk, Therapy
from prolocli.views.common import ALL_CONFLICTED, CONFLICT_LEGEND, CONFLICT_MARK, DISCLAIMER, risk_order, route_risks
from prolocli.views.questions import Question
from prolocli.views.questions import build as build_questions


class Facts:
    """The lookups the handout reads, over a catalogue's records."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.refs = catalogue.refs
        self.structures = catalogue.structure_map

    def level(self, entry: Evidence) -> int | None:
        return ev.entry_level(entry, self.refs)

    def best(self, therapy: Therapy, region: str | None) -> Evidence | None:
        entries = [e for e in therapy.evidence if region is None or e.region == region]
        return ev.best_entry(entries, self.refs)

    def all_conflicted(self, ids: Sequence[str]) -> bool:
        return ev.all_conflicted(self.refs, ids)


def top_risks(facts: Facts, therapy: Therapy, region: str, limit: int = 3) -> list[tuple[Risk, str]]:
    """The worst risks there, the therapy's own and its routes', the route named."""
    own = [(r, "") for r in therapy.risks if r.applies_to(region)]
    routes = [(rr.risk, rr.procedure.name) for rr in route_risks(facts.catalogue, therapy, region)]
    return sorted(own + routes, key=lambda pair: risk_order(pair[0]))[:limit]


MIN_THERAPIES = 2
MAX_THERAPIES = 4
FORMATS = ("html", "markdown")

# How long a shortened catalogue sentence may be. The grid has to fit one
# printed page for three therapies; the full text is one `prolo show` away.
_BRIEF = 110
_BRIEF_RISK = 85
_BRIEF_RULE = 80
_MAX_ACTIVE = 3
_MAX_FINDINGS = 2
_EXTRAS = {"anaesthetic": "local anaesthetic", "adjunct": "other additives"}

STATUS_WORDS = {
    "experimental": "experimental: not an approved treatment",
    "off-label": "off-label: the product is approved, but not for this use",
    "approved-other-use": "approved, but for a different use",
    "approved": "approved for this use",
    "standard-care": "standard care",
}
CERTAINTY_WORDS = {
    "established": "How sure: well established.",
    "proposed": "How sure: an idea, not proven in people.",
    "unclear": "How sure: nobody knows.",
}
FREQUENCY_WORDS = {
    "common": "common",
    "uncommon": "uncommon",
    "rare": "rare",
    "very-rare": "very rare",
    "unknown": "how often is unknown",
}
SHORTENED_NOTE = "Answers are shortened (\u2026 marks a cut); `prolo show ID` gives the full text with every source."


@dataclass(frozen=True)
class Citation:
    number: int
    conflicted: bool

    @property
    def label(self) -> str:
        return f"{self.number}{CONFLICT_MARK if self.conflicted else ''}"


@dataclass(frozen=True)
class Line:
    """One answer in a grid cell: an optional emphasised lead, the text, its sources."""

    text: str
    lead: str = ""
    cites: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class HandoutRow:
    key: str
    question: str
    cells: tuple[tuple[Line, ...], ...]  # one per therapy, in column order


@dataclass(frozen=True)
class EvidenceBars:
    """What the chart draws for one therapy."""

    name: str
    here: int | None
    anywhere: int | None
    here_finding: str = "no study"
    anywhere_finding: str = "no study"


@dataclass(frozen=True)
class TherapyQuestions:
    name: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Handout:
    region: str
    therapies: tuple[Therapy, ...]
    rows: tuple[HandoutRow, ...]
    chart: tuple[EvidenceBars, ...]
    shared_questions: tuple[Question, ...]
    questions: tuple[TherapyQuestions, ...]
    references: tuple[tuple[Citation, Reference], ...]
    title: str
    reviewed: date | None
    version: str = __version__
    disclaimer: str = DISCLAIMER
    legend: str = CONFLICT_LEGEND
    mark: str = CONFLICT_MARK
    shortened_note: str = SHORTENED_NOTE

    @property
    def conflicted(self) -> bool:
        return any(c.conflicted for c, _ in self.references)


# --- plain-words helpers ---------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(])")


def _cut(text: str, limit: int) -> str:
    clause = text.split(";", 1)[0]
    if 40 <= len(clause) <= limit:
        return clause + "\u2026"
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:(-") + "\u2026"


def brief(text: str, limit: int = _BRIEF) -> str:
    """Whole leading sentences of catalogue text up to `limit` characters,
    cut at a clause or word (marked with an ellipsis) where one is too long."""
    whole = text.strip()
    sentences = _SENTENCE_END.split(whole)
    if len(sentences[0]) > limit:
        return _cut(sentences[0], limit)
    taken = sentences[0]
    for sentence in sentences[1:]:
        if len(taken) + 1 + len(sentence) <= limit:
            taken += " " + sentence
            continue
        # A very short opener ("No randomised trial exists.") says too little alone.
        if len(taken) < limit // 2:
            taken += " " + _cut(sentence, limit - len(taken) - 1)
            return taken
        break
    return taken if taken == whole else taken + " \u2026"


def level_phrase(level: int | None) -> str:
    return "study type: " + ev.study_type(level)


def region_questions(region: str) -> tuple[tuple[str, str], ...]:
    """The grid's rows as (key, question); the keys name the builders below."""
    return (
        ("injected", "What is injected?"),
        ("mechanism", "How is it thought to work, and how sure is anyone?"),
        ("evidence", f"What do studies show for the {region} region, and how strong is that evidence?"),
        ("risks", "What can go wrong, and how often?"),
        ("limits", f"What in the {region} region can it not reach?"),
        ("course", "How many sessions, and how are the needles guided?"),
        ("regulators", "What do regulators say?"),
    )


# --- building the grid -----------------------------------------------------


@dataclass
class _Citations:
    """Numbers references in the order the handout first cites them."""

    facts: Facts
    numbers: dict[str, int] = field(default_factory=dict)

    def cite(self, ids: Iterable[str]) -> tuple[Citation, ...]:
        found = []
        for ref_id in dict.fromkeys(ids):
            ref = self.facts.refs.get(ref_id)
            if ref is None:
                continue
            number = self.numbers.setdefault(ref_id, len(self.numbers) + 1)
            found.append(Citation(number, bool(ref.conflict)))
        return tuple(sorted(found, key=lambda c: c.number))

    def listing(self) -> tuple[tuple[Citation, Reference], ...]:
        refs = self.facts.refs
        return tuple(
            (Citation(n, bool(refs[r].conflict)), refs[r]) for r, n in sorted(self.numbers.items(), key=lambda x: x[1])
        )


@dataclass(frozen=True)
class _Ctx:
    facts: Facts
    region: str
    citations: _Citations


def _injected(ctx: _Ctx, therapy: Therapy) -> tuple[Line, ...]:
    active = [s.name for s in therapy.substances if s.role == "active"]
    if not active:
        return (Line("not described"),)
    shown = "; ".join(active[:_MAX_ACTIVE])
    if len(active) > _MAX_ACTIVE:
        shown += f"; and {len(active) - _MAX_ACTIVE} more"
    lines = [Line(shown)]
    # Carriers (saline) are not worth the space; anaesthetics and adjuncts are.
    extras = [words for role, words in _EXTRAS.items() if any(s.role == role for s in therapy.substances)]
    if extras:
        lines.append(Line(" and ".join(extras), lead="Often with:"))
    return tuple(lines)


def _mechanism(ctx: _Ctx, therapy: Therapy) -> tuple[Line, ...]:
    return (Line(brief(therapy.mechanism.text)), Line(CERTAINTY_WORDS[therapy.mechanism.certainty]))


def _evidence(ctx: _Ctx, therapy: Therapy) -> tuple[Line, ...]:
    """What the studies found there, each with its comparison, size and study type."""
    facts, region = ctx.facts, ctx.region
    entries = [e for e in therapy.evidence if e.region == region]
    if not entries:
        lines = [Line(f"no study for the {ev.region_word(region)}")]
        best = facts.best(therapy, None)
        if best is not None:
            lines.append(
                Line(
                    f"{best.indication} ({best.region}): {ev.headline(best, facts.refs)}",
                    lead="Best elsewhere:",
                    cites=ctx.citations.cite(best.refs),
                )
            )
        return tuple(lines)
    lines = []
    ranked = sorted(entries, key=lambda e: facts.level(e) or 6)
    for entry in ranked[:_MAX_FINDINGS]:
        text = ev.headline(entry, facts.refs)
        if facts.all_conflicted(entry.refs):
            text += f" ({ALL_CONFLICTED})"
        lead = f"{entry.indication}:" if len(ranked) > 1 else ""
        lines.append(Line(text, lead=lead, cites=ctx.citations.cite(entry.refs)))
    if len(ranked) > _MAX_FINDINGS:
        more = len(ranked) - _MAX_FINDINGS
        lines.append(Line(f"and {more} more finding{'s' if more > 1 else ''} (see prolo show)"))
    return tuple(lines)


def _risks(ctx: _Ctx, therapy: Therapy) -> tuple[Line, ...]:
    return tuple(
        Line(
            brief(risk.text, _BRIEF_RISK),
            lead=f"{risk.severity.capitalize()}, {FREQUENCY_WORDS[risk.frequency]}"
            + (f" (route: {route})" if route else "")
            + ":",
            cites=ctx.citations.cite(risk.refs),
        )
        for risk, route in top_risks(ctx.facts, therapy, ctx.region)
    ) or (Line(f"none listed for {ctx.region}"),)


def _limits(ctx: _Ctx, therapy: Therapy) -> tuple[Line, ...]:
    lines = []
    for lim in therapy.limitations:
        if lim.region != ctx.region:
            continue
        names = [ctx.facts.structures[s].name if s in ctx.facts.structures else s for s in lim.structures]
        text = brief(lim.text, _BRIEF_RULE)
        if names:
            text += f" [{', '.join(names)}]"
        lines.append(Line(text, cites=ctx.citations.cite(lim.refs)))
    return tuple(lines) or (Line(f"none listed for {ctx.region}"),)


def _course(ctx: _Ctx, therapy: Therapy) -> tuple[Line, ...]:
    protocol = therapy.protocol
    if protocol is None:
        return (Line("not described"),)
    lines = []
    if protocol.sessions:
        lines.append(Line(protocol.sessions, lead="Sessions:"))
    if protocol.interval:
        lines.append(Line(brief(protocol.interval, 60), lead="How often:"))
    lines.append(Line(", ".join(protocol.guidance) or "not stated", lead="Guided by:"))
    return tuple(lines)


def _regulators(ctx: _Ctx, therapy: Therapy) -> tuple[Line, ...]:
    lines = [Line(STATUS_WORDS[therapy.status], lead="Status:")]
    # The grid must fit one printed page: the legal status (not payment or
    # practice lines) for at most three places, the EU, Germany and the US first.
    status = [r for r in therapy.regulatory if r.topic == "status"] or list(therapy.regulatory)
    first: dict[str, Regulatory] = {}
    for reg in sorted(status, key=lambda r: _PLACES.index(r.jurisdiction) if r.jurisdiction in _PLACES else 9):
        first.setdefault(reg.jurisdiction, reg)
    for place, reg in list(first.items())[:_MAX_PLACES]:
        lines.append(Line(brief(reg.text, _BRIEF_RULE), lead=f"{place}:", cites=ctx.citations.cite(reg.refs)))
    if len(first) > _MAX_PLACES:
        lines.append(Line("other places: see prolo show"))
    return tuple(lines)


_PLACES = ("EU", "DE", "US", "UK")
_MAX_PLACES = 3


_BUILDERS: dict[str, Callable[[_Ctx, Therapy], tuple[Line, ...]]] = {
    "injected": _injected,
    "mechanism": _mechanism,
    "evidence": _evidence,
    "risks": _risks,
    "limits": _limits,
    "course": _course,
    "regulators": _regulators,
}


def _questions(
    facts: Facts, therapies: Sequence[Therapy], region: str
) -> tuple[tuple[Question, ...], tuple[TherapyQuestions, ...]]:
    """Questions per therapy, with those every therapy shares pulled out once."""
    per = [build_questions(facts.catalogue, t, region).questions for t in therapies]
    common = set.intersection(*({q.text for q in qs} for qs in per))
    shared = tuple(q for q in per[0] if q.text in common)
    own = tuple(TherapyQuestions(t.name, tuple(q for q in qs if q.text not in common)) for t, qs in zip(therapies, per))
    return shared, own


def _bars(facts: Facts, therapy: Therapy, region: str) -> EvidenceBars:
    here, anywhere = facts.best(therapy, region), facts.best(therapy, None)

    def found(entry: Evidence | None) -> str:
        return "no study" if entry is None else ev.finding_text(entry)

    return EvidenceBars(
        therapy.name,
        facts.level(here) if here else None,
        facts.level(anywhere) if anywhere else None,
        found(here),
        found(anywhere),
    )


def build(catalogue: Catalogue, therapies: Sequence[Therapy], region: str) -> Handout:
    facts = Facts(catalogue)
    ctx = _Ctx(facts, region, _Citations(facts))
    # Row by row, so reference numbers rise down the page as a reader meets them.
    rows = tuple(
        HandoutRow(key, question, tuple(_BUILDERS[key](ctx, t) for t in therapies))
        for key, question in region_questions(region)
    )
    chart = tuple(_bars(facts, t, region) for t in therapies)
    shared, own = _questions(facts, therapies, region)
    info = facts.catalogue.info
    return Handout(
        region=region,
        therapies=tuple(therapies),
        rows=rows,
        chart=chart,
        shared_questions=shared,
        questions=own,
        references=ctx.citations.listing(),
        title=info.title,
        reviewed=info.reviewed,
    )
