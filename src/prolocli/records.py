"""The catalogue as plain, immutable records: what the rest of prolo reads.

The pydantic models in `prolocli.models` define and validate the format; once
a catalogue has passed them, the loader copies it into these records, and the
cache stores them. Reading a cached catalogue therefore never imports
pydantic. A test checks that every record has exactly its model's fields.

Named tuples rather than dataclasses: they are as immutable and typed, and
Python builds them ten times faster, which every run of prolo pays for.
"""

from datetime import date
from typing import NamedTuple

from prolocli.vocab import DESIGN_LEVEL


class Mechanism(NamedTuple):
    text: str
    certainty: str


class Substance(NamedTuple):
    name: str
    role: str
    detail: str | None = None


class Protocol(NamedTuple):
    sessions: str | None = None
    interval: str | None = None
    guidance: tuple[str, ...] = ()


class Regulatory(NamedTuple):
    jurisdiction: str
    text: str
    refs: tuple[str, ...]
    topic: str = "status"


class Evidence(NamedTuple):
    indication: str
    region: str
    summary: str
    refs: tuple[str, ...]
    grade: str | None = None
    condition: str | None = None
    versus: str | None = None
    versus_detail: str | None = None
    finding: str | None = None
    studies: int | None = None
    participants: int | None = None
    follow_up: str | None = None
    certainty: str | None = None

    @property
    def graded(self) -> str | None:
        """The GRADE certainty a review reported, under either schema's name."""
        return self.certainty or self.grade


class Risk(NamedTuple):
    text: str
    severity: str
    frequency: str
    regions: tuple[str, ...]
    refs: tuple[str, ...]

    def applies_to(self, region: str | None) -> bool:
        return region is None or region in self.regions or "any" in self.regions


class Limitation(NamedTuple):
    region: str
    text: str
    structures: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()


class Therapy(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    category: str
    summary: str
    mechanism: Mechanism
    substances: tuple[Substance, ...]
    protocol: Protocol | None
    status: str
    regulatory: tuple[Regulatory, ...]
    evidence: tuple[Evidence, ...]
    risks: tuple[Risk, ...]
    limitations: tuple[Limitation, ...]
    procedures: tuple[str, ...]
    reviewed: date | None

    def cited_ids(self) -> list[str]:
        """Reference ids this therapy cites, in first-cited order."""
        seen: dict[str, None] = {}
        for group in (self.evidence, self.risks, self.regulatory, self.limitations):
            for item in group:
                for ref in item.refs:
                    seen.setdefault(ref, None)
        return list(seen)


class Procedure(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...]
    structures: tuple[str, ...]
    guidance: tuple[str, ...]
    approach: str
    who: str
    published: bool
    risks: tuple[Risk, ...]
    refs: tuple[str, ...]
    reviewed: date | None


class Structure(NamedTuple):
    id: str
    name: str
    latin: str | None
    region: str
    level: str
    function: str
    access: str
    approach: str
    refs: tuple[str, ...]


class Threshold(NamedTuple):
    value: str
    proposed_by: str
    conflict: str | None
    refs: tuple[str, ...]


class Diagnostic(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    shows: str
    thresholds: tuple[Threshold, ...]
    reliability: str | None
    normal_variation: str | None
    criticism: str | None
    structures: tuple[str, ...]
    uses: tuple[str, ...]
    refs: tuple[str, ...]
    reviewed: date | None


class Trial(NamedTuple):
    registry: str
    id: str
    title: str
    sponsor: str
    therapies: tuple[str, ...]
    condition: str | None
    status: str
    status_date: date
    completion: date | None
    completion_kind: str
    results: str
    url: str | None
    refs: tuple[str, ...]
    reviewed: date | None


class Reference(NamedTuple):
    id: str
    authors: str | tuple[str, ...] | None
    title: str | None
    journal: str | None
    year: int | None
    volume: str | None
    issue: str | None
    pages: str | None
    design: str
    pooled: str | None
    pmid: str | None
    doi: str | None
    url: str | None
    accessed: date | None
    conflict: str | None
    note: str | None
    retracted: bool
    retraction_note: str | None

    @property
    def level(self) -> int | None:
        """The design's evidence level; a retracted paper supports no level."""
        if self.retracted:
            return None
        return DESIGN_LEVEL[self.pooled or self.design]

    @property
    def author_list(self) -> tuple[str, ...]:
        """Each author (or the issuing body) once, without a trailing 'et al.'."""
        if self.authors is None:
            return ()
        if isinstance(self.authors, str):
            return (self.authors,)
        return tuple(a for a in self.authors if a.strip().rstrip(".").lower() != "et al")

    @property
    def et_al(self) -> bool:
        return isinstance(self.authors, tuple) and len(self.author_list) < len(self.authors)

    @property
    def author_text(self) -> str:
        names = ", ".join(self.author_list)
        return names + (" et al." if self.et_al else "")

    @property
    def link(self) -> str | None:
        """The canonical address: the DOI, else PubMed, else the issuer's page."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return self.url


class Claim(NamedTuple):
    id: str
    therapy: str | None
    claim: str
    source: str
    verdict: str
    explanation: str
    refs: tuple[str, ...]


class CatalogueInfo(NamedTuple):
    title: str
    reviewed: date | None = None


class Catalogue(NamedTuple):
    """A whole validated catalogue, with its lookups built once (see `catalogue`)."""

    schema_version: int
    info: CatalogueInfo
    therapies: tuple[Therapy, ...]
    structures: tuple[Structure, ...]
    references: tuple[Reference, ...]
    claims: tuple[Claim, ...]
    procedures: tuple[Procedure, ...]
    diagnostics: tuple[Diagnostic, ...]
    trials: tuple[Trial, ...]
    refs: dict[str, Reference]
    structure_map: dict[str, Structure]
    procedure_map: dict[str, Procedure]


def catalogue(
    schema_version: int,
    info: CatalogueInfo,
    therapies: tuple[Therapy, ...],
    structures: tuple[Structure, ...],
    references: tuple[Reference, ...],
    claims: tuple[Claim, ...] = (),
    procedures: tuple[Procedure, ...] = (),
    diagnostics: tuple[Diagnostic, ...] = (),
    trials: tuple[Trial, ...] = (),
) -> Catalogue:
    """A Catalogue with its lookup maps derived from its tables."""
    return Catalogue(
        schema_version,
        info,
        therapies,
        structures,
        references,
        claims,
        procedures,
        diagnostics,
        trials,
        {r.id: r for r in references},
        {s.id: s for s in structures},
        {p.id: p for p in procedures},
    )


# Record classes by the name of the model they mirror (the loader's converter
# and the shape test use this).
RECORDS: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        Mechanism, Substance, Protocol, Regulatory, Evidence, Risk, Limitation, Therapy, Procedure,
        Structure, Threshold, Diagnostic, Trial, Reference, Claim, CatalogueInfo,
    )
}  # fmt: skip
