"""How each view reads on a page: views in, documents out.

Shared by the terminal and Markdown renderers, so both say the same thing in
the same order. The answer comes first (what it is, what the studies found,
what can go wrong, what cannot be reached); detail follows.
"""

from __future__ import annotations

from collections.abc import Sequence

from prolocli import doc
from prolocli import evidence as ev
from prolocli.doc import Bullets, Doc, Field, Heading, Link, Note, Para, Table, Title
from prolocli.glossary import meaning
from prolocli.records import Diagnostic, Procedure, Reference, Risk, Structure
from prolocli.views import explore as vx
from prolocli.views import therapies as vt
from prolocli.views.common import ALL_CONFLICTED, CONFLICT_LEGEND, CONFLICT_MARK, DISCLAIMER, marks
from prolocli.vocab import FREQUENCIES

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


def _region_label(region: str) -> str:
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
    ids = []
    if ref.doi:
        ids.append(f"DOI {ref.doi}")
    if ref.pmid:
        ids.append(f"PMID {ref.pmid}")
    if ids:
        links.append(Link("  ".join(ids)))
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


def _glance_blocks(g: vt.Glance, region: str) -> list[object]:
    word = ev.region_word(region).capitalize()
    blocks: list[object] = [Field("What it is", g.what), Field("Status", g.status)]
    summary = g.summary
    blocks.append(Field(f"{word}: what studies found", summary.headline, "bold"))
    if summary.elsewhere:
        blocks.append(
            Field(
                "Best evidence elsewhere (not the neck)" if region == "cervical" else "Best evidence elsewhere",
                summary.elsewhere,
                "dim",
            )
        )
    risks = [short(r, 160) for r in g.worst_risks] or ["none listed for this region"]
    blocks.append(Field(f"Worst risks ({ev.region_word(region)})", ""))
    blocks.append(Bullets(tuple(risks)))
    reach = ", ".join(f"{s.name} ({s.access})" for s in g.cannot_reach) or "nothing listed"
    blocks.append(Field("Cannot reach", reach))
    return blocks


