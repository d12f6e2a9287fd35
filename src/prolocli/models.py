"""The catalogue's data model (schema 1), validated with pydantic.

Field names follow the published catalogue format; they are an interface that
other people's files and the JSON output depend on.

Annotations here are real objects, not postponed strings: pydantic would
otherwise evaluate every one of them again each time prolo starts.
"""

from datetime import date
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from prolocli.text import CONTROL

Region = Literal[
    "cervical",
    "thoracic",
    "lumbar",
    "pelvis",
    "shoulder",
    "elbow",
    "hand",
    "hip",
    "knee",
    "foot",
    "general",
]
RiskRegion = Literal[Region, "any"]
Kind = Literal["regenerative", "comparator"]
Category = Literal[
    "proliferant",
    "blood-product",
    "cell-therapy",
    "growth-factor",
    "viscosupplement",
    "gas",
    "corticosteroid",
    "ablation",
    "surgery",
    "rehabilitation",
    "other",
]
Certainty = Literal["established", "proposed", "unclear"]
Role = Literal["active", "anaesthetic", "carrier", "adjunct"]
Guidance = Literal["landmark", "ultrasound", "fluoroscopy", "ct"]
Status = Literal["experimental", "off-label", "approved-other-use", "approved", "standard-care"]
Grade = Literal["high", "moderate", "low", "very-low"]
Severity = Literal["minor", "moderate", "serious", "life-threatening"]
Frequency = Literal["common", "uncommon", "rare", "very-rare", "unknown"]
Access = Literal["routine", "specialist", "not-injectable"]
Design = Literal[
    "systematic-review",
    "meta-analysis",
    "rct",
    "cohort",
    "case-control",
    "case-series",
    "case-report",
    "narrative-review",
    "expert-opinion",
    "laboratory",
    "guideline",
    "regulatory",
]
# What a review can have pooled: primary study designs weaker than a trial.
PooledDesign = Literal["cohort", "case-control", "case-series", "case-report"]
REVIEW_DESIGNS = ("systematic-review", "meta-analysis")
Verdict = Literal["supported", "partly-supported", "unsupported", "misleading", "unverifiable"]

REGIONS: tuple[str, ...] = get_args(Region)
KINDS: tuple[str, ...] = get_args(Kind)
CATEGORIES: tuple[str, ...] = get_args(Category)
SEVERITIES: tuple[str, ...] = get_args(Severity)
FREQUENCIES: tuple[str, ...] = get_args(Frequency)
ACCESSES: tuple[str, ...] = get_args(Access)
DESIGNS: tuple[str, ...] = get_args(Design)
VERDICTS: tuple[str, ...] = get_args(Verdict)

# Oxford CEBM 2011 levels for treatment benefit, simplified as the format says.
DESIGN_LEVEL: dict[str, int | None] = {
    "systematic-review": 1,
    "meta-analysis": 1,
    "rct": 2,
    "cohort": 3,
    "case-control": 3,
    "case-series": 4,
    "case-report": 4,
    "narrative-review": 5,
    "expert-opinion": 5,
    "laboratory": 5,
    "guideline": None,
    "regulatory": None,
}

# A catalogue has no honest use for characters that steer a terminal, so the
# loader refuses them with the field's path rather than printing them escaped.
_FORBIDDEN = CONTROL


