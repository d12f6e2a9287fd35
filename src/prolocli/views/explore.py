"""Views for the rest of the catalogue: anatomy, routes, diagnosis, trials,
references, the glossary and the evidence grading."""

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple, TypeVar

from prolocli.glossary import TERMS, Term, lookup
from prolocli.records import Catalogue, Diagnostic, Procedure, Reference, Structure, Therapy, Trial
from prolocli.views.common import stale_notice, today
from prolocli.vocab import LEVEL_DESIGNS

Entry = TypeVar("Entry", Procedure, Diagnostic)


class Mention(NamedTuple):
    therapy: str
    where: str
    text: str


class StructureView(NamedTuple):
    structure: Structure
    access_words: str
    mentions: tuple[Mention, ...]
    procedures: tuple[Procedure, ...]
    diagnostics: tuple[Diagnostic, ...]
    references: tuple[Reference, ...]


def structure_view(catalogue: Catalogue, structure: Structure) -> StructureView:
    from prolocli.glossary import meaning
    from prolocli.search import fold

    names = {fold(structure.name)[0], fold(structure.id.replace("-", " "))[0]}
    if structure.latin:
        names.add(fold(structure.latin)[0])
    found = []
    for t in catalogue.therapies:
        for lim in t.limitations:
            if structure.id in lim.structures:
                found.append(Mention(t.id, f"{t.name}, limitation ({lim.region})", lim.text))
        for e in t.evidence:
            text = f"{e.indication}: {e.summary}"
            if any(n in fold(text)[0] for n in names):
                found.append(Mention(t.id, f"{t.name}, evidence: {e.indication}", e.summary))
    return StructureView(
        structure,
        f"{structure.access}: {meaning(structure.access, 'access')}",
        tuple(found),
        tuple(p for p in catalogue.procedures if structure.id in p.structures),
        tuple(d for d in catalogue.diagnostics if structure.id in d.structures),
        tuple(catalogue.refs[r] for r in structure.refs if r in catalogue.refs),
    )


def structures(catalogue: Catalogue, *, region: str | None, access: str | None) -> tuple[Structure, ...]:
    return tuple(
        s
        for s in catalogue.structures
        if (region is None or s.region == region) and (access is None or s.access == access)
    )


class ProcedureView(NamedTuple):
    procedure: Procedure
    therapies: tuple[Therapy, ...]
    structures: tuple[Structure, ...]
    references: tuple[Reference, ...]


def procedure_view(catalogue: Catalogue, procedure: Procedure) -> ProcedureView:
    cited = list(dict.fromkeys([*procedure.refs, *(r for risk in procedure.risks for r in risk.refs)]))
    return ProcedureView(
        procedure,
        tuple(t for t in catalogue.therapies if procedure.id in t.procedures),
        tuple(catalogue.structure_map[s] for s in procedure.structures if s in catalogue.structure_map),
        tuple(catalogue.refs[r] for r in cited if r in catalogue.refs),
    )


class DiagnosticView(NamedTuple):
    diagnostic: Diagnostic
    uses: tuple[Diagnostic, ...]
    structures: tuple[Structure, ...]
    references: tuple[Reference, ...]
    stale: str | None


def diagnostic_view(catalogue: Catalogue, diagnostic: Diagnostic) -> DiagnosticView:
    by_id = {d.id: d for d in catalogue.diagnostics}
    cited = list(dict.fromkeys([*diagnostic.refs, *(r for t in diagnostic.thresholds for r in t.refs)]))
    return DiagnosticView(
        diagnostic,
        tuple(by_id[u] for u in diagnostic.uses if u in by_id),
        tuple(catalogue.structure_map[s] for s in diagnostic.structures if s in catalogue.structure_map),
        tuple(catalogue.refs[r] for r in cited if r in catalogue.refs),
        stale_notice(diagnostic.reviewed, "entry"),
    )


TRIAL_CAVEAT = "A registered trial is not an approval, and not evidence until its results are published."


class TrialRow(NamedTuple):
    trial: Trial
    overdue: bool
    stale: str | None


class TrialsView(NamedTuple):
    therapy: str | None
    rows: tuple[TrialRow, ...]


