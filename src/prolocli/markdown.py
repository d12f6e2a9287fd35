"""GitHub-flavoured Markdown output: tables for lists and comparisons,
headings for a single therapy."""

from __future__ import annotations

import re
from collections.abc import Sequence

from prolocli.models import Risk, Structure, Therapy
from prolocli.reports import (
    ALL_CONFLICTED,
    CONFLICT_LEGEND,
    DISCLAIMER,
    Facts,
    design_text,
    level_long,
    level_text,
    limitations_text,
    mechanism_text,
    protocol_text,
    substances_text,
    top_risks,
)
from prolocli.text import escape_controls

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def esc(value: object) -> str:
    """Catalogue text as literal Markdown: no markup, no HTML, no control codes."""
    text = escape_controls(str(value))
    return _SPECIAL.sub(r"\\\1", text)


def cell(value: object) -> str:
    return "<br>".join(esc(line) for line in str(value).splitlines()) or " "


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    out = ["| " + " | ".join(esc(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(out)


def footer(*, legend: bool) -> str:
    lines = []
    if legend:
        lines.append(f"*{esc(CONFLICT_LEGEND)}*")
        lines.append("")
    lines.append(f"*{esc(DISCLAIMER)}*")
    return "\n".join(lines)


def list_view(facts: Facts, groups: Sequence[tuple[str, Sequence[Therapy]]]) -> str:
    parts = []
    for title, therapies in groups:
        if not therapies:
            continue
        parts.append(f"## {esc(title)}\n")
        rows = [[t.id, t.name, t.category, t.status, level_text(facts.best_level(t)), t.summary] for t in therapies]
        parts.append(table(["ID", "Name", "Category", "Status", "Best level", "Summary"], rows))
        parts.append("")
    parts.append(footer(legend=False))
    return "\n".join(parts)


def _refs(facts: Facts, ids: Sequence[str]) -> str:
    return facts.refs_text(list(ids))


def show(facts: Facts, therapy: Therapy, region: str) -> str:
    out = [f"# {esc(therapy.name)} (`{therapy.id}`)", ""]
    meta = f"{therapy.kind} · {therapy.category} · status: {therapy.status}"
    out += [esc(meta), ""]
    if therapy.aliases:
        out += [f"Also called: {esc(', '.join(therapy.aliases))}", ""]
    out += [esc(therapy.summary), ""]
    out += ["## Mechanism", "", esc(mechanism_text(therapy)), ""]
    out += ["## Substances", ""] + [f"- {esc(s)}" for s in substances_text(therapy)] + [""]
    out += ["## Typical protocol", "", esc(protocol_text(therapy)), ""]
    out += [f"## Evidence for {esc(region)}", "", esc(facts.region_evidence(therapy, region).text()), ""]
    rows = []
    for e in therapy.evidence:
        finding = e.summary + (f" ({ALL_CONFLICTED})" if facts.all_conflicted(e.refs) else "")
        if e.grade:
            finding += f" GRADE certainty reported: {e.grade}."
        rows.append([e.indication, e.region, level_text(facts.level(e)), finding, _refs(facts, e.refs)])
    out += [
        "## Evidence by indication",
        "",
        table(["Indication", "Region", "Level", "Finding", "Refs"], rows),
        "",
    ]
    risk_rows = [
        [r.severity, r.frequency, ", ".join(r.regions), r.text, _refs(facts, r.refs)]
        for r in top_risks(therapy, None, limit=None)
    ]
    out += ["## Risks", "", table(["Severity", "Frequency", "Regions", "Risk", "Refs"], risk_rows), ""]
    if therapy.limitations:
        lim_rows = []
        for lim in therapy.limitations:
            names = [facts.structures[s].name if s in facts.structures else s for s in lim.structures]
            lim_rows.append([lim.region, lim.text, ", ".join(names) or "-", _refs(facts, lim.refs) or "-"])
        out += [
            "## Limitations by region",
            "",
            table(["Region", "Limitation", "Structures", "Refs"], lim_rows),
            "",
        ]
    if therapy.regulatory:
        reg_rows = [[r.jurisdiction, r.text, _refs(facts, r.refs)] for r in therapy.regulatory]
        out += ["## Regulatory status", "", table(["Where", "What regulators say", "Refs"], reg_rows), ""]
    claims = facts.claims_for(therapy)
    if claims:
        claim_rows = [[c.claim, c.source, c.verdict, c.explanation, _refs(facts, c.refs)] for c in claims]
        out += [
            "## Claims checked",
            "",
            table(["Claim", "Source", "Verdict", "Evidence", "Refs"], claim_rows),
            "",
        ]
    cited = facts.cited(therapy)
    out += ["## References", ""]
    for i, ref in enumerate(cited, 1):
        out.append(f"{i}. {reference_line(ref)}")
    out.append("")
    out.append(footer(legend=any(r.conflict for r in cited)))
    return "\n".join(out)


def reference_line(ref) -> str:  # type: ignore[no-untyped-def]
    mark = " \u2020" if ref.conflict else ""
    bits = [f"**{esc(ref.id)}**{mark}:", esc(ref.authors)]
    if ref.year:
        bits.append(f"({ref.year})")
    bits.append(esc(ref.title) + ".")
    if ref.journal:
        bits.append(f"*{esc(ref.journal)}*.")
    bits.append(f"{esc(design_text(ref))}, {level_text(ref.level)}.")
    if ref.pmid:
        bits.append(f"[PMID {ref.pmid}](https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/)")
    if ref.doi:
        bits.append(f"[DOI {esc(ref.doi)}](https://doi.org/{_url(ref.doi)})")
    if ref.url and not (ref.pmid or ref.doi):
        bits.append(f"<{_url(ref.url)}>")
    if ref.conflict:
        bits.append(f"Conflict: {esc(ref.conflict)}.")
    return " ".join(bits)


def _url(value: str) -> str:
    # Link targets are not Markdown-escaped; keep them from closing the link.
    return value.replace(" ", "%20").replace(")", "%29").replace("(", "%28").replace(">", "%3E").replace("<", "%3C")


def compare(facts: Facts, therapies: Sequence[Therapy], region: str) -> str:
    headers = ["Aspect", *(f"{t.name} ({t.id})" for t in therapies)]
    rows: list[list[object]] = [
        ["Kind", *(t.kind for t in therapies)],
        ["Category", *(t.category for t in therapies)],
        ["Mechanism", *(mechanism_text(t) for t in therapies)],
        ["Substances", *("\n".join(substances_text(t)) for t in therapies)],
        ["Status", *(t.status for t in therapies)],
        ["Best evidence (any region)", *(level_long(facts.best_level(t)) for t in therapies)],
    ]
    evidence = []
    for t in therapies:
        text = facts.region_evidence(t, region).text()
        entries = [e for e in t.evidence if e.region == region]
        if entries and all(facts.all_conflicted(e.refs) for e in entries):
            text += f" ({ALL_CONFLICTED})"
        evidence.append(text)
    rows.append([f"Evidence for {region}", *evidence])
    rows.append(
        [
            f"Most serious risks ({region})",
            *("\n".join(f"{r.severity}, {r.frequency}: {r.text}" for r in top_risks(t, region)) for t in therapies),
        ]
    )
    rows.append([f"Limitations ({region})", *("\n".join(limitations_text(facts, t, region)) for t in therapies)])
    rows.append(["Typical protocol", *(protocol_text(t) for t in therapies)])
    rows.append(
        [
            "Regulators",
            *("\n".join(f"{r.jurisdiction}: {r.text}" for r in t.regulatory) or "nothing listed" for t in therapies),
        ]
    )
    conflicted = any(facts.any_conflict(t.cited_ids()) for t in therapies)
    return "\n".join([f"# Comparison ({esc(region)})", "", table(headers, rows), "", footer(legend=conflicted)])


def risks(
    facts: Facts, pairs: Sequence[tuple[Therapy, Risk]], structures: Sequence[Structure], region: str | None
) -> str:
    where = f"the {region} region" if region else "every region"
    out = [f"# Risks for {esc(where)}", ""]
    rows = [[r.severity, r.frequency, t.id, r.text, _refs(facts, r.refs)] for t, r in pairs]
    out += [
        table(["Severity", "Frequency", "Therapy", "Risk", "Refs"], rows) if rows else "No risks match.",
        "",
    ]
    if structures:
        out += ["## Structures that cannot be routinely injected", ""]
        out += [
            table(
                ["Structure", "Level", "Access", "Approach"],
                [[s.name, s.level, s.access, s.approach] for s in structures],
            ),
            "",
        ]
    out.append(footer(legend=any(facts.any_conflict(r.refs) for _, r in pairs)))
    return "\n".join(out)


def structures(items: Sequence[Structure]) -> str:
    rows = [[s.id, s.name, s.latin or "", s.level, s.access, s.function, s.approach] for s in items]
    return table(["ID", "Name", "Latin", "Level", "Access", "Function", "Approach"], rows)


def search(hits: Sequence, query: str) -> str:  # type: ignore[type-arg]
    out = [f"# Search: {esc(query)}", ""]
    if not hits:
        return "\n".join([*out, "Nothing matches every word."])
    for hit in hits:
        out.append(f"## {esc(hit.name)} (`{hit.id}`, {hit.kind})")
        out.append("")
        for match in hit.matches:
            out.append(f"- {esc(match.field)}: {_bolded(match.text, match.spans)}")
        out.append("")
    return "\n".join(out)


def _bolded(text: str, spans: Sequence[tuple[int, int]]) -> str:
    parts, last = [], 0
    for start, end in spans:
        if start < last:
            continue
        parts.append(esc(text[last:start]))
        parts.append(f"**{esc(text[start:end])}**")
        last = end
    parts.append(esc(text[last:]))
    return "".join(parts)


def structure_detail(structure: Structure, mentions: Sequence[tuple[str, str, str]]) -> str:
    out = [f"# {esc(structure.name)} (`{structure.id}`)", ""]
    if structure.latin:
        out += [f"*{esc(structure.latin)}*", ""]
    out += [
        f"- Region: {esc(structure.region)}, {esc(structure.level)}",
        f"- Access: {esc(structure.access)}",
    ]
    out += [f"- Function: {esc(structure.function)}", f"- Approach: {esc(structure.approach)}", ""]
    out += ["## What the catalogue says about it", ""]
    out.append(table(["Therapy", "Where", "Text"], mentions) if mentions else "Nothing names this structure.")
    return "\n".join(out)


def questions(therapy: Therapy, region: str, items: Sequence) -> str:  # type: ignore[type-arg]
    out = [f"# Questions to ask about {esc(therapy.name)} ({esc(region)})", ""]
    topic = None
    for q in items:
        if q.topic != topic:
            if topic is not None:
                out.append("")
            topic = q.topic
            out += [f"## {esc(topic)}", ""]
        out.append(f"- [ ] {esc(q.text)}")
    out += ["", f"*{esc(DISCLAIMER)}*"]
    return "\n".join(out)
