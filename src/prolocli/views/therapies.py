"""Views about therapies: list, show, compare, risks and the evidence matrix."""

from collections.abc import Sequence
from typing import NamedTuple

from prolocli import evidence as ev
from prolocli.glossary import meaning
from prolocli.records import (
    Catalogue,
    Claim,
    Evidence,
    Limitation,
    Reference,
    Regulatory,
    Risk,
    Structure,
    Therapy,
    Trial,
)
from prolocli.views.common import (
    RefNumbers,
    RouteRisk,
    risk_order,
    route_risks,
    severity_at_least,
    stale_notice,
)
from prolocli.vocab import CONDITIONS


def status_words(status: str) -> str:
    return f"{status}: {meaning(status, 'status')}"


def cannot_reach(catalogue: Catalogue, therapy: Therapy, region: str) -> list[Structure]:
    """Structures in the region its limitations name, or that no routine needle reaches."""
    named = [s for lim in therapy.limitations if lim.region == region for s in lim.structures]
    hard = [s for s in named if s in catalogue.structure_map and catalogue.structure_map[s].access != "routine"]
    return [catalogue.structure_map[s] for s in dict.fromkeys(hard)]


class Glance(NamedTuple):
    """The answer first: what a patient asks, for one therapy and region."""

    what: str
    status: str
    summary: ev.RegionSummary
    worst_risks: tuple[tuple[str, str], ...]  # (severity, frequency: text; route name or '')
    cannot_reach: tuple[Structure, ...]


def glance(catalogue: Catalogue, therapy: Therapy, region: str, risks: int = 3) -> Glance:
    own = [(r, "") for r in therapy.risks if r.applies_to(region)]
    routes = [(rr.risk, f"route: {rr.procedure.name}") for rr in route_risks(catalogue, therapy, region)]
    ranked = sorted(own + routes, key=lambda pair: risk_order(pair[0]))
    seen: set[str] = set()
    worst: list[tuple[str, str]] = []
    for risk, origin in ranked:
        if risk.text in seen:
            continue
        seen.add(risk.text)
        worst.append((f"{risk.severity}, {risk.frequency}: {risk.text}", origin))
        if len(worst) == risks:
            break
    return Glance(
        what=therapy.summary,
        status=status_words(therapy.status),
        summary=ev.region_summary(catalogue, therapy, region),
        worst_risks=tuple(worst),
        cannot_reach=tuple(cannot_reach(catalogue, therapy, region)),
    )


class EvidenceRow(NamedTuple):
    entry: Evidence
    level: int | None
    headline: str
    conflicted: bool
    refs: tuple[int, ...]


Numbers = tuple[int, ...]  # reference numbers on the page, as [1][2]


class CitedRoute(NamedTuple):
    route: RouteRisk
    refs: tuple[int, ...]


class ShowView(NamedTuple):
    therapy: Therapy
    region: str
    glance: Glance
    evidence: tuple[EvidenceRow, ...]
    risks: tuple[tuple[Risk, Numbers], ...]
    route_risks: tuple[CitedRoute, ...]
    limitations: tuple[tuple[Limitation, Numbers], ...]
    regulatory: tuple[tuple[Regulatory, Numbers], ...]
    claims: tuple[tuple[Claim, Numbers], ...]
    references: tuple[Reference, ...]  # numbered from 1
    level: int | None
    stale: str | None
    trials: tuple[Trial, ...]


def show(catalogue: Catalogue, therapy: Therapy, region: str) -> ShowView:
    numbers = RefNumbers(catalogue.refs)
    at_a_glance = glance(catalogue, therapy, region)
    # Evidence for the focus region first, then the rest, so the neck leads.
    ordered = sorted(therapy.evidence, key=lambda e: e.region != region)
    rows = tuple(
        EvidenceRow(
            e,
            ev.entry_level(e, catalogue.refs),
            ev.headline(e, catalogue.refs),
            ev.all_conflicted(catalogue.refs, e.refs),
            numbers.cite(e.refs),
        )
        for e in ordered
    )
    risks = tuple((r, numbers.cite(r.refs)) for r in sorted(therapy.risks, key=risk_order))
    routes = tuple(CitedRoute(rr, numbers.cite(rr.risk.refs)) for rr in route_risks(catalogue, therapy, region))
    limits = tuple(
        (lim, numbers.cite(lim.refs)) for lim in sorted(therapy.limitations, key=lambda x: x.region != region)
    )
    regulatory = tuple((r, numbers.cite(r.refs)) for r in therapy.regulatory)
    claims = tuple((c, numbers.cite(c.refs)) for c in catalogue.claims if c.therapy == therapy.id)
    levels = [r.level for r in rows if r.level is not None]
    return ShowView(
        therapy=therapy,
        region=region,
        glance=at_a_glance,
        evidence=rows,
        risks=risks,
        route_risks=routes,
        limitations=limits,
        regulatory=regulatory,
        claims=claims,
        references=tuple(numbers.order),
        level=min(levels) if levels else None,
        stale=stale_notice(therapy.reviewed, "entry"),
        trials=tuple(t for t in catalogue.trials if therapy.id in t.therapies),
    )


