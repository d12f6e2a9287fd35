"""What each command shows, as plain data and plain strings.

Renderers (terminal, Markdown, JSON, HTML) all start from these functions, so
they cannot disagree about what a level, a risk order or a comparison is.
"""

from __future__ import annotations

from dataclasses import dataclass

from prolocli.errors import UsageProblem
from prolocli.models import (
    REGIONS,
    SEVERITIES,
    Catalogue,
    Evidence,
    Reference,
    Risk,
    Structure,
    Therapy,
    evidence_level,
)

DISCLAIMER = "Information only, not medical advice: discuss any treatment with your own clinician."
CONFLICT_MARK = "\u2020"  # dagger: survives monochrome printing and plain text
CONFLICT_LEGEND = f"{CONFLICT_MARK} authors or sponsors sell or deliver the treatment (conflict of interest)"
ALL_CONFLICTED = "all studies from clinics offering the treatment"

LEVEL_WORDS = {
    1: "systematic reviews",
    2: "randomised trials",
    3: "controlled observational studies",
    4: "case series or reports",
    5: "expert opinion or lab work",
}
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
FREQUENCY_ORDER = ("common", "uncommon", "rare", "very-rare", "unknown")
FOCUS_REGION = "cervical"


def check_region(region: str | None, *, allow_any: bool = False) -> str | None:
    if region is None:
        return None
    wanted = region.strip().lower()
    valid = (*REGIONS, "any") if allow_any else REGIONS
    if wanted not in valid:
        raise UsageProblem(f"unknown region '{region}' (choose from: {', '.join(valid)})")
    return wanted


def level_text(level: int | None) -> str:
    if level is None:
        return "no level"
    return f"level {level}"


def design_text(ref: Reference) -> str:
    return f"{ref.design} of {ref.pooled} studies" if ref.pooled else ref.design


def level_long(level: int | None) -> str:
    if level is None:
        return "no graded evidence"
    return f"level {level} ({LEVEL_WORDS[level]})"


@dataclass(frozen=True)
class RegionEvidence:
    """The best evidence a therapy has for a region, or where its best is instead."""

    region: str
    level: int | None
    entries: int
    elsewhere_level: int | None
    elsewhere_regions: tuple[str, ...]

    @property
    def direct(self) -> bool:
        return self.entries > 0

    def text(self) -> str:
        if self.direct:
            return f"{level_long(self.level)} for {self.region}"
        if self.elsewhere_level is None:
            return f"no direct evidence for {self.region}"
        where = ", ".join(self.elsewhere_regions)
        return f"no direct evidence for {self.region}; best elsewhere: {level_text(self.elsewhere_level)} ({where})"

    def as_json(self) -> dict[str, object]:
        return {
            "region": self.region,
            "direct": self.direct,
            "level": self.level,
            "entries": self.entries,
            "best_elsewhere": None
            if self.direct or self.elsewhere_level is None
            else {"level": self.elsewhere_level, "regions": list(self.elsewhere_regions)},
            "text": self.text(),
        }


class Facts:
    """A catalogue with its lookups built once, for the questions renderers ask."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.refs: dict[str, Reference] = catalogue.reference_map()
        self.structures: dict[str, Structure] = catalogue.structure_map()

    def level(self, evidence: Evidence) -> int | None:
        return evidence_level(evidence, self.refs)

    def best_level(self, therapy: Therapy, region: str | None = None) -> int | None:
        levels = [self.level(e) for e in therapy.evidence if region is None or e.region == region]
        known = [lv for lv in levels if lv is not None]
        return min(known) if known else None

    def region_evidence(self, therapy: Therapy, region: str) -> RegionEvidence:
        here = [e for e in therapy.evidence if e.region == region]
        level = self.best_level(therapy, region)
        elsewhere_level: int | None = None
        regions: list[str] = []
        if not here:
            for entry in therapy.evidence:
                lv = self.level(entry)
                if lv is None:
                    continue
                if elsewhere_level is None or lv < elsewhere_level:
                    elsewhere_level, regions = lv, [entry.region]
                elif lv == elsewhere_level and entry.region not in regions:
                    regions.append(entry.region)
        return RegionEvidence(region, level, len(here), elsewhere_level, tuple(regions))

    def cited(self, therapy: Therapy) -> list[Reference]:
        return [self.refs[r] for r in therapy.cited_ids() if r in self.refs]

    def all_conflicted(self, ref_ids: list[str]) -> bool:
        refs = [self.refs[r] for r in ref_ids if r in self.refs]
        return bool(refs) and all(r.conflict for r in refs)

    def claims_for(self, therapy: Therapy) -> list:
        return [c for c in self.catalogue.claims if c.therapy == therapy.id]

    def ref_label(self, ref_id: str) -> str:
        ref = self.refs.get(ref_id)
        return ref_id + (CONFLICT_MARK if ref is not None and ref.conflict else "")

    def refs_text(self, ref_ids: list[str]) -> str:
        return ", ".join(self.ref_label(r) for r in ref_ids)

    def any_conflict(self, ref_ids: list[str]) -> bool:
        return any(self.refs[r].conflict for r in ref_ids if r in self.refs)


def filter_therapies(
    catalogue: Catalogue,
    *,
    category: str | None = None,
    region: str | None = None,
    kind: str | None = None,
) -> list[Therapy]:
    result = []
    for therapy in catalogue.therapies:
        if category and therapy.category != category:
            continue
        if kind and therapy.kind != kind:
            continue
        if region and not (
            any(e.region == region for e in therapy.evidence)
            or any(lim.region == region for lim in therapy.limitations)
        ):
            continue
        result.append(therapy)
    return result


def sorted_risks(risks: list[tuple[Therapy, Risk]]) -> list[tuple[Therapy, Risk]]:
    def key(pair: tuple[Therapy, Risk]) -> tuple[int, int]:
        risk = pair[1]
        return (-SEVERITY_RANK[risk.severity], FREQUENCY_ORDER.index(risk.frequency))

    return sorted(risks, key=key)


def risks_for(
    catalogue: Catalogue,
    *,
    region: str | None = None,
    therapies: list[Therapy] | None = None,
    min_severity: str | None = None,
) -> list[tuple[Therapy, Risk]]:
    floor = SEVERITY_RANK[min_severity] if min_severity else 0
    pairs = []
    for therapy in therapies if therapies is not None else catalogue.therapies:
        for risk in therapy.risks:
            if region and region not in risk.regions and "any" not in risk.regions:
                continue
            if SEVERITY_RANK[risk.severity] < floor:
                continue
            pairs.append((therapy, risk))
    return sorted_risks(pairs)


def hard_to_reach(catalogue: Catalogue, region: str | None) -> list[Structure]:
    order = {"not-injectable": 0, "specialist": 1}
    found = [s for s in catalogue.structures if s.access != "routine" and (region is None or s.region == region)]
    return sorted(found, key=lambda s: order[s.access])


def top_risks(therapy: Therapy, region: str | None, limit: int | None = 3) -> list[Risk]:
    """A therapy's risks for a region (all regions if None), most severe first."""
    pairs = [(therapy, r) for r in therapy.risks if region is None or region in r.regions or "any" in r.regions]
    return [r for _, r in sorted_risks(pairs)[:limit]]


