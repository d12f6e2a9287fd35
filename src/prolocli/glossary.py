"""Plain words for every label a reader meets. One table, used by the
footers that explain a page's labels and by `prolo glossary`."""

from typing import NamedTuple


class Term(NamedTuple):
    term: str
    group: str
    meaning: str


_T = Term
TERMS: tuple[Term, ...] = (
    _T("experimental", "status", "Not approved for this use; offered in research or by some clinics."),
    _T("off-label", "status", "The product is approved for something else; using it here is outside its label."),
    _T("approved-other-use", "status", "Approved for other uses, not for this one."),
    _T("approved", "status", "Approved by a regulator for this use."),
    _T(
        "standard-care",
        "status",
        "An established treatment that no single approval covers, such as surgery or exercise.",
    ),
    _T("routine", "access", "Ordinary injections by trained clinicians reach it."),
    _T("specialist", "access", "Only specialists reach it, under image guidance."),
    _T(
        "experimental",
        "access",
        "A few clinics claim a route; nothing is published on how it is done or how safe it is.",
    ),
    _T("not-injectable", "access", "No needle route reaches it."),
    _T("common", "frequency", "Happens to many people treated (roughly 1 in 10 or more)."),
    _T("uncommon", "frequency", "Happens to some (roughly 1 in 100 to 1 in 10)."),
    _T("rare", "frequency", "Happens to few (roughly 1 in 10,000 to 1 in 100), or only case reports exist."),
    _T("very-rare", "frequency", "Isolated reports (fewer than about 1 in 10,000)."),
    _T("unknown", "frequency", "No one has counted how often it happens."),
    _T("minor", "severity", "Uncomfortable, passes by itself."),
    _T("moderate", "severity", "Needs treatment or lasts a while."),
    _T("serious", "severity", "Can cause lasting harm or need hospital care."),
    _T("life-threatening", "severity", "Can kill or disable."),
    _T("established", "mechanism certainty", "How it works has been shown in people."),
    _T("proposed", "mechanism certainty", "An explanation that has not been shown in people."),
    _T("unclear", "mechanism certainty", "No accepted explanation."),
    _T(
        "study type",
        "evidence",
        "How a question was studied (review, randomised trial, case series ...); says nothing about the answer.",
    ),
    _T(
        "finding", "evidence", "What the studies found, against what comparison: better, no better, worse, mixed, harm."
    ),
    _T("certainty", "evidence", "How sure reviewers are of a finding (GRADE): high, moderate, low, very low."),
    _T("systematic review", "study type", "A review that pooled or appraised all the trials on a question."),
    _T("randomised trial", "study type", "People assigned by chance to the treatment or a comparison."),
    _T("controlled observational study", "study type", "A comparison without random assignment."),
    _T("case series or report", "study type", "Treated people followed without a comparison group."),
    _T("expert opinion or lab work", "study type", "Opinion, mechanism, animal or laboratory work."),
    _T(
        "placebo or sham",
        "comparison",
        "A dummy injection or procedure, to separate the treatment from the act of treating.",
    ),
    _T("usual care", "comparison", "Whatever care people would have had anyway."),
    _T("\u2020", "mark", "Authors or sponsors sell or deliver the treatment (a conflict of interest)."),
    _T("retracted", "mark", "Withdrawn by its journal or authors; it counts for nothing."),
    _T("segment", "anatomy", "A spine level such as C1-C2 (in anatomy, not evidence)."),
    _T("route risk", "risk", "A danger of where the needle goes, shared by every product injected that way."),
    _T("results overdue", "trial", "Planned to finish over a year ago, with no results posted or published."),
)


def lookup(word: str) -> list[Term]:
    wanted = word.strip().lower().replace("_", "-")
    return [t for t in TERMS if wanted in (t.term.lower(), t.term.lower().replace(" ", "-"))]


def meaning(term: str, group: str) -> str:
    for t in TERMS:
        if t.term == term and t.group == group:
            return t.meaning
    return ""
