"""References for a reference manager: BibTeX and RIS."""

from __future__ import annotations

import re
from collections.abc import Sequence

from prolocli.models import Reference
from prolocli.text import CONTROL

PUBMED = "https://pubmed.ncbi.nlm.nih.gov/{}/"
DOI = "https://doi.org/{}"

_RIS_TYPE = {"regulatory": "GOVDOC", "guideline": "GOVDOC", "expert-opinion": "ELEC"}


def link(ref: Reference) -> str | None:
    if ref.pmid:
        return PUBMED.format(ref.pmid)
    if ref.doi:
        return DOI.format(ref.doi)
    return ref.url


def _plain(value: str) -> str:
    # Newlines would end a RIS line or a BibTeX field early: one line, no controls.
    return " ".join(CONTROL.sub(" ", value).split())


def _bib(value: str) -> str:
    # Braces and backslashes would end or break a BibTeX field; escape them.
    text = _plain(value).replace("\\", "\\textbackslash{}")
    return re.sub(r"([{}%&$#_])", r"\\\1", text)


def bibtex(refs: Sequence[Reference]) -> str:
    entries = []
    for ref in refs:
        kind = "article" if ref.journal and ref.design not in ("regulatory", "guideline") else "misc"
        fields = [("author", ref.authors), ("title", ref.title)]
        if ref.journal:
            fields.append(("journal", ref.journal))
        if ref.year:
            fields.append(("year", str(ref.year)))
        if ref.doi:
            fields.append(("doi", ref.doi))
        if ref.pmid:
            fields.append(("pmid", ref.pmid))
        url = ref.url or link(ref)
        if url:
            fields.append(("url", url))
        note = f"Study design: {ref.design}"
        if ref.conflict:
            note += f". Conflict of interest: {ref.conflict}"
        fields.append(("note", note))
        body = ",\n".join(f"  {k} = {{{_bib(v)}}}" for k, v in fields)
        entries.append(f"@{kind}{{{ref.id},\n{body}\n}}")
    return "\n\n".join(entries) + "\n"


def ris(refs: Sequence[Reference]) -> str:
    records = []
    for ref in refs:
        lines = [f"TY  - {_RIS_TYPE.get(ref.design, 'JOUR')}", f"ID  - {ref.id}"]
        lines += [f"AU  - {_plain(a)}" for a in _authors(ref.authors)]
        lines.append(f"TI  - {_plain(ref.title)}")
        if ref.journal:
            lines.append(f"JO  - {_plain(ref.journal)}")
        if ref.year:
            lines.append(f"PY  - {ref.year}")
        if ref.doi:
            lines.append(f"DO  - {_plain(ref.doi)}")
        if ref.pmid:
            lines.append(f"AN  - PMID:{ref.pmid}")
        url = ref.url or link(ref)
        if url:
            lines.append(f"UR  - {_plain(url)}")
        lines.append(f"N1  - Study design: {ref.design}")
        if ref.conflict:
            lines.append(f"N1  - Conflict of interest: {_plain(ref.conflict)}")
        lines.append("ER  - ")
        records.append("\n".join(lines))
    return "\n\n".join(records) + "\n"


def _authors(authors: str) -> list[str]:
    parts = [p.strip() for p in re.split(r",\s*(?=[A-Z][^,]*\s[A-Z]{1,3}\b)|;", authors) if p.strip()]
    return parts or [authors]
