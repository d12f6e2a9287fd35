"""The catalogue's data model (schemas 1 and 2), validated with pydantic.

Field names follow the published catalogue format (docs/catalogue-format.md);
they are an interface that other people's files and the JSON output depend on.
These models are used only to validate a catalogue; the rest of prolo reads the
plain records in `prolocli.records`, built from them after validation.

Annotations here are real objects, not postponed strings: pydantic would
otherwise evaluate every one of them again each time prolo starts.
"""

from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from prolocli.text import CONTROL
from prolocli.vocab import (
    REVIEW_DESIGNS,
    Access,
    Category,
    Certainty,
    CompletionKind,
    Condition,
    Design,
    DiagnosticKind,
    Finding,
    Frequency,
    Grade,
    Guidance,
    Kind,
    PooledDesign,
    Region,
    Results,
    Role,
    Severity,
    Status,
    Topic,
    TrialStatus,
    Verdict,
    Versus,
)

RiskRegion = Literal[Region, "any"]

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
RegistryId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]{1,60}$")]


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
    topic: Topic = "status"


class Evidence(_Model):
    indication: Text
    region: Region
    summary: Text
    refs: list[Slug] = Field(min_length=1)
    # Schema 1 called a review's GRADE rating `grade`; schema 2 `certainty`.
    grade: Grade | None = None
    # Schema 2: what was found, against what, in whom. Required there (the
    # loader says so with the entry's place); a schema-1 file has none.
    condition: Condition | None = None
    versus: Versus | None = None
    versus_detail: Text | None = None
    finding: Finding | None = None
    studies: int | None = Field(default=None, ge=1)
    participants: int | None = Field(default=None, ge=1)
    follow_up: Text | None = None
    certainty: Grade | None = None

    @model_validator(mode="after")
    def _one_certainty(self) -> "Evidence":
        if self.grade is not None and self.certainty is not None:
            raise ValueError("give certainty or grade (its schema-1 name), not both")
        return self


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
    procedures: list[Slug] = Field(default_factory=list)
    reviewed: date | None = None


class Procedure(_Model):
    """A needle route: its risks apply to every therapy delivered by it."""

    id: Slug
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    structures: list[Slug] = Field(default_factory=list)
    guidance: list[Guidance] = Field(default_factory=list)
    approach: Text
    who: Text
    published: bool = True
    risks: list[Risk] = Field(min_length=1)
    refs: list[Slug] = Field(min_length=1)
    reviewed: date | None = None


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


class Threshold(_Model):
    value: Text
    proposed_by: Text
    conflict: Text | None = None
    refs: list[Slug] = Field(min_length=1)


class Diagnostic(_Model):
    id: Slug
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    kind: DiagnosticKind
    shows: Text
    thresholds: list[Threshold] = Field(default_factory=list)
    reliability: Text | None = None
    normal_variation: Text | None = None
    criticism: Text | None = None
    structures: list[Slug] = Field(default_factory=list)
    uses: list[Slug] = Field(default_factory=list)
    refs: list[Slug] = Field(min_length=1)
    reviewed: date | None = None


class Trial(_Model):
    registry: Text
    id: RegistryId
    title: Text
    sponsor: Text
    therapies: list[Slug] = Field(min_length=1)
    condition: Text | None = None
    status: TrialStatus
    status_date: date
    completion: date | None = None
    completion_kind: CompletionKind = "planned"
    results: Results = "none"
    url: Url | None = None
    refs: list[Slug] = Field(default_factory=list)
    reviewed: date | None = None


class Reference(_Model):
    id: Slug
    # One string as printed (schema 1, or an issuing body), or a list of up to
    # three names with a final "et al." when there were more. Absent only when
    # the source names no author.
    authors: Text | list[Text] | None = None
    # Absent only when the real title could not be found; `note` says so.
    title: Text | None = None
    journal: Text | None = None
    year: int | None = Field(default=None, ge=1800, le=2100)
    volume: Text | None = None
    issue: Text | None = None
    pages: Text | None = None
    design: Design
    # For reviews: the design most of the pooled studies share, when weaker
    # than a randomised trial. A meta-analysis of case series is no better
    # evidence than the case series it pools, so it ranks at their level.
    pooled: PooledDesign | None = None
    pmid: Pmid | None = None
    doi: Doi | None = None
    url: Url | None = None
    accessed: date | None = None
    conflict: Text | None = None
    note: Text | None = None
    retracted: bool = False
    retraction_note: Text | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "Reference":
        if not (self.pmid or self.doi or self.url):
            raise ValueError("needs at least one of pmid, doi or url")
        if self.pooled is not None and self.design not in REVIEW_DESIGNS:
            raise ValueError(f"pooled applies only to {' and '.join(REVIEW_DESIGNS)} references")
        if self.title is None and not (self.note and self.note.lower().startswith("title not found")):
            raise ValueError("needs a title; where the real title is unknown, begin note with 'Title not found.'")
        return self


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