def results_overdue(trial: Trial, now: date) -> bool:
    """Planned to finish more than a year ago, and no results anywhere."""
    return trial.results == "none" and trial.completion is not None and (now - trial.completion).days > 365


def _trial_stale(trial: Trial, now: date) -> str | None:
    """A registry status over a year old may no longer be true."""
    if trial.reviewed is not None and (now - trial.reviewed).days > 365:
        return stale_notice(trial.reviewed, "entry", now)
    if (now - trial.status_date).days > 365:
        return (
            f"The registry status dates from {trial.status_date.isoformat()}, over a year ago; "
            "the trial may have moved on since."
        )
    return None


def trials(catalogue: Catalogue, therapy: Therapy | None = None) -> TrialsView:
    now = today()
    chosen = [t for t in catalogue.trials if therapy is None or therapy.id in t.therapies]
    return TrialsView(
        therapy.id if therapy else None,
        tuple(TrialRow(t, results_overdue(t, now), _trial_stale(t, now)) for t in chosen),
    )


class RefsView(NamedTuple):
    references: tuple[Reference, ...]


def refs(catalogue: Catalogue, therapy: Therapy | None) -> RefsView:
    if therapy is None:
        return RefsView(catalogue.references)
    return RefsView(tuple(catalogue.refs[r] for r in therapy.cited_ids() if r in catalogue.refs))


class GlossaryView(NamedTuple):
    terms: tuple[Term, ...]


def glossary(word: str | None) -> GlossaryView:
    if word is None:
        return GlossaryView(TERMS)
    from prolocli.errors import UsageProblem

    found = lookup(word)
    if not found:
        known = sorted({t.term for t in TERMS})
        raise UsageProblem(f"no glossary entry for '{word}' (known: {', '.join(known)})")
    return GlossaryView(tuple(found))


class LevelsView(NamedTuple):
    levels: tuple[tuple[int | None, tuple[str, ...], str], ...]
    examples: tuple[tuple[str, str], ...]


LEVEL_EXAMPLES: tuple[tuple[str, str], ...] = (
    (
        "study type",
        "How it was studied. Example: 'randomised trial' means people were assigned by chance to PRP or to a "
        "steroid injection. It does not say which did better.",
    ),
    (
        "finding",
        "What was found, against what. Example: 'no better than steroid injection (1 trial, 40 people, "
        "6 months)'. A systematic review can find that a treatment does not work.",
    ),
    (
        "certainty",
        "How sure reviewers are, where a review graded it (GRADE). Example: 'probably makes little or no "
        "difference' is a moderate-certainty finding of no effect.",
    ),
    (
        "how prolo derives it",
        "Each cited study has a design; an entry's study type is the strongest design among its cited, "
        "unretracted references (Oxford CEBM 2011, simplified). A review that pooled only weaker studies ranks "
        "at their level. A therapy with no study for a region says so, and never borrows a knee study for the neck.",
    ),
)


def levels() -> LevelsView:
    return LevelsView(LEVEL_DESIGNS, LEVEL_EXAMPLES)


def find_by_name(items: Sequence[Entry], name: str, kind: str) -> Entry:
    """A procedure or diagnostic by id, name, alias or unique prefix."""
    from prolocli.catalogue import UnknownName, suggest
    from prolocli.files import normalise

    wanted = normalise(name)
    names: dict[str, str] = {}
    for item in items:
        keys = {normalise(item.id), normalise(item.id.replace("-", " ")), normalise(item.name)}
        keys |= {normalise(a) for a in item.aliases}
        if wanted in keys:
            return item
        names.update(dict.fromkeys(keys, item.id))
    starts = {ident for key, ident in names.items() if key.startswith(wanted)} if wanted else set()
    if len(starts) == 1:
        ident = starts.pop()
        return next(i for i in items if i.id == ident)
    raise UnknownName(kind, name, sorted(starts)[:3] or suggest(wanted, names))


class StructureList(NamedTuple):
    items: tuple[Structure, ...]


class ProcedureList(NamedTuple):
    items: tuple[Procedure, ...]


class DiagnosticList(NamedTuple):
    items: tuple[Diagnostic, ...]
