"""Pieces every page shares: short cells, citations, links, footers."""

from __future__ import annotations

from collections.abc import Sequence

from prolocli import evidence as ev
from prolocli.doc import Field, Heading, Link, Note, Para
from prolocli.records import Reference, Risk
from prolocli.views.common import CONFLICT_LEGEND, CONFLICT_MARK, DISCLAIMER

GLANCE_SENTENCE = 150


def short(text: str, limit: int = GLANCE_SENTENCE) -> str:
    """The first sentence, or as many whole words as fit, for one-line cells."""
    first = text.split(". ")[0].rstrip(".")
    if len(first) <= limit:
        return first + "."
    words, out = first.split(), ""
    for word in words:
        if len(out) + len(word) + 1 > limit - 4:
            break
        out = f"{out} {word}".strip()
    return out + " ..."


def with_route(text: str, route: str, limit: int) -> str:
    """A shortened risk, still saying which injection route it comes from."""
    return short(text, limit) + (f" ({route})" if route else "")


def region_label(region: str) -> str:
    word = ev.region_word(region)
    return f"{word} ({region})" if word != region else region


def citation(ref: Reference) -> str:
    parts = [ref.author_text] if ref.author_text else []
    if ref.year:
        parts.append(f"({ref.year})")
    parts.append((ref.title or "[title not found]") + ".")
    if ref.journal:
        where = ref.journal
        if ref.volume:
            where += f" {ref.volume}" + (f"({ref.issue})" if ref.issue else "")
        if ref.pages:
            where += f":{ref.pages}"
        parts.append(where + ".")
    text = " ".join(parts)
    if ref.conflict:
        text += f" {CONFLICT_MARK} Conflict of interest: {ref.conflict}"
    if ref.retracted:
        text += " RETRACTED" + (f": {ref.retraction_note}" if ref.retraction_note else ".")
    return text


def identifiers(ref: Reference) -> list[Link]:
    links = []
    # One identifier a line: each can be copied whole, and a narrow terminal
    # overflows by one token at most.
    if ref.doi:
        links.append(Link(f"DOI {ref.doi}"))
    if ref.pmid:
        links.append(Link(f"PMID {ref.pmid}"))
    if ref.link:
        links.append(Link(ref.link, ref.link))
    return links


def references(refs: Sequence[Reference], numbered: bool = True) -> list[object]:
    blocks: list[object] = []
    for n, ref in enumerate(refs, 1):
        kind = ev.study_type(ref.level) if ref.level else ref.design.replace("-", " ")
        label = f"[{n}] " if numbered else f"{ref.id}: "
        blocks.append(Para(f"{label}{citation(ref)} ({kind})"))
        blocks.extend(identifiers(ref))
    return blocks


def footer(*, conflicts: bool = False, labels: Sequence[tuple[str, str]] = (), next_command: str = "") -> list[object]:
    blocks: list[object] = [Heading("What the labels mean")] if labels else []
    blocks += [Field(term, text) for term, text in labels]
    if conflicts:
        blocks.append(Note(CONFLICT_LEGEND))
    blocks.append(Note(DISCLAIMER, "italic"))
    if next_command:
        blocks.append(Note(f"Next: {next_command}"))
    return blocks


def risk_para(risk: Risk, refs_text: str) -> Para:
    return Para(f"\u2022 {risk.severity}, {risk.frequency}: {risk.text} {refs_text}".rstrip(), indent=2)
