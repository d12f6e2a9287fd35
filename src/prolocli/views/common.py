"""Pieces several views share: numbered references, risk order, staleness."""

import os
from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple

from prolocli.errors import UsageProblem
from prolocli.records import Catalogue, Procedure, Reference, Risk, Therapy
from prolocli.vocab import FREQUENCIES, REGION_WORDS, SEVERITIES

DISCLAIMER = "Information only, not medical advice: discuss any treatment with your own clinician."
CONFLICT_MARK = "\u2020"
CONFLICT_LEGEND = f"{CONFLICT_MARK} authors or sponsors sell or deliver the treatment (conflict of interest)"
ALL_CONFLICTED = "all studies from clinics offering the treatment"
STALE_AFTER_DAYS = 365


def today() -> date:
    """Today's date; PROLO_TODAY (YYYY-MM-DD) sets it, for tests and reruns."""
    fixed = os.environ.get("PROLO_TODAY", "").strip()
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError:
            raise UsageProblem(f"PROLO_TODAY must be a date like 2026-12-02, not '{fixed}'") from None
    return date.today()


def stale_notice(reviewed: date | None, what: str, now: date | None = None) -> str | None:
    if reviewed is None:
        return None
    now = now or today()
    if (now - reviewed).days > STALE_AFTER_DAYS:
        return f"This {what} was last reviewed on {reviewed.isoformat()}, over a year ago; newer studies may exist."
    return None


def check_region(region: str | None) -> str | None:
    """A region as the catalogue names it; people's words ("neck") accepted."""
    if region is None:
        return None
    wanted = region.strip().lower().replace(" ", "-").replace("_", "-")
    if wanted not in REGION_WORDS:
        raise UsageProblem(f"unknown region '{region}' (choose from: {', '.join(REGION_WORDS)})")
    return REGION_WORDS[wanted]


def check_distinct(ids: Sequence[str]) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise UsageProblem(f"'{ident}' is named twice; give different therapies")
        seen.add(ident)


_SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


def risk_order(risk: Risk) -> tuple[int, int]:
    """Most severe first, then most frequent."""
    return (-_SEVERITY_RANK[risk.severity], FREQUENCIES.index(risk.frequency))


def severity_at_least(risk: Risk, floor: str | None) -> bool:
    return floor is None or _SEVERITY_RANK[risk.severity] >= _SEVERITY_RANK[floor]


class RouteRisk(NamedTuple):
    """A risk of a needle route, as it applies to a therapy given that way."""

    procedure: Procedure
    risk: Risk


def route_risks(catalogue: Catalogue, therapy: Therapy, region: str | None) -> list[RouteRisk]:
    found = []
    for pid in therapy.procedures:
        procedure = catalogue.procedure_map.get(pid)
        if procedure is None:
            continue
        found += [RouteRisk(procedure, r) for r in procedure.risks if r.applies_to(region)]
    return sorted(found, key=lambda rr: risk_order(rr.risk))


class RefNumbers:
    """References numbered in first-cited order, as [1] [2] in the text."""

    def __init__(self, refs: dict[str, Reference]) -> None:
        self._refs = refs
        self.order: list[Reference] = []
        self._number: dict[str, int] = {}

    def cite(self, ids: Iterable[str]) -> tuple[int, ...]:
        numbers = []
        for ident in ids:
            ref = self._refs.get(ident)
            if ref is None:
                continue
            if ident not in self._number:
                self.order.append(ref)
                self._number[ident] = len(self.order)
            numbers.append(self._number[ident])
        return tuple(numbers)

    def any_conflict(self) -> bool:
        return any(r.conflict for r in self.order)


def marks(numbers: Sequence[int], refs: Sequence[Reference]) -> str:
    """'[1][3]†': reference numbers, with the conflict mark where one applies."""
    out = []
    for n in numbers:
        ref = refs[n - 1]
        out.append(f"[{n}]" + (CONFLICT_MARK if ref.conflict else "") + (" retracted" if ref.retracted else ""))
    return "".join(out)