def show(view: vt.ShowView) -> Doc:
    t, region = view.therapy, view.region
    refs = view.references
    d = Doc([Title(t.name, f"({t.id}) {t.kind}, {t.category}")])
    if view.stale:
        d.add(Note(view.stale, "warn"))
    d.add(*_glance_blocks(view.glance, region))

    d.add(Heading("What the studies found"))
    for row in view.evidence:
        e = row.entry
        d.add(Field(f"{e.indication} ({e.region})", row.headline + " " + marks(row.refs, refs)))
        d.add(Para(e.summary, indent=2))
        if row.conflicted:
            d.add(Para(f"({ALL_CONFLICTED})", "warn", indent=2))
    d.add(Heading("Risks of the treatment itself"))
    d.add(*(_risk_para(risk, marks(nums, refs)) for risk, nums in view.risks))
    if view.route_risks:
        d.add(Heading(f"Risks of the injection routes ({ev.region_word(region)})"))
        route = None
        for cr in view.route_risks:
            if cr.route.procedure.id != route:
                route = cr.route.procedure.id
                d.add(
                    Field(
                        "From the injection route",
                        cr.route.procedure.name
                        + ("" if cr.route.procedure.published else " (technique and safety unpublished)"),
                    )
                )
            d.add(_risk_para(cr.route.risk, marks(cr.refs, refs)))
    if view.limitations:
        d.add(Heading("Limits: what it cannot reach or do"))
        for lim, nums in view.limitations:
            d.add(Para(f"{lim.region}: {lim.text} {marks(nums, refs)}".rstrip(), indent=2))
    d.add(Heading("How it is thought to work"))
    d.add(
        Para(
            f"{t.mechanism.text} (certainty: {t.mechanism.certainty}, "
            f"{meaning(t.mechanism.certainty, 'mechanism certainty').lower()})",
            indent=2,
        )
    )
    if t.substances:
        d.add(Heading("What is injected"))
        d.add(Bullets(tuple(f"{s.name} ({s.role})" + (f": {s.detail}" if s.detail else "") for s in t.substances)))
    if t.protocol:
        d.add(Heading("A typical course"))
        p = t.protocol
        parts = [
            f"{p.sessions} sessions" if p.sessions else "",
            p.interval or "",
            "guided by " + ", ".join(p.guidance) if p.guidance else "",
        ]
        d.add(Para("; ".join(x for x in parts if x) or "not described", indent=2))
    if view.regulatory:
        d.add(Heading("What regulators and payers say"))
        for reg, nums in view.regulatory:
            topic = "" if reg.topic == "status" else f" ({reg.topic})"
            d.add(Para(f"{reg.jurisdiction}{topic}: {reg.text} {marks(nums, refs)}", indent=2))
    if view.claims:
        d.add(Heading("Claims checked"))
        for claim, nums in view.claims:
            d.add(Field(f"\u201c{claim.claim}\u201d", f"{claim.verdict} {marks(nums, refs)}"))
            d.add(Para(f"Source of the claim: {claim.source}. {claim.explanation}", indent=2))
    if t.aliases:
        d.add(Field("Also called", ", ".join(t.aliases), "dim"))
    if t.reviewed:
        d.add(Note(f"Entry reviewed {t.reviewed.isoformat()}."))
    d.add(Heading("References"))
    d.add(*references(refs))
    labels = [("study type", meaning("study type", "evidence")), ("finding", meaning("finding", "evidence"))]
    labels.append(("frequency", "; ".join(f"{f}: {meaning(f, 'frequency').lower()}" for f in FREQUENCIES[:4])))
    d.add(*footer(conflicts=any(r.conflict for r in refs), labels=labels, next_command=f"prolo questions {t.id}"))
    return d


def _risk_para(risk: Risk, refs_text: str) -> Para:
    return Para(f"\u2022 {risk.severity}, {risk.frequency}: {risk.text} {refs_text}".rstrip(), indent=2)


def list_view(view: vt.ListView) -> Doc:
    d = Doc()
    word = ev.region_word(view.region)
    for title, rows in view.groups:
        if not rows:
            continue
        table_rows = []
        for row in rows:
            found = row.summary.headline
            table_rows.append(((f"{row.therapy.id}\n{row.therapy.name}", "bold"), row.therapy.status, found))
        d.add(
            Table(
                ("Therapy", "Status", f"{word.capitalize()}: what studies found"),
                tuple(table_rows),
                wide=(2,),
                title=title,
            )
        )
    if not view.rows:
        d.add(Para("No therapies match these filters."))
    statuses = sorted({row.therapy.status for row in view.rows})
    d.add(
        *footer(labels=[(s, meaning(s, "status")) for s in statuses], next_command="prolo show ID, or prolo evidence")
    )
    return d