def _plain_text(value: str) -> str:
    bad = _FORBIDDEN.search(value)
    if bad:
        raise ValueError(
            f"contains control character U+{ord(bad.group()):04X} at position "
            f"{bad.start() + 1}; catalogue text must be plain"
        )
    return value


Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_plain_text)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Pmid = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,9}$")]
Doi = Annotated[str, StringConstraints(pattern=r"^10\.[0-9]{4,9}/\S+$"), AfterValidator(_plain_text)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$"), AfterValidator(_plain_text)]


class _Model(BaseModel):
    # strict: TOML already has real ints, dates and lists; a quoted number is a
    # mistake worth reporting, not something to coerce silently.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


class Mechanism(_Model):
    text: Text
    certainty: Certainty


class Substance(_Model):
    name: Text
    role: Role
    detail: Text | None = None


class Protocol(_Model):
    sessions: Text | None = None
    interval: Text | None = None
    guidance: list[Guidance] = Field(default_factory=list)


class Regulatory(_Model):
    jurisdiction: Text
    text: Text
    refs: list[Slug] = Field(min_length=1)


class Evidence(_Model):
    indication: Text
    region: Region
    summary: Text
    refs: list[Slug] = Field(min_length=1)
    grade: Grade | None = None


class Risk(_Model):
    text: Text
    severity: Severity
    frequency: Frequency
    regions: list[RiskRegion] = Field(min_length=1)
    refs: list[Slug] = Field(min_length=1)


class Limitation(_Model):
    region: Region
    text: Text
    structures: list[Slug] = Field(default_factory=list)
    refs: list[Slug] = Field(default_factory=list)


class Therapy(_Model):
    id: Slug
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    kind: Kind = "regenerative"
    category: Category
    summary: Text
    mechanism: Mechanism
    substances: list[Substance] = Field(default_factory=list)
    protocol: Protocol | None = None
    status: Status
    regulatory: list[Regulatory] = Field(default_factory=list)
    evidence: list[Evidence] = Field(min_length=1)
    risks: list[Risk] = Field(min_length=1)
    limitations: list[Limitation] = Field(default_factory=list)
    reviewed: date | None = None

    def cited_ids(self) -> list[str]:
        """Reference ids this therapy cites, in first-cited order."""
        seen: dict[str, None] = {}
        for group in (self.evidence, self.risks, self.regulatory, self.limitations):
            for item in group:
                for ref in item.refs:
                    seen.setdefault(ref, None)
        return list(seen)


class Structure(_Model):
    id: Slug
    name: Text
    latin: Text | None = None
    region: Region
    level: Text
    function: Text
    access: Access
    approach: Text
    refs: list[Slug] = Field(default_factory=list)


class Reference(_Model):
    id: Slug
    authors: Text
    title: Text
    journal: Text | None = None
    year: int | None = Field(default=None, ge=1800, le=2100)
    design: Design
    # For reviews: the design most of the pooled studies share, when weaker
    # than a randomised trial. A meta-analysis of case series is no better
    # evidence than the case series it pools, so it ranks at their level.
    pooled: PooledDesign | None = None
    pmid: Pmid | None = None
    doi: Doi | None = None
    url: Url | None = None
    conflict: Text | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _has_identifier(self) -> "Reference":
        if not (self.pmid or self.doi or self.url):
            raise ValueError("needs at least one of pmid, doi or url")
        if self.pooled is not None and self.design not in REVIEW_DESIGNS:
            raise ValueError(f"pooled applies only to {' and '.join(REVIEW_DESIGNS)} references")
        return self

    @property
    def level(self) -> int | None:
        return DESIGN_LEVEL[self.pooled or self.design]


class Claim(_Model):
    """A disputed claim, shown with what the evidence says about it."""

    id: Slug
    therapy: Slug | None = None
    claim: Text
    source: Text
    verdict: Verdict
    explanation: Text
    refs: list[Slug] = Field(min_length=1)


class CatalogueInfo(_Model):
    title: Text
    reviewed: date | None = None


class Catalogue(_Model):
    """A whole validated catalogue; build it with `loader.load`, which also
    checks the cross-references pydantic cannot see."""

    schema_version: int = 1
    info: CatalogueInfo
    therapies: list[Therapy]
    structures: list[Structure]
    references: list[Reference]
    claims: list[Claim] = Field(default_factory=list)

    def reference_map(self) -> dict[str, Reference]:
        return {r.id: r for r in self.references}

    def structure_map(self) -> dict[str, Structure]:
        return {s.id: s for s in self.structures}


def evidence_level(evidence: Evidence, refs: dict[str, Reference]) -> int | None:
    """Best (lowest) CEBM level among the references an entry cites."""
    levels = [refs[r].level for r in evidence.refs if r in refs]
    known = [lv for lv in levels if lv is not None]
    return min(known) if known else None
