"""The handout as HTML (Jinja2 template, autoescaped) or Markdown, and saving it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from prolocli.handout.build import Line, build, level_phrase
from prolocli.handout.chart import chart_layout
from prolocli.records import Catalogue, Therapy


def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined
    from markupsafe import Markup

    from prolocli.text import escape_controls

    def visible(value: object) -> object:
        # Escaping stops markup; bidi overrides and control codes would still
        # reorder or hide text on the page, so they are shown as escapes.
        if isinstance(value, str) and not isinstance(value, Markup):
            return escape_controls(value)
        return value

    # autoescape for every template: all text in a handout comes from a
    # catalogue that anyone may write.
    return Environment(
        loader=PackageLoader("prolocli", "templates"),
        autoescape=True,
        finalize=visible,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def build_html(catalogue: Catalogue, therapies: Sequence[Therapy], region: str) -> str:
    handout = build(catalogue, therapies, region)
    template = _environment().get_template("handout.html.j2")
    html: str = template.render(h=handout, chart=chart_layout(handout.chart, region))
    return html


def _cell(lines: Sequence[Line]) -> str:
    out = []
    for line in lines:
        text = f"{line.lead} {line.text}" if line.lead else line.text
        if line.cites:
            text += " [" + ", ".join(c.label for c in line.cites) + "]"
        out.append(text)
    return "\n".join(out)


def build_markdown(catalogue: Catalogue, therapies: Sequence[Therapy], region: str) -> str:
    from prolocli.layout import citation
    from prolocli.markdown import esc, table

    h = build(catalogue, therapies, region)
    out = [f"# Questions to weigh: {esc(h.title)} ({esc(region)})", "", f"*{esc(h.disclaimer)}*", ""]
    headers = ["Question", *(t.name for t in h.therapies)]
    out += [table(headers, [[row.question, *(_cell(c) for c in row.cells)] for row in h.rows]), ""]
    out += [esc(h.shortened_note), ""]
    out += [f"## Strongest study type and what it found: {esc(region)} and anywhere", ""]
    for bars in h.chart:
        out.append(
            f"- {esc(bars.name)}: {esc(region)}: {esc(level_phrase(bars.here))}, {esc(bars.here_finding)}; "
            f"anywhere: {esc(level_phrase(bars.anywhere))}, {esc(bars.anywhere_finding)}"
        )
    out += ["", "## Questions to ask", ""]
    if h.shared_questions:
        out += ["### For every option", ""] + [f"- [ ] {esc(q.text)}" for q in h.shared_questions] + [""]
    for group in h.questions:
        out += [f"### {esc(group.name)}", ""] + [f"- [ ] {esc(q.text)}" for q in group.questions] + [""]
    out += ["## My notes", "", "&nbsp;", "", "## References", ""]
    out += [f"{c.number}. {esc(citation(ref))} {esc(ref.link or '')}" for c, ref in h.references]
    out.append("")
    if h.conflicted:
        out += [f"*{esc(h.legend)}*", ""]
    reviewed = h.reviewed.isoformat() if h.reviewed else "not stated"
    out += [f"Catalogue reviewed {esc(reviewed)}; made with prolo {esc(h.version)}.", "", f"*{esc(h.disclaimer)}*"]
    return "\n".join(out)


def save(catalogue: Catalogue, therapies: Sequence[Therapy], region: str, kind: str, output: Path | None) -> None:
    """Write the handout to `output`; on a terminal, never dump HTML on the
    screen: write prolo-handout.html (or .md) and say where."""
    import sys

    from prolocli.errors import ProloError
    from prolocli.output import write

    if output is None and sys.stdout.isatty():
        output = Path("prolo-handout.html" if kind == "html" else "prolo-handout.md")
    text = (build_html if kind == "html" else build_markdown)(catalogue, therapies, region)
    if output is None:
        write(text)
        return
    try:
        output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise ProloError(f"cannot write {output}: {exc.strerror or exc}") from None
    sys.stderr.write(f"prolo: wrote {output}\n")