def compare(view: vt.CompareView) -> Doc:
    word = ev.region_word(view.region)
    shows = view.therapies
    names = tuple(s.therapy.name for s in shows)

    def row(label: str, cells: Sequence[str]) -> tuple[str, ...]:
        return (label, *cells)

    glance_rows = (
        row("What it is", [short(s.glance.what) for s in shows]),
        row("Status", [s.therapy.status for s in shows]),
        row(f"{word.capitalize()}: what studies found", [s.glance.summary.headline for s in shows]),
        row(
            f"Worst risks ({word})",
            ["\n".join(short(r, 90) for r in s.glance.worst_risks[:2]) or "none listed" for s in shows],
        ),
        row("Cannot reach", [", ".join(x.name for x in s.glance.cannot_reach) or "nothing listed" for s in shows]),
    )
    d = Doc([Title("Compared: " + " / ".join(s.therapy.id for s in shows), f"focus: {_region_label(view.region)}")])
    d.add(Table(("At a glance", *names), glance_rows, wide=tuple(range(1, len(shows) + 1))))
    detail = (
        row(
            "How it is thought to work",
            [f"{short(s.therapy.mechanism.text)} (certainty: {s.therapy.mechanism.certainty})" for s in shows],
        ),
        row(
            f"All {word} studies",
            ["\n".join(r.headline for r in s.evidence if r.entry.region == view.region) or "no study" for s in shows],
        ),
        row("Best evidence (any region)", [_best_any(s) for s in shows]),
        row("Injection routes", [", ".join(p for p in s.therapy.procedures) or "none listed" for s in shows]),
        row(
            "Regulators",
            [
                "\n".join(f"{reg.jurisdiction}: {short(reg.text, 90)}" for reg, _ in s.regulatory) or "nothing listed"
                for s in shows
            ],
        ),
    )
    d.add(Table(("In more detail", *names), detail, wide=tuple(range(1, len(shows) + 1))))
    labels = sorted({s.therapy.status for s in shows})
    ids = " ".join(s.therapy.id for s in shows)
    d.add(*footer(labels=[(x, meaning(x, "status")) for x in labels], next_command=f"prolo handout {ids} -o neck.html"))
    return d


def _best_any(s: vt.ShowView) -> str:
    best = [r for r in s.evidence if r.level == s.level]
    if not best:
        return "no graded study"
    r = best[0]
    return f"{r.entry.indication} ({r.entry.region}): {r.headline}"


def risks(view: vt.RisksView) -> Doc:
    where = f"the {_region_label(view.region)}" if view.region else "every region"
    d = Doc([Title(f"Risks in {where}", "grouped by therapy, worst first; route risks named")])
    for group in view.groups:
        d.add(Heading(f"{group.therapy.name} ({group.therapy.id})"))
        for risk in group.own:
            d.add(_risk_para(risk, ""))
        route = None
        for rr in group.routes:
            if rr.procedure.id != route:
                route = rr.procedure.id
                d.add(Para(f"From the injection route: {rr.procedure.name}", "dim", indent=2))
            d.add(_risk_para(rr.risk, ""))
    if not view.groups:
        d.add(Para("No risks match these filters."))
    if view.structures:
        d.add(Heading("Structures no routine injection reaches"))
        for s in view.structures:
            d.add(Field(s.name, f"segment {s.level}; access {s.access}: {meaning(s.access, 'access')}"))
    labels = [(f, meaning(f, "frequency")) for f in FREQUENCIES]
    d.add(*footer(labels=labels, next_command="prolo risks --therapy ID, or prolo procedures"))
    return d


CONDITION_SHORT = {
    "ligament-laxity-instability": "laxity/instab.",
    "facet-pain": "facet pain",
    "radicular-pain": "arm/nerve pain",
    "whiplash": "whiplash",
    "nonspecific-neck-pain": "neck pain",
    "headache": "headache",
    "osteoarthritis": "osteo-arthritis",
    "tendinopathy": "tendons",
    "low-back-pain": "low back",
    "other": "other",
}


def matrix(view: vt.EvidenceMatrix) -> Doc:
    where = _region_label(view.region) if view.region else "any region"
    d = Doc([Title("What the studies found, by condition", where)])
    headers = ("Therapy", *(CONDITION_SHORT[c] for c in view.conditions))
    rows = []
    for therapy, cells in view.rows:
        rows.append((therapy.id, *(_cell(c) for c in cells)))
    if view.conditions:
        d.add(Table(headers, tuple(rows)))
    else:
        d.add(Para(f"No study in the catalogue for {where}."))
    legend = [(mark, words) for mark, words in ev.MARK_WORDS.items()]
    legend.append(("no study", "nothing studied it for this condition and region"))
    legend.append(
        (
            "after the mark",
            "the study type the result rests on (review, trial, observational, case series, opinion/lab)",
        )
    )
    d.add(*footer(labels=legend, next_command="prolo show ID"))
    return d


