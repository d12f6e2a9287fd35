"""What the studies found, said in words: levels, findings and region summaries.

A level says how a question was studied; a finding says what the answer was.
Everything here pairs the two, so no output can show one without the other.
"""

from collections.abc import Sequence
from typing import NamedTuple

from prolocli.records import Catalogue, Evidence, Reference, Therapy

# What a level means in words ("study type"), never a bare number.
STUDY_TYPE = {
    1: "systematic review",
    2: "randomised trial",
    3: "controlled observational study",
    4: "case series or report",
    5: "expert opinion or lab work",
}
STUDY_TYPE_SHORT = {1: "review", 2: "trial", 3: "observational", 4: "case series", 5: "opinion/lab"}

# What was treated, in words; "other" says nothing a reader needs.
CONDITION_WORDS = {
    "ligament-laxity-instability": "ligament laxity or instability",
    "facet-pain": "facet joint pain",
    "radicular-pain": "arm (nerve-root) pain",
    "whiplash": "whiplash",
    "nonspecific-neck-pain": "neck pain",
    "headache": "headache",
    "osteoarthritis": "osteoarthritis",
    "tendinopathy": "tendon pain",
    "low-back-pain": "low back pain",
}

COMPARATOR = {
    "placebo-sham": "placebo or sham",
    "usual-care": "usual care",
    "no-treatment": "no treatment",
}

# Cochrane's standard wording for a GRADE-rated result.
_CERTAIN = {
    "benefit": {
        "high": "improves outcomes compared with {c}",
        "moderate": "probably improves outcomes compared with {c}",
        "low": "may improve outcomes compared with {c}",
        "very-low": "the evidence is very uncertain about any benefit over {c}",
    },
    "no-difference": {
        "high": "makes little or no difference compared with {c}",
        "moderate": "probably makes little or no difference compared with {c}",
        "low": "may make little or no difference compared with {c}",
        "very-low": "the evidence is very uncertain; no clear difference from {c}",
    },
}
_PLAIN = {
    "benefit": "better than {c}",
    "no-difference": "no better than {c}",
    "worse": "worse than {c}",
    "mixed": "mixed results against {c}",
    "harm": "more harm than {c}",
}

# A mark per finding, so meaning never rests on colour alone.
MARK = {
    "benefit": "+",
    "no-difference": "=",
    "worse": "-",
    "mixed": "~",
    "harm": "!",
    "insufficient": "?",
}
MARK_WORDS = {
    "+": "better than the comparison",
    "=": "no better than the comparison",
    "-": "worse than the comparison",
    "~": "mixed results",
    "!": "harm",
    "?": "no usable controlled study",
}


def entry_level(entry: Evidence, refs: dict[str, Reference]) -> int | None:
    """Best (lowest) level among an entry's cited references (a retracted one has none)."""
    known = [lv for r in entry.refs if r in refs and (lv := refs[r].level) is not None]
    return min(known) if known else None


def study_type(level: int | None) -> str:
    return STUDY_TYPE[level] if level is not None else "no graded study"


def comparator(entry: Evidence) -> str:
    if entry.versus == "active":
        return entry.versus_detail or "another treatment"
    return COMPARATOR.get(entry.versus or "", "a comparison")


def finding_text(entry: Evidence) -> str:
    """The result in words: what was found, against what."""
    finding = entry.finding
    if finding is None:
        return "finding not recorded"
    if finding == "insufficient":
        return "no usable controlled study" if entry.versus in (None, "none") else "too little evidence to tell"
    if entry.versus == "none":
        uncontrolled = {"benefit": "improvement", "harm": "harm", "mixed": "mixed results", "worse": "worsening"}
        return f"{uncontrolled.get(finding, 'no change')} reported without a control group"
    graded = entry.graded
    template = _CERTAIN.get(finding, {}).get(graded or "") or _PLAIN[finding]
    return template.format(c=comparator(entry))


def size_text(entry: Evidence, level: int | None) -> str:
    """'1 trial, 40 people, 6 months': how much the finding rests on."""
    parts = []
    if entry.studies:
        unit = "trial" if level == 2 else "study"
        plural = "studies" if unit == "study" else "trials"
        parts.append(f"{entry.studies} {unit if entry.studies == 1 else plural}")
    if entry.participants:
        parts.append(f"{entry.participants:,} people")
    if entry.follow_up:
        parts.append(entry.follow_up)
    return ", ".join(parts)


def certainty_text(entry: Evidence) -> str | None:
    graded = entry.graded
    return f"certainty of evidence: {graded.replace('-', ' ')} (GRADE)" if graded else None


def headline(entry: Evidence, refs: dict[str, Reference]) -> str:
    """One line: finding, size, study type. e.g. 'no better than steroid
    injection (1 trial, 40 people, 6 months); study type: randomised trial'."""
    level = entry_level(entry, refs)
    size = size_text(entry, level)
    text = finding_text(entry) + (f" ({size})" if size else "")
    if entry.finding == "insufficient" and entry.versus in (None, "none") and level is not None:
        return f"{text}: {study_type(level)} only"
    return f"{text}; study type: {study_type(level)}"


def _rank(entry: Evidence, refs: dict[str, Reference]) -> tuple[int, int]:
    level = entry_level(entry, refs)
    controlled = 0 if entry.versus not in (None, "none") else 1
    return (level if level is not None else 9, controlled)


def best_entry(entries: Sequence[Evidence], refs: dict[str, Reference]) -> Evidence | None:
    """The entry resting on the strongest study type; controlled before not."""
    return min(entries, key=lambda e: _rank(e, refs)) if entries else None


class RegionSummary(NamedTuple):
    """What the studies found for one region, or that there are none."""

    region: str
    entries: tuple[Evidence, ...]
    headline: str
    level: int | None
    finding: str | None
    condition: str | None
    elsewhere: str | None

    @property
    def direct(self) -> bool:
        return bool(self.entries)


def region_summary(catalogue: Catalogue, therapy: Therapy, region: str) -> RegionSummary:
    refs = catalogue.refs
    here = tuple(e for e in therapy.evidence if e.region == region)
    best = best_entry(here, refs)
    if best is not None:
        more = len(here) - 1
        treated = CONDITION_WORDS.get(best.condition or "")
        text = (f"in {treated}: " if treated else "") + headline(best, refs)
        text += f" (and {more} more finding{'s' if more > 1 else ''})" if more > 0 else ""
        return RegionSummary(region, here, text, entry_level(best, refs), best.finding, best.condition, None)
    anywhere = best_entry(therapy.evidence, refs)
    elsewhere = None
    if anywhere is not None:
        elsewhere = f"{anywhere.indication} ({anywhere.region}): {headline(anywhere, refs)}"
    return RegionSummary(region, here, f"no study for the {region_word(region)}", None, None, None, elsewhere)


def region_word(region: str) -> str:
    return {"cervical": "neck", "lumbar": "low back", "thoracic": "upper back"}.get(region, region)


def all_conflicted(refs: dict[str, Reference], ids: Sequence[str]) -> bool:
    """True when every cited reference carries a conflict of interest."""
    found = [refs[r] for r in ids if r in refs]
    return bool(found) and all(r.conflict for r in found)