def risk_line(risk: Risk) -> str:
    return f"{risk.severity}, {risk.frequency}: {risk.text}"


def mechanism_text(therapy: Therapy) -> str:
    return f"{therapy.mechanism.text} (certainty: {therapy.mechanism.certainty})"


def substances_text(therapy: Therapy) -> list[str]:
    lines = []
    for s in therapy.substances:
        line = f"{s.name} ({s.role})"
        if s.detail:
            line += f": {s.detail}"
        lines.append(line)
    return lines or ["not described"]


def protocol_text(therapy: Therapy) -> str:
    p = therapy.protocol
    if p is None:
        return "not described"
    parts = []
    if p.sessions:
        parts.append(f"{p.sessions} sessions")
    if p.interval:
        parts.append(p.interval)
    if p.guidance:
        parts.append("guided by " + ", ".join(p.guidance))
    return "; ".join(parts) or "not described"


def limitations_text(facts: Facts, therapy: Therapy, region: str) -> list[str]:
    lines = []
    for lim in therapy.limitations:
        if lim.region != region:
            continue
        text = lim.text
        if lim.structures:
            names = [facts.structures[s].name if s in facts.structures else s for s in lim.structures]
            text += f" [{', '.join(names)}]"
        lines.append(text)
    return lines or [f"none listed for {region}"]


def check_distinct(ids: list[str]) -> None:
    seen: set[str] = set()
    for therapy_id in ids:
        if therapy_id in seen:
            raise UsageProblem(f"'{therapy_id}' is named twice; give different therapies")
        seen.add(therapy_id)


LEVEL_ROWS: tuple[tuple[str, str, str], ...] = (
    (
        "1",
        "systematic-review, meta-analysis",
        "A review that pooled or appraised the trials on the question.",
    ),
    ("2", "rct", "A randomised controlled trial."),
    ("3", "cohort, case-control", "A comparison without randomisation."),
    ("4", "case-series, case-report", "Treated patients followed without a comparison group."),
    ("5", "narrative-review, expert-opinion, laboratory", "Opinion, mechanism or animal and lab work."),
    ("none", "guideline, regulatory", "Support statements of fact but grade no benefit."),
)

LEVELS_EXPLAINED = (
    "prolo never types a level in: it derives it. Each study a catalogue cites has a design; an evidence "
    "entry's level is the best (lowest) level among its cited studies, after the Oxford CEBM 2011 levels "
    "for treatment benefit, simplified. A therapy's level for a region is the best among its entries for "
    "that region. A review that pooled only weaker studies (such as a meta-analysis of case "
    "series) ranks at their level, not at level 1. A level says how a question was studied, not whether "
    "the answer was yes: a level-1 "
    "review can conclude that a treatment does not work. Where a cited review itself reported a GRADE "
    "certainty (high, moderate, low, very low), prolo shows it beside the level. When a therapy has no "
    "evidence for the region asked about, prolo says 'no direct evidence' and names the best evidence "
    "elsewhere instead of borrowing a level from the knee. References whose authors or sponsors sell the "
    f"treatment carry the mark {CONFLICT_MARK}."
)


def structure_mentions(catalogue: Catalogue, structure: Structure) -> list[tuple[str, str, str]]:
    """(therapy id, where, text) for limitations and evidence that name a structure."""
    from prolocli.search import fold

    names = {fold(structure.name)[0], fold(structure.id.replace("-", " "))[0]}
    if structure.latin:
        names.add(fold(structure.latin)[0])
    found = []
    for therapy in catalogue.therapies:
        for i, lim in enumerate(therapy.limitations):
            if structure.id in lim.structures:
                found.append((therapy.id, f"limitations[{i}] ({lim.region})", lim.text))
        for i, entry in enumerate(therapy.evidence):
            text = f"{entry.indication}: {entry.summary}"
            if any(n in fold(text)[0] for n in names):
                found.append((therapy.id, f"evidence[{i}] ({entry.region})", text))
    return found