def _cell(cell: vt.MatrixCell) -> doc.Cell:
    if cell.finding is None:
        return ("no study", "dim")
    kind = ev.STUDY_TYPE_SHORT.get(cell.level or 0, "ungraded")
    style = {"benefit": "good", "worse": "bad", "harm": "bad"}.get(cell.finding, "")
    return (f"{cell.mark} {kind}", style)


def structures(items: Sequence[Structure]) -> Doc:
    d = Doc()
    rows = tuple(((f"{s.id}\n{s.name}", "bold"), f"{s.level}", s.access, s.function) for s in items)
    d.add(Table(("Structure", "Segment", "Access", "Function"), rows, wide=(3,)))
    accesses = sorted({s.access for s in items})
    d.add(*footer(labels=[(a, meaning(a, "access")) for a in accesses], next_command="prolo structures ID"))
    return d


def structure(view: vx.StructureView) -> Doc:
    s = view.structure
    d = Doc([Title(s.name, f"({s.id})" + (f" {s.latin}" if s.latin else ""))])
    d.add(Field("Segment", f"{s.region}, {s.level}"), Field("Access", view.access_words))
    d.add(Heading("What it does"), Para(s.function, indent=2))
    d.add(Heading("How it could be reached"), Para(s.approach, indent=2))
    if view.procedures:
        d.add(Heading("Injection routes that target it"))
        d.add(
            Bullets(
                tuple(
                    f"{p.name} ({p.id})" + ("" if p.published else ": unpublished technique and safety")
                    for p in view.procedures
                )
            )
        )
    if view.diagnostics:
        d.add(Heading("How its injury is diagnosed (contested)"))
        d.add(
            Bullets(
                tuple(
                    f"{x.name} ({x.id})" + (f": {short(x.criticism, 110)}" if x.criticism else "")
                    for x in view.diagnostics
                )
            )
        )
    d.add(Heading("What the catalogue says about it"))
    if view.mentions:
        for m in view.mentions:
            d.add(Field(m.where, m.text))
    else:
        d.add(Para("No therapy's evidence or limitations name this structure.", indent=2))
    if view.references:
        d.add(Heading("Sources"), *references(view.references))
    d.add(*footer(next_command="prolo procedures, or prolo diagnosis"))
    return d


def procedures(items: Sequence[Procedure]) -> Doc:
    d = Doc()
    rows = tuple(
        ((f"{p.id}\n{p.name}", "bold"), ", ".join(p.guidance) or "-", "yes" if p.published else "no", str(len(p.risks)))
        for p in items
    )
    d.add(Table(("Route", "Guidance", "Published", "Risks"), rows, wide=(0,)))
    d.add(
        *footer(
            labels=[("published", "no: the technique and its safety are not described in a peer-reviewed paper")],
            next_command="prolo procedures ID",
        )
    )
    return d


def procedure(view: vx.ProcedureView) -> Doc:
    p = view.procedure
    d = Doc([Title(p.name, f"({p.id})")])
    if not p.published:
        d.add(Note("Unpublished: no peer-reviewed description of this technique or its safety exists.", "warn"))
    d.add(Field("Reaches", ", ".join(s.name for s in view.structures) or "-"))
    d.add(Field("Guidance", ", ".join(p.guidance) or "-"), Field("Approach", p.approach), Field("Who does it", p.who))
    if view.therapies:
        d.add(Field("Used to give", ", ".join(t.id for t in view.therapies)))
    d.add(Heading("Risks of this route, whatever is injected"))
    numbers = {r.id: n for n, r in enumerate(view.references, 1)}
    for risk in p.risks:
        d.add(_risk_para(risk, "".join(f"[{numbers[r]}]" for r in risk.refs if r in numbers)))
    d.add(Heading("References"), *references(view.references))
    d.add(*footer(labels=[(f, meaning(f, "frequency")) for f in FREQUENCIES], next_command="prolo risks --region neck"))
    return d


