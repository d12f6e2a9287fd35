"""References for a reference manager: BibTeX and RIS."""

from __future__ import annotations

import re
from collections.abc import Sequence

from prolocli.records import Reference
from prolocli.text import CONTROL

_RIS_TYPE = {"regulatory": "GOVDOC", "guideline": "GOVDOC", "expert-opinion": "ELEC"}


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
        # " and " between names is how BibTeX tells authors apart; "others" is its et al.
        names = list(ref.author_list) + (["others"] if ref.et_al else [])
        fields = [("author", " and ".join(names)), ("title", ref.title or "")]
        if ref.journal:
            fields.append(("journal", ref.journal))
        if ref.year:
            fields.append(("year", str(ref.year)))
        if ref.doi:
            fields.append(("doi", ref.doi))
        if ref.pmid:
            fields.append(("pmid", ref.pmid))
        if ref.link:
            fields.append(("url", ref.link))
        note = f"Study design: {ref.design}"
        if ref.retracted:
            note += ". RETRACTED" + (f": {ref.retraction_note}" if ref.retraction_note else "")
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
        lines += [f"AU  - {_plain(a)}" for a in ref.author_list]
        if ref.title:
            lines.append(f"TI  - {_plain(ref.title)}")
        if ref.journal:
            lines.append(f"JO  - {_plain(ref.journal)}")
        if ref.year:
            lines.append(f"PY  - {ref.year}")
        if ref.doi:
            lines.append(f"DO  - {_plain(ref.doi)}")
        if ref.pmid:
            lines.append(f"AN  - PMID:{ref.pmid}")
        if ref.link:
            lines.append(f"UR  - {_plain(ref.link)}")
        lines.append(f"N1  - Study design: {ref.design}")
        if ref.retracted:
            lines.append("N1  - RETRACTED" + (f": {_plain(ref.retraction_note)}" if ref.retraction_note else ""))
        if ref.conflict:
            lines.append(f"N1  - Conflict of interest: {_plain(ref.conflict)}")
        lines.append("ER  - ")
        records.append("\n".join(lines))
    return "\n\n".join(records) + "\n"
