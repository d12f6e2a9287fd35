"""The catalogue's fixed vocabularies, defined once.

Plain `typing` only: the models, the CLI's choices, completion and the
renderers all read these, and none of them should pay for pydantic to do so.
Each `Literal` is the type; each tuple beside it is the same list as values.
"""

from typing import Literal, get_args

Region = Literal[
    "cervical", "thoracic", "lumbar", "pelvis", "shoulder", "elbow", "hand", "hip", "knee", "foot", "general",
]  # fmt: skip
Kind = Literal["regenerative", "comparator"]
Category = Literal[
    "proliferant", "blood-product", "cell-therapy", "growth-factor", "viscosupplement", "gas",
    "corticosteroid", "ablation", "surgery", "rehabilitation", "other",
]  # fmt: skip
Certainty = Literal["established", "proposed", "unclear"]
Role = Literal["active", "anaesthetic", "carrier", "adjunct"]
Guidance = Literal["landmark", "ultrasound", "fluoroscopy", "ct"]
Status = Literal["experimental", "off-label", "approved-other-use", "approved", "standard-care"]
Grade = Literal["high", "moderate", "low", "very-low"]
Severity = Literal["minor", "moderate", "serious", "life-threatening"]
Frequency = Literal["common", "uncommon", "rare", "very-rare", "unknown"]
Access = Literal["routine", "specialist", "experimental", "not-injectable"]
Design = Literal[
    "systematic-review", "meta-analysis", "rct", "cohort", "case-control", "case-series", "case-report",
    "narrative-review", "expert-opinion", "laboratory", "guideline", "regulatory",
]  # fmt: skip
# What a review can have pooled: primary study designs weaker than a trial.
PooledDesign = Literal["cohort", "case-control", "case-series", "case-report"]
Verdict = Literal["supported", "partly-supported", "unsupported", "misleading", "unverifiable"]
Condition = Literal[
    "ligament-laxity-instability", "facet-pain", "radicular-pain", "whiplash", "nonspecific-neck-pain",
    "headache", "osteoarthritis", "tendinopathy", "low-back-pain", "other",
]  # fmt: skip
Versus = Literal["placebo-sham", "active", "usual-care", "no-treatment", "none"]
Finding = Literal["benefit", "no-difference", "worse", "mixed", "harm", "insufficient"]
Topic = Literal["status", "coverage", "practice"]
DiagnosticKind = Literal["imaging", "measurement", "examination"]
TrialStatus = Literal[
    "not-yet-recruiting", "recruiting", "enrolling-by-invitation", "active-not-recruiting", "completed",
    "suspended", "terminated", "withdrawn", "unknown",
]  # fmt: skip
CompletionKind = Literal["planned", "actual"]
Results = Literal["none", "posted", "published"]

REGIONS: tuple[str, ...] = get_args(Region)
KINDS: tuple[str, ...] = get_args(Kind)
CATEGORIES: tuple[str, ...] = get_args(Category)
STATUSES: tuple[str, ...] = get_args(Status)
SEVERITIES: tuple[str, ...] = get_args(Severity)
FREQUENCIES: tuple[str, ...] = get_args(Frequency)
ACCESSES: tuple[str, ...] = get_args(Access)
DESIGNS: tuple[str, ...] = get_args(Design)
CONDITIONS: tuple[str, ...] = get_args(Condition)
VERSUS: tuple[str, ...] = get_args(Versus)
FINDINGS: tuple[str, ...] = get_args(Finding)
GRADES: tuple[str, ...] = get_args(Grade)
DIAGNOSTIC_KINDS: tuple[str, ...] = get_args(DiagnosticKind)
TRIAL_STATUSES: tuple[str, ...] = get_args(TrialStatus)
REVIEW_DESIGNS: tuple[str, ...] = ("systematic-review", "meta-analysis")

# Words people use for a region, mapped to the catalogue's names. A name that
# maps to itself is listed too, so this is the whole accepted vocabulary.
REGION_WORDS: dict[str, str] = {
    **{r: r for r in REGIONS},
    "neck": "cervical",
    "upper-neck": "cervical",
    "craniocervical": "cervical",
    "mid-back": "thoracic",
    "low-back": "lumbar",
    "lower-back": "lumbar",
}

OUTPUT_FORMATS: tuple[str, ...] = ("table", "json", "markdown")
REF_FORMATS: tuple[str, ...] = (*OUTPUT_FORMATS, "bibtex", "ris")
HANDOUT_FORMATS: tuple[str, ...] = ("html", "markdown")

# Oxford CEBM 2011 levels for treatment benefit, simplified as the format says.
# The order of this table is the order `prolo levels` explains them in.
LEVEL_DESIGNS: tuple[tuple[int | None, tuple[str, ...], str], ...] = (
    (1, ("systematic-review", "meta-analysis"), "A review that pooled or appraised the trials on the question."),
    (2, ("rct",), "A randomised controlled trial."),
    (3, ("cohort", "case-control"), "A comparison without randomisation."),
    (4, ("case-series", "case-report"), "Treated patients followed without a comparison group."),
    (5, ("narrative-review", "expert-opinion", "laboratory"), "Opinion, mechanism or animal and lab work."),
    (None, ("guideline", "regulatory"), "Support statements of fact but grade no benefit."),
)
DESIGN_LEVEL: dict[str, int | None] = {d: level for level, designs, _ in LEVEL_DESIGNS for d in designs}
