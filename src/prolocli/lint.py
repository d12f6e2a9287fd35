"""Warnings for a valid catalogue: what loads, but a reader should not see.

`prolo validate` prints these without failing; the bundled catalogue's tests
hold it to them strictly.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from prolocli.errors import CatalogueError, ExitCode
from prolocli.records import Catalogue

# Wording about how a catalogue was researched, not about its subject.
PLACEHOLDER = re.compile(
    r"not recorded|the notes|page seen|pages seen|copy seen|trials seen|sources seen|not shown on|"
    r"research for this|not verified|title not recorded|authors not identified|^unknown$",
    re.IGNORECASE,
)
# Hosts that copy other people's records: never the canonical address.
MIRRORS = re.compile(
    r"scribd|studylib|paperzz|booksci|researcher\.life|ouci\.dntb|rxreasoner|metajournal|qxmd|pdfslide|"
    r"vdocuments|docslib|x-mol|zhixidata|ebusca|curehunter|localhost"
)
_TRACKING = re.compile(r"[?&](utm_|fbclid|gclid|replytocom|s=|q=|query=|search)")


@dataclass(frozen=True, slots=True)
class Warning:
    path: str
    message: str


def url_problem(url: str) -> str | None:
    host = urlsplit(url).hostname or ""
    if re.fullmatch(r"[0-9.]+", host) or ":" in host:
        return "links a bare IP address; use the DOI, PubMed or the issuing body's page"
    if MIRRORS.search(host):
        return f"links a mirror ({host}); use the DOI, PubMed or the issuing body's page"
    if _TRACKING.search(url):
        return "has tracking, search or reply parameters"
    return None


def warnings(catalogue: Catalogue) -> list[Warning]:
    found: list[Warning] = []
    for ref in catalogue.references:
        base = f"reference {ref.id!r}"
        for name in ("title", "journal", "note"):
            value = getattr(ref, name)
            if value and PLACEHOLDER.search(value):
                found.append(Warning(f"{base} > {name}", "speaks of how it was researched, not of the source"))
        for author in ref.author_list:
            if PLACEHOLDER.search(author):
                found.append(Warning(f"{base} > authors", "is a placeholder, not an author"))
        if ref.title is None:
            found.append(Warning(f"{base} > title", "missing: the real title is unknown"))
        if ref.year is None:
            found.append(Warning(f"{base} > year", "missing"))
        if not (ref.doi or ref.pmid or ref.url):
            found.append(Warning(base, "has no DOI, PMID or URL: readers cannot find it"))
        if ref.url:
            problem = url_problem(ref.url)
            if problem:
                found.append(Warning(f"{base} > url", problem))
    found += stale(catalogue)
    for therapy in catalogue.therapies:
        texts = [("summary", therapy.summary), ("mechanism", therapy.mechanism.text)]
        texts += [(f"evidence[{i}]", e.summary) for i, e in enumerate(therapy.evidence)]
        texts += [(f"risks[{i}]", r.text) for i, r in enumerate(therapy.risks)]
        texts += [(f"limitations[{i}]", x.text) for i, x in enumerate(therapy.limitations)]
        texts += [(f"regulatory[{i}]", x.text) for i, x in enumerate(therapy.regulatory)]
        texts += [(f"substances[{i}]", s.detail or "") for i, s in enumerate(therapy.substances)]
        for path, text in texts:
            if PLACEHOLDER.search(text):
                found.append(Warning(f"therapy {therapy.id!r} > {path}", "speaks of how it was researched"))
    return found


def stale(catalogue: Catalogue) -> list[Warning]:
    """Entries last reviewed (or, for a trial, whose status dates from) over a year ago."""
    from prolocli.views.common import STALE_AFTER_DAYS, today

    now = today()
    dated = [(f"therapy {t.id!r}", t.reviewed) for t in catalogue.therapies]
    dated += [(f"procedure {p.id!r}", p.reviewed) for p in catalogue.procedures]
    dated += [(f"diagnostic {d.id!r}", d.reviewed) for d in catalogue.diagnostics]
    dated += [(f"trial {t.id!r}", t.reviewed) for t in catalogue.trials]
    # A registry status that old may no longer be true, however recently it was read.
    dated += [(f"trial {t.id!r} > status_date", t.status_date) for t in catalogue.trials]
    return [
        Warning(path, f"stale: last reviewed {when.isoformat()}, over a year ago")
        for path, when in dated
        if when is not None and (now - when).days > STALE_AFTER_DAYS
    ]


def report(file: Path, *, as_json: bool) -> int:
    """`prolo validate`: errors (exit 1) or ok with warnings (exit 0).

    Without --json a CatalogueError propagates to the CLI's one error funnel;
    with --json it is printed as JSON and re-raised for the exit code."""
    from prolocli.jsonout import dumps
    from prolocli.loader import load
    from prolocli.output import write

    try:
        catalogue = load(file)
    except CatalogueError as exc:
        if as_json:
            errors = [{"path": p.path, "line": p.line, "column": p.column, "message": p.message} for p in exc.problems]
            write(dumps({"errors": errors, "warnings": []}))
        raise
    found = warnings(catalogue)
    if as_json:
        write(dumps({"errors": [], "warnings": [{"path": w.path, "message": w.message} for w in found]}))
        return ExitCode.OK
    from prolocli.text import escape_controls

    for w in found:
        sys.stderr.write(escape_controls(f"{file}: warning: {w.path}: {w.message}") + "\n")
    counts = (
        f"{len(catalogue.therapies)} therapies, {len(catalogue.procedures)} procedures, "
        f"{len(catalogue.structures)} structures, {len(catalogue.diagnostics)} diagnostics, "
        f"{len(catalogue.trials)} trials, {len(catalogue.references)} references"
    )
    write(f"ok: {counts}" + (f"; {len(found)} warning(s)" if found else ""))
    return ExitCode.OK
