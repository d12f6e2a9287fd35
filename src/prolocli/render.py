"""Terminal rendering with rich. The only module that imports rich.

Every piece of catalogue text reaches rich as a `Text` object made by `safe`,
never as a markup string, so brackets print as typed and control characters
from a catalogue are shown escaped instead of reaching the terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from prolocli.models import Reference, Structure, Therapy
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

Cell = str | Text

_SEVERITY_STYLE = {
    "life-threatening": "bold red",
    "serious": "red",
    "moderate": "yellow",
    "minor": "green",
}
_ACCESS_STYLE = {"not-injectable": "bold red", "specialist": "yellow", "routine": "green"}
# Below this width a table with several text columns stops being readable, so
# rows are printed as labelled blocks instead; nothing is dropped either way.
_TABLE_MIN = 60


def make_console(*, stderr: bool = False) -> Console:
    return Console(
        file=sys.stderr if stderr else sys.stdout,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


def safe(value: object, style: str = "") -> Text:
    """Catalogue text as inert rich Text: control characters shown escaped."""
    return Text(escape_controls(str(value)), style=style)


def _cell(value: Cell) -> Text:
    return value if isinstance(value, Text) else safe(value)


def heading(title: str) -> Text:
    return Text(title, style="bold underline")


def records(
    width: int,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    title: str | None = None,
    wide: Sequence[int] = (),
) -> RenderableType:
    """A table when there is room, labelled blocks when there is not.

    `wide` names the prose columns that share the spare width; the others
    keep their natural width so ids and short labels are not broken mid-word.
    """
    cells = [[_cell(c) for c in row] for row in rows]
    widths = _column_widths(width, headers, cells, wide) if width >= _TABLE_MIN else None
    if widths is not None:
        table = Table(title=title, title_justify="left", show_lines=True, header_style="bold")
        for name, size in zip(headers, widths):
            table.add_column(name, overflow="fold", width=size)
        for row in cells:
            table.add_row(*row)
        return table
    parts: list[RenderableType] = [heading(title)] if title else []
    for row in cells:
        block = Text()
        if row:
            first = row[0].copy()
            first.stylize("bold")
            block.append_text(first)
        for name, value in zip(headers[1:], row[1:]):
            block.append("\n")
            block.append(f"{name}: ", style="dim")
            block.append_text(value)
        parts.append(Padding(block, (0, 0, 1, 0)))
    return Group(*parts)


def _column_widths(
    width: int, headers: Sequence[str], cells: Sequence[Sequence[Text]], wide: Sequence[int]
) -> list[int] | None:
    """Fixed column widths: short columns sized to their content (whole words
    where possible), prose columns sharing the rest; None if prose would get
    too narrow to read, so the caller prints blocks instead."""
    inner = width - (3 * len(headers) + 1)  # borders and padding
    sizes: list[int] = []
    for i, name in enumerate(headers):
        if i in wide:
            sizes.append(0)
            continue
        words = [len(w) for row in cells for w in row[i].plain.split()] + [len(name)]
        lines = [len(x) for row in cells for x in row[i].plain.splitlines()] or [1]
        sizes.append(min(max(lines + [len(name)]), max(max(words), 8), 20))
    spare = inner - sum(sizes)
    prose = [i for i in range(len(headers)) if i in wide]
    if not prose:
        return sizes if spare >= 0 else None
    share = spare // len(prose)
    if share < 14:
        return None
    for i in prose:
        sizes[i] = share
    sizes[prose[-1]] += spare - share * len(prose)
    return sizes


def bullets(lines: Sequence[Cell], indent: int = 2) -> RenderableType:
    items = []
    for line in lines:
        text = Text("\u2022 ")
        text.append_text(_cell(line))
        items.append(Padding(text, (0, 0, 0, indent)))
    return Group(*items)


def footer(*, legend: bool) -> RenderableType:
    lines: list[RenderableType] = []
    if legend:
        lines.append(Text(CONFLICT_LEGEND, style="dim"))
    lines.append(Text(DISCLAIMER, style="italic"))
    return Group(*lines)


def level_cell(level: int | None) -> Text:
    return Text(level_text(level), style="bold" if level is not None and level <= 2 else "")


def severity_cell(severity: str) -> Text:
    return Text(severity, style=_SEVERITY_STYLE.get(severity, ""))


def list_view(facts: Facts, groups: Sequence[tuple[str, Sequence[Therapy]]], width: int) -> RenderableType:
    parts: list[RenderableType] = []
    for title, therapies in groups:
        if not therapies:
            continue
        rows = []
        for t in therapies:
            name = safe(t.id, "bold")
            name.append("\n")
            name.append_text(safe(t.name))
            rows.append([name, f"{t.category}\n{t.status}", level_cell(facts.best_level(t)), t.summary])
        parts.append(
            records(width, ["Therapy", "Category / status", "Best level", "Summary"], rows, title=title, wide=(3,))
        )
    if not parts:
        parts.append(Text("No therapies match these filters."))
    parts.append(Text(DISCLAIMER, style="italic"))
    return Group(*parts)


def show(facts: Facts, therapy: Therapy, region: str, width: int) -> RenderableType:
    parts: list[RenderableType] = []
    title = safe(therapy.name, "bold")
    title.append(f"  ({therapy.id})", style="dim")
    parts.append(title)
    meta = safe(f"{therapy.kind} \u00b7 {therapy.category} \u00b7 status: {therapy.status}")
    if therapy.aliases:
        meta.append("\nalso called: ")
        meta.append_text(safe(", ".join(therapy.aliases)))
    if therapy.reviewed:
        meta.append(f"\nreviewed {therapy.reviewed.isoformat()}", style="dim")
    parts.append(meta)
    parts.append(Padding(safe(therapy.summary), (1, 0, 0, 0)))

    parts.append(section("Mechanism"))
    parts.append(Padding(safe(mechanism_text(therapy)), (0, 0, 0, 2)))
    parts.append(section("Substances"))
    parts.append(bullets(substances_text(therapy)))
    parts.append(section("Typical protocol"))
    parts.append(Padding(safe(protocol_text(therapy)), (0, 0, 0, 2)))

    parts.append(section(f"Evidence for {region}"))
    parts.append(Padding(safe(facts.region_evidence(therapy, region).text()), (0, 0, 0, 2)))
    parts.append(section("Evidence by indication"))
    rows = []
    for entry in therapy.evidence:
        finding = safe(entry.summary)
        if facts.all_conflicted(entry.refs):
            finding.append(f"\n({ALL_CONFLICTED})", style="yellow")
        if entry.grade:
            finding.append(f"\nGRADE certainty reported: {entry.grade}", style="dim")
        rows.append(
            [
                entry.indication,
                entry.region,
                level_cell(facts.level(entry)),
                finding,
                facts.refs_text(entry.refs),
            ]
        )
    parts.append(records(width, ["Indication", "Region", "Level", "Finding", "Refs"], rows, wide=(0, 3)))

    parts.append(section("Risks"))
    risk_rows = [
        [severity_cell(r.severity), r.frequency, ", ".join(r.regions), r.text, facts.refs_text(r.refs)]
        for r in top_risks(therapy, None, limit=None)
    ]
    parts.append(records(width, ["Severity", "Frequency", "Regions", "Risk", "Refs"], risk_rows, wide=(3,)))

    if therapy.limitations:
        parts.append(section("Limitations by region"))
        lim_rows = []
        for lim in therapy.limitations:
            names = [facts.structures[s].name if s in facts.structures else s for s in lim.structures]
            lim_rows.append([lim.region, lim.text, ", ".join(names) or "-", facts.refs_text(lim.refs) or "-"])
        parts.append(records(width, ["Region", "Limitation", "Structures", "Refs"], lim_rows, wide=(1, 2)))

    if therapy.regulatory:
        parts.append(section("Regulatory status"))
        reg_rows = [[r.jurisdiction, r.text, facts.refs_text(r.refs)] for r in therapy.regulatory]
        parts.append(records(width, ["Where", "What regulators say", "Refs"], reg_rows, wide=(1,)))

    claims = facts.claims_for(therapy)
    if claims:
        parts.append(section("Claims checked"))
        claim_rows = [
            [f"\u201c{c.claim}\u201d ({c.source})", c.verdict, c.explanation, facts.refs_text(c.refs)] for c in claims
        ]
        parts.append(records(width, ["Claim", "Verdict", "What the evidence shows", "Refs"], claim_rows, wide=(0, 2)))

    cited = facts.cited(therapy)
    parts.append(section("References"))
    parts.append(references(cited, width))
    parts.append(footer(legend=any(r.conflict for r in cited)))
    return Group(*parts)


def section(title: str) -> RenderableType:
    return Padding(heading(title), (1, 0, 0, 0))


def citation(ref) -> str:  # type: ignore[no-untyped-def]
    parts = [ref.authors]
    if ref.year:
        parts.append(f"({ref.year})")
    parts.append(ref.title + ".")
    if ref.journal:
        parts.append(ref.journal + ".")
    return " ".join(parts)


def identifiers(ref) -> str:  # type: ignore[no-untyped-def]
    ids = []
    if ref.pmid:
        ids.append(f"PMID {ref.pmid}")
    if ref.doi:
        ids.append(f"DOI {ref.doi}")
    if ref.url and not (ref.pmid or ref.doi):
        ids.append(ref.url)
    return "\n".join(ids)


def references(refs: Sequence, width: int) -> RenderableType:  # type: ignore[type-arg]
    rows = []
    for ref in refs:
        ident = safe(ref.id)
        if ref.conflict:
            ident.append(" \u2020", style="yellow")
        cite = safe(citation(ref))
        if ref.conflict:
            cite.append("\nConflict: ", style="yellow")
            cite.append_text(safe(ref.conflict))
        rows.append([ident, f"{design_text(ref)}\n{level_text(ref.level)}", cite, identifiers(ref)])
    return records(width, ["ID", "Design", "Citation", "PMID / DOI"], rows, wide=(2, 3))


def compare(facts: Facts, therapies: Sequence[Therapy], region: str, width: int) -> RenderableType:
    aspects: list[tuple[str, list[Cell]]] = []

    def row(name: str, values: list[Cell]) -> None:
        aspects.append((name, values))

    row("Kind", [t.kind for t in therapies])
    row("Category", [t.category for t in therapies])
    row("Mechanism", [mechanism_text(t) for t in therapies])
    row("Substances", ["\n".join(substances_text(t)) for t in therapies])
    row("Status", [t.status for t in therapies])
    row("Best evidence (any region)", [level_long(facts.best_level(t)) for t in therapies])
    evidence_cells: list[Cell] = []
    for t in therapies:
        info = facts.region_evidence(t, region)
        cell = safe(info.text())
        entries = [e for e in t.evidence if e.region == region]
        if entries and all(facts.all_conflicted(e.refs) for e in entries):
            cell.append(f"\n({ALL_CONFLICTED})", style="yellow")
        evidence_cells.append(cell)
    row(f"Evidence for {region}", evidence_cells)
    risk_cells: list[Cell] = []
    for t in therapies:
        cell = Text()
        for i, risk in enumerate(top_risks(t, region)):
            if i:
                cell.append("\n")
            cell.append(risk.severity, style=_SEVERITY_STYLE[risk.severity])
            cell.append_text(safe(f", {risk.frequency}: {risk.text}"))
        risk_cells.append(cell)
    row(f"Most serious risks ({region})", risk_cells)
    row(f"Limitations ({region})", ["\n".join(limitations_text(facts, t, region)) for t in therapies])
    row("Typical protocol", [protocol_text(t) for t in therapies])
    row(
        "Regulators",
        ["\n".join(f"{r.jurisdiction}: {r.text}" for r in t.regulatory) or "nothing listed" for t in therapies],
    )

    conflicted = any(facts.any_conflict(t.cited_ids()) for t in therapies)
    per_column = width // (len(therapies) + 1)
    if per_column >= 16 and width >= _TABLE_MIN:
        table = Table(show_lines=True, expand=True, header_style="bold")
        table.add_column("Aspect", overflow="fold", style="bold", ratio=2)
        for t in therapies:
            table.add_column(safe(t.name), overflow="fold", ratio=3)
        for name, values in aspects:
            table.add_row(Text(name), *(_cell(v) for v in values))
        body: RenderableType = table
    else:
        # Too many columns for the width: one block per aspect instead.
        blocks: list[RenderableType] = []
        for name, values in aspects:
            blocks.append(section(name))
            blocks.append(
                records(
                    width,
                    ["Therapy", name],
                    [[t.name, v] for t, v in zip(therapies, values)],
                    wide=(1,),
                )
            )
        body = Group(*blocks)
    return Group(body, footer(legend=conflicted))


def risks(
    facts: Facts,
    pairs: Sequence,  # type: ignore[type-arg]
    structures: Sequence[Structure],
    region: str | None,
    width: int,
) -> RenderableType:
    where = f"for the {region} region (its own risks and general ones)" if region else "in every region"
    parts: list[RenderableType] = [Text(f"Risks {where}, most severe first", style="bold")]
    if pairs:
        rows = [[severity_cell(r.severity), r.frequency, t.id, r.text, facts.refs_text(r.refs)] for t, r in pairs]
        parts.append(records(width, ["Severity", "Frequency", "Therapy", "Risk", "Refs"], rows, wide=(3,)))
    else:
        parts.append(Text("No risks match these filters."))
    if structures:
        label = f"Structures in the {region} region" if region else "Structures"
        parts.append(section(f"{label} that cannot be routinely injected"))
        rows = [[s.name, s.level, Text(s.access, style=_ACCESS_STYLE[s.access]), s.approach] for s in structures]
        parts.append(records(width, ["Structure", "Level", "Access", "Approach"], rows, wide=(0, 3)))
    conflicted = any(facts.any_conflict(r.refs) for _, r in pairs)
    parts.append(footer(legend=conflicted))
    return Group(*parts)


def structures_table(structures: Sequence[Structure], width: int) -> RenderableType:
    rows = []
    for s in structures:
        name = safe(s.id, "bold")
        name.append("\n")
        name.append_text(safe(s.name))
        if s.latin:
            name.append("\n")
            name.append_text(safe(s.latin, "italic"))
        where = safe(s.level)
        where.append("\n")
        where.append(s.access, style=_ACCESS_STYLE[s.access])
        rows.append([name, where, s.function, s.approach])
    return records(width, ["Structure", "Level / access", "Function", "Approach"], rows, wide=(2, 3))


def highlighted(text: str, spans: Sequence[tuple[int, int]]) -> Text:
    out = safe(text)
    for start, end in spans:
        # Escaping widens control characters; only stylize spans that still line up.
        if end <= len(out.plain) and out.plain[start:end] == text[start:end]:
            out.stylize("bold reverse", start, end)
    return out


def search_results(hits: Sequence, query: str, width: int) -> RenderableType:  # type: ignore[type-arg]
    if not hits:
        return safe(f"Nothing in the catalogue matches every word of: {query}")
    rows = []
    for hit in hits:
        title = safe(hit.id, "bold")
        title.append(f"\n{hit.kind}")
        where = Text()
        for i, match in enumerate(hit.matches[:6]):
            if i:
                where.append("\n")
            where.append(f"{match.field}: ", style="dim")
            where.append_text(highlighted(match.text, match.spans))
        if len(hit.matches) > 6:
            where.append(f"\n... and {len(hit.matches) - 6} more matching fields", style="dim")
        rows.append([title, hit.name, where])
    return Group(
        safe(f"{len(hits)} result(s) for: {query}", "bold"),
        records(width, ["ID", "Name", "Where it matched"], rows, wide=(1, 2)),
    )


def structure_detail(structure: Structure, mentions: Sequence[tuple[str, str, str]], width: int) -> RenderableType:
    head = safe(structure.name, "bold")
    head.append(f"  ({structure.id})", style="dim")
    body = Text()
    if structure.latin:
        body.append_text(safe(structure.latin, "italic"))
        body.append("\n")
    body.append_text(safe(f"{structure.region}, {structure.level}"))
    body.append("\naccess: ")
    body.append(structure.access, style=_ACCESS_STYLE[structure.access])
    parts: list[RenderableType] = [head, body]
    parts += [section("Function"), Padding(safe(structure.function), (0, 0, 0, 2))]
    parts += [section("Approach"), Padding(safe(structure.approach), (0, 0, 0, 2))]
    if structure.refs:
        parts += [section("Sources"), Padding(safe(", ".join(structure.refs)), (0, 0, 0, 2))]
    parts.append(section("What the catalogue says about it"))
    if mentions:
        parts.append(records(width, ["Therapy", "Where", "Text"], [list(m) for m in mentions], wide=(2,)))
    else:
        parts.append(Padding(Text("No therapy's evidence or limitations name this structure."), (0, 0, 0, 2)))
    return Group(*parts)


def questions(therapy: Therapy, region: str, items: Sequence, width: int) -> RenderableType:  # type: ignore[type-arg]
    parts: list[RenderableType] = [safe(f"Questions to ask about {therapy.name} ({region})", "bold")]
    topic = None
    for q in items:
        if q.topic != topic:
            topic = q.topic
            parts.append(section(topic))
        parts.append(bullets([q.text]))
    parts.append(Padding(Text(DISCLAIMER, style="italic"), (1, 0, 0, 0)))
    return Group(*parts)


def levels(rows: Sequence[tuple[str, str, str]], explanation: str, width: int) -> RenderableType:
    table = records(width, ["Level", "Designs", "Meaning"], [list(r) for r in rows], wide=(1, 2))
    return Group(table, Padding(safe(explanation), (1, 0, 0, 0)))


def refs_view(refs: Sequence[Reference], width: int) -> RenderableType:
    return Group(references(refs, width), footer(legend=any(r.conflict for r in refs)))