class ListRow(NamedTuple):
    therapy: Therapy
    detail: ShowView
    best_any: str

    @property
    def summary(self) -> ev.RegionSummary:
        return self.detail.glance.summary


class ListView(NamedTuple):
    region: str
    filtered: bool
    groups: tuple[tuple[str, tuple[ListRow, ...]], ...]

    @property
    def rows(self) -> tuple[ListRow, ...]:
        return tuple(row for _, rows in self.groups for row in rows)


def list_view(
    catalogue: Catalogue,
    *,
    region: str | None = None,
    category: str | None = None,
    kind: str | None = None,
) -> ListView:
    focus = region or "cervical"
    chosen = []
    for t in catalogue.therapies:
        if category and t.category != category or kind and t.kind != kind:
            continue
        if region and not (
            any(e.region == region for e in t.evidence) or any(lim.region == region for lim in t.limitations)
        ):
            continue
        chosen.append(t)
    rows = []
    for t in chosen:
        best = ev.best_entry(t.evidence, catalogue.refs)
        best_any = f"{best.indication} ({best.region}): {ev.headline(best, catalogue.refs)}" if best else "no study"
        rows.append(ListRow(t, show(catalogue, t, focus), best_any))
    groups = (
        ("Regenerative injections", tuple(r for r in rows if r.therapy.kind == "regenerative")),
        ("Comparators: the conventional options", tuple(r for r in rows if r.therapy.kind == "comparator")),
    )
    return ListView(focus, bool(region or category or kind), groups)


class CompareView(NamedTuple):
    region: str
    therapies: tuple[ShowView, ...]


def compare(catalogue: Catalogue, therapies: Sequence[Therapy], region: str) -> CompareView:
    return CompareView(region, tuple(show(catalogue, t, region) for t in therapies))


class TherapyRisks(NamedTuple):
    therapy: Therapy
    own: tuple[Risk, ...]
    routes: tuple[RouteRisk, ...]


class RisksView(NamedTuple):
    region: str | None
    min_severity: str | None
    groups: tuple[TherapyRisks, ...]
    structures: tuple[Structure, ...]


def risks(
    catalogue: Catalogue,
    *,
    region: str | None,
    therapies: Sequence[Therapy] | None = None,
    min_severity: str | None = None,
) -> RisksView:
    groups = []
    for t in therapies if therapies is not None else catalogue.therapies:
        own = tuple(
            sorted((r for r in t.risks if r.applies_to(region) and severity_at_least(r, min_severity)), key=risk_order)
        )
        routes = tuple(rr for rr in route_risks(catalogue, t, region) if severity_at_least(rr.risk, min_severity))
        if own or routes:
            groups.append(TherapyRisks(t, own, routes))

    def worst(group: TherapyRisks) -> tuple[int, int]:
        return min(risk_order(r) for r in (*group.own, *(rr.risk for rr in group.routes)))

    order = {"not-injectable": 0, "experimental": 1, "specialist": 2}
    hard = [s for s in catalogue.structures if s.access != "routine" and (region is None or s.region == region)]
    return RisksView(
        region, min_severity, tuple(sorted(groups, key=worst)), tuple(sorted(hard, key=lambda s: order[s.access]))
    )


class MatrixCell(NamedTuple):
    finding: str | None  # None: no study
    level: int | None
    refs: tuple[str, ...]

    @property
    def mark(self) -> str:
        return ev.MARK.get(self.finding or "", "")


class EvidenceMatrix(NamedTuple):
    region: str | None
    conditions: tuple[str, ...]
    rows: tuple[tuple[Therapy, tuple[MatrixCell, ...]], ...]


def evidence_matrix(catalogue: Catalogue, *, region: str | None, condition: str | None = None) -> EvidenceMatrix:
    def entries(t: Therapy, c: str) -> list[Evidence]:
        return [e for e in t.evidence if e.condition == c and (region is None or e.region == region)]

    wanted = [condition] if condition else [c for c in CONDITIONS if any(entries(t, c) for t in catalogue.therapies)]
    rows = []
    for t in catalogue.therapies:
        cells = []
        for c in wanted:
            best = ev.best_entry(entries(t, c), catalogue.refs)
            if best is None:
                cells.append(MatrixCell(None, None, ()))
            else:
                cells.append(MatrixCell(best.finding, ev.entry_level(best, catalogue.refs), best.refs))
        rows.append((t, tuple(cells)))
    return EvidenceMatrix(region, tuple(wanted), tuple(rows))