def diagnostics(items: Sequence[Diagnostic]) -> Doc:
    rows = tuple(((f"{x.id}\n{x.name}", "bold"), x.kind, short(x.shows, 120)) for x in items)
    return Doc([Table(("Test", "Kind", "What it shows"), rows, wide=(2,)), *footer(next_command="prolo diagnosis ID")])


def diagnostic(view: vx.DiagnosticView) -> Doc:
    x = view.diagnostic
    d = Doc([Title(x.name, f"({x.id}) {x.kind}")])
    if view.stale:
        d.add(Note(view.stale, "warn"))
    d.add(Field("What it shows", x.shows))
    if view.uses:
        d.add(Field("Read on", ", ".join(u.name for u in view.uses)))
    if view.structures:
        d.add(Field("Assesses", ", ".join(s.name for s in view.structures)))
    numbers = {r.id: n for n, r in enumerate(view.references, 1)}
    if x.thresholds:
        d.add(Heading("Proposed thresholds"))
        for th in x.thresholds:
            cite = "".join(f"[{numbers[r]}]" for r in th.refs if r in numbers)
            text = f"{th.value}; proposed by {th.proposed_by}" + (f". Conflict: {th.conflict}" if th.conflict else "")
            d.add(Para(f"\u2022 {text} {cite}", indent=2))
    for label, value in (
        ("How reliable", x.reliability),
        ("Normal variation", x.normal_variation),
        ("Criticism", x.criticism),
    ):
        if value:
            d.add(Heading(label), Para(value, indent=2))
    d.add(Heading("References"), *references(view.references))
    d.add(*footer(next_command="prolo structures alar-ligament"))
    return d


def trials(view: vx.TrialsView) -> Doc:
    d = Doc([Title("Registered trials", vx.TRIAL_CAVEAT)])
    for row in view.rows:
        t = row.trial
        d.add(Heading(f"{t.id}: {t.title}"))
        status = f"{t.status.replace('-', ' ')} (as of {t.status_date.isoformat()})"
        d.add(Field("Status", status), Field("Sponsor", t.sponsor), Field("Therapies", ", ".join(t.therapies)))
        if t.completion:
            d.add(Field(f"Completion ({t.completion_kind})", t.completion.isoformat()))
        results = "RESULTS OVERDUE: none posted or published" if row.overdue else t.results
        d.add(Field("Results", results, "warn" if row.overdue else ""))
        if row.stale:
            d.add(Note(row.stale, "warn"))
        if t.url:
            d.add(Link(t.url, t.url))
    if not view.rows:
        d.add(Para("No registered trials listed."))
    d.add(
        *footer(
            labels=[("results overdue", meaning("results overdue", "trial"))], next_command="prolo trials --therapy ID"
        )
    )
    return d


def refs(view: vx.RefsView) -> Doc:
    d = Doc(references(view.references, numbered=False))
    d.add(*footer(conflicts=any(r.conflict for r in view.references)))
    return d


def glossary(view: vx.GlossaryView) -> Doc:
    d = Doc([Title("What prolo's labels mean")])
    group = None
    for t in view.terms:
        if t.group != group:
            group = t.group
            d.add(Heading(group.capitalize()))
        d.add(Field(t.term, t.meaning))
    return d


def levels(view: vx.LevelsView) -> Doc:
    d = Doc([Title("Study type, finding and certainty", "three different things")])
    for label, text in view.examples:
        d.add(Field(label.capitalize(), text))
    rows = tuple(
        (ev.study_type(lv) if lv else "no study type", ", ".join(designs), meaning_)
        for lv, designs, meaning_ in view.levels
    )
    d.add(Table(("Study type", "Designs", "What it is"), rows, wide=(2,)))
    return d
