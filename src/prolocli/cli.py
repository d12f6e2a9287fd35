"""The prolo command line. The only module that imports typer; it stays thin:
parse the arguments, build the command's view, hand it to `present.emit`."""

import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from prolocli import __version__
from prolocli import vocab as v
from prolocli.errors import CatalogueError, ExitCode, ProloError, UsageProblem

# Everything else is imported inside the commands: completion and --help
# should not pay for the catalogue, the views or rich.


class ProloGroup(TyperGroup):
    """Routes every failure through one place: one line on stderr, a fixed exit code."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any) -> Any:  # type: ignore[override]
        extra.pop("standalone_mode", None)
        try:
            result = super().main(args=args, prog_name=prog_name or "prolo", standalone_mode=False, **extra)
        except typer.Exit as exc:
            sys.exit(exc.exit_code)
        except typer.Abort:
            _error("aborted")
            sys.exit(130)
        except typer.TyperException as exc:  # click's usage errors and friends
            code = getattr(exc, "exit_code", ExitCode.USAGE)
            _usage_error(exc)
            sys.exit(code)
        except CatalogueError as exc:
            for problem in exc.problems:
                _error(problem.render(exc.source), prefix=False)
            sys.exit(exc.code)
        except ProloError as exc:
            _error(exc.message)
            sys.exit(exc.code)
        except BrokenPipeError:
            _quiet_stdout()
            sys.exit(ExitCode.OK)
        except KeyboardInterrupt:
            sys.exit(130)
        sys.exit(result if isinstance(result, int) else ExitCode.OK)


def _error(message: str, *, prefix: bool = True) -> None:
    from prolocli.text import escape_controls

    # Escaped: the message may quote user input or catalogue text.
    text = escape_controls(("prolo: " if prefix else "") + message)
    try:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    except (BrokenPipeError, OSError):
        pass


def _usage_error(exc: Exception) -> None:
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    ctx = getattr(exc, "ctx", None)
    hint = f" (see '{ctx.command_path} --help')" if ctx is not None and ctx.command_path else ""
    if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
        sys.stdout.write(ctx.get_help() + "\n")
        sys.exit(ExitCode.OK)
    _error(" ".join(message.split()) + hint)


def _quiet_stdout() -> None:
    # The reader went away (e.g. `| head`): stop writing, and keep Python from
    # complaining about the unflushed buffer on exit.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


EXAMPLES = """Examples:

  prolo list                          every therapy, with what the neck studies found

  prolo show prp                      one therapy: the answer first, then detail

  prolo compare prolotherapy msc      side by side

  prolo risks --region neck           what can go wrong, by therapy and route

  prolo evidence                      what was found, therapy by condition

Information only, not medical advice."""

app = typer.Typer(
    cls=ProloGroup,
    name="prolo",
    help=(
        "An offline reference to regenerative injection therapies for neck ligaments: what each is, "
        "what the studies found, what can go wrong, what it cannot reach."
    ),
    epilog=EXAMPLES,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


class State:
    def __init__(self, catalog: Optional[Path], use_cache: bool) -> None:
        self.catalog = catalog
        self.use_cache = use_cache
        self._catalogue: Any = None

    def catalogue(self) -> Any:
        if self._catalogue is None:
            from prolocli.catalogue import open_catalogue

            self._catalogue = open_catalogue(self.catalog, use_cache=self.use_cache)
        return self._catalogue


def _state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State(None, True)
    return root.obj


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"prolo {__version__}\n")
        raise typer.Exit()


def _catalog_from(ctx: typer.Context) -> Optional[Path]:
    value = ctx.find_root().params.get("catalog") or os.environ.get("PROLO_CATALOG") or None
    return Path(value) if value else None


def complete_therapy(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from prolocli.catalogue import names_for_completion

    use_cache = not ctx.find_root().params.get("no_cache")
    names = names_for_completion(_catalog_from(ctx), use_cache=use_cache)
    wanted = incomplete.casefold()
    chosen = set(ctx.params.get("therapies") or [])
    # Shells split completions at spaces, so multi-word aliases are left to typing.
    return [(n, h) for n, h in names if n.casefold().startswith(wanted) and n not in chosen and " " not in n]


def _complete_ids(table: str) -> Any:
    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        from prolocli.catalogue import ids_for_completion

        use_cache = not ctx.find_root().params.get("no_cache")
        names = ids_for_completion(_catalog_from(ctx), table, use_cache=use_cache)
        return [(n, h) for n, h in names if n.startswith(incomplete.lower())]

    return complete


def _complete_from(values: Sequence[str]) -> Any:
    def complete(incomplete: str) -> list[str]:
        return [x for x in values if x.startswith(incomplete.lower())]

    return complete


def _choice(flag: str, short: str, help: str, values: Sequence[str]) -> Any:
    """An option whose value is one of a fixed list, completed from that list."""
    return typer.Option(flag, short, help=help, autocompletion=_complete_from(values), show_default=False)


def _one_of(value: Optional[str], values: Sequence[str], what: str) -> Optional[str]:
    if value is None:
        return None
    wanted = value.strip().lower()
    if wanted not in values:
        raise UsageProblem(f"unknown {what} '{value}' (choose from: {', '.join(values)})")
    return wanted


@app.callback()
def root(
    ctx: typer.Context,
    catalog: Annotated[
        Optional[Path],
        typer.Option(
            "--catalog",
            envvar="PROLO_CATALOG",
            help="Use this catalogue file (also PROLO_CATALOG).",
            show_default=False,
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Validate the catalogue afresh (also PROLO_NO_CACHE=1).")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show prolo's version and exit.")
    ] = False,
) -> None:
    ctx.obj = State(catalog, not no_cache)


FormatOpt = Annotated[Optional[str], _choice("--format", "-f", "table, json or markdown.", v.OUTPUT_FORMATS)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
NoPagerOpt = Annotated[bool, typer.Option("--no-pager", help="Print everything at once (also PROLO_PAGER=cat).")]
RegionOpt = Annotated[
    str,
    _choice(
        "--region", "-r", "Region to focus on: neck (cervical), low-back (lumbar), knee ...", tuple(v.REGION_WORDS)
    ),
]
TherapyArg = Annotated[
    str, typer.Argument(help="Therapy id or alias.", autocompletion=complete_therapy, show_default=False)
]
TherapiesArg = Annotated[
    list[str], typer.Argument(help="Therapy ids or aliases.", autocompletion=complete_therapy, show_default=False)
]


def _format(fmt: Optional[str], as_json: bool, formats: Sequence[str] = v.OUTPUT_FORMATS) -> str:
    chosen = _one_of(fmt, formats, "format")
    if as_json and chosen not in (None, "json"):
        raise UsageProblem("--json and --format are different choices; give one")
    return "json" if as_json else (chosen or "table")


def _emit(view: Any, fmt: str, no_pager: bool = False) -> None:
    from prolocli.present import emit

    emit(view, fmt, pager=not no_pager)


def _region(region: Optional[str]) -> Optional[str]:
    from prolocli.views.common import check_region

    return check_region(region)


def _therapies(ctx: typer.Context, names: Sequence[str]) -> list[Any]:
    from prolocli.catalogue import find_therapy
    from prolocli.views.common import check_distinct

    catalogue = _state(ctx).catalogue()
    found = [find_therapy(catalogue, name) for name in names]
    check_distinct([t.id for t in found])
    return found


@app.command("list")
def list_cmd(
    ctx: typer.Context,
    category: Annotated[Optional[str], _choice("--category", "-c", "Only this category.", v.CATEGORIES)] = None,
    region: Annotated[
        Optional[str],
        _choice(
            "--region", "-r", "Only therapies studied or limited there; summarise that region.", tuple(v.REGION_WORDS)
        ),
    ] = None,
    kind: Annotated[Optional[str], _choice("--kind", "-k", "regenerative or comparator.", v.KINDS)] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """The therapies, with what the studies found for the neck (or --region).

    Examples:

        prolo list

        prolo list --region neck --kind regenerative

        prolo list --json
    """
    from prolocli.views.therapies import list_view

    output = _format(fmt, as_json)
    view = list_view(
        _state(ctx).catalogue(),
        region=_region(region),
        category=_one_of(category, v.CATEGORIES, "category"),
        kind=_one_of(kind, v.KINDS, "kind"),
    )
    _emit(view, output, no_pager)


@app.command()
def show(
    ctx: typer.Context,
    therapy: TherapyArg,
    region: RegionOpt = "cervical",
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """One therapy: the answer first (what it is, what was found, worst risks, what it cannot reach), then detail.

    Examples:

        prolo show prp

        prolo show "stem cells" --region knee

        prolo show prolotherapy --json
    """
    from prolocli.views.therapies import show as build

    output = _format(fmt, as_json)
    (found,) = _therapies(ctx, [therapy])
    _emit(build(_state(ctx).catalogue(), found, _region(region) or "cervical"), output, no_pager)


@app.command()
def compare(
    ctx: typer.Context,
    therapies: TherapiesArg,
    region: RegionOpt = "cervical",
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """Two or more therapies side by side, the answer first.

    Examples:

        prolo compare prolotherapy msc

        prolo compare prp corticosteroid-injection cervical-fusion

        prolo compare prp msc --json
    """
    from prolocli.views.therapies import compare as build

    output = _format(fmt, as_json)
    if len(therapies) < 2:
        raise UsageProblem("compare needs at least two therapies, e.g. 'prolo compare prp msc'")
    _emit(build(_state(ctx).catalogue(), _therapies(ctx, therapies), _region(region) or "cervical"), output, no_pager)


@app.command()
def risks(
    ctx: typer.Context,
    region: Annotated[
        Optional[str],
        _choice(
            "--region",
            "-r",
            "Region (its own risks plus general ones): neck, low-back, knee ...",
            tuple(v.REGION_WORDS),
        ),
    ] = None,
    therapy: Annotated[
        Optional[str],
        typer.Option("--therapy", "-t", help="Only this therapy.", autocompletion=complete_therapy, show_default=False),
    ] = None,
    min_severity: Annotated[
        Optional[str], _choice("--min-severity", "-s", "minor, moderate, serious or life-threatening.", v.SEVERITIES)
    ] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """What can go wrong: each therapy's own risks and its injection routes' risks, worst first.

    Examples:

        prolo risks --region neck

        prolo risks --region neck --therapy prp

        prolo risks --min-severity serious --json
    """
    from prolocli.views.therapies import risks as build

    output = _format(fmt, as_json)
    chosen = _therapies(ctx, [therapy]) if therapy else None
    view = build(
        _state(ctx).catalogue(),
        region=_region(region),
        therapies=chosen,
        min_severity=_one_of(min_severity, v.SEVERITIES, "severity"),
    )
    _emit(view, output, no_pager)


@app.command()
def evidence(
    ctx: typer.Context,
    region: Annotated[
        Optional[str], _choice("--region", "-r", "Only studies in this region (default: neck).", tuple(v.REGION_WORDS))
    ] = "cervical",
    condition: Annotated[Optional[str], _choice("--condition", "-c", "Only this condition.", v.CONDITIONS)] = None,
    any_region: Annotated[bool, typer.Option("--any-region", help="Studies from every region.")] = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """What the studies found, therapy by condition: a mark for the result and the study type.

    Examples:

        prolo evidence

        prolo evidence --any-region --condition osteoarthritis

        prolo evidence --json
    """
    from prolocli.views.therapies import evidence_matrix

    output = _format(fmt, as_json)
    view = evidence_matrix(
        _state(ctx).catalogue(),
        region=None if any_region else _region(region),
        condition=_one_of(condition, v.CONDITIONS, "condition"),
    )
    _emit(view, output, no_pager)


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="The catalogue file to check.", show_default=False)],
    as_json: JsonOpt = False,
) -> None:
    """Check a catalogue file: every error with its place, then warnings.

    Examples:

        prolo validate my-catalogue.toml

        prolo validate my-catalogue.toml --json
    """
    from prolocli.jsonout import dumps
    from prolocli.lint import warnings
    from prolocli.loader import load
    from prolocli.output import write

    try:
        catalogue = load(file)
    except CatalogueError as exc:
        if not as_json:
            raise
        errors = [{"path": p.path, "line": p.line, "column": p.column, "message": p.message} for p in exc.problems]
        write(dumps({"errors": errors, "warnings": []}))
        raise typer.Exit(ExitCode.DATA) from None
    found = warnings(catalogue)
    if as_json:
        write(dumps({"errors": [], "warnings": [{"path": w.path, "message": w.message} for w in found]}))
        return
    for w in found:
        sys.stderr.write(f"{file}: warning: {w.path}: {w.message}\n")
    write(
        f"ok: {len(catalogue.therapies)} therapies, {len(catalogue.procedures)} procedures, "
        f"{len(catalogue.structures)} structures, {len(catalogue.diagnostics)} diagnostics, "
        f"{len(catalogue.trials)} trials, {len(catalogue.references)} references"
        + (f"; {len(found)} warning(s)" if found else "")
    )


@app.command()
def search(
    ctx: typer.Context,
    words: Annotated[list[str], typer.Argument(help="Words to find; every word must match.")],
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """Find therapies, routes, anatomy, tests and references by any words.

    Examples:

        prolo search alar

        prolo search vertebral artery

        prolo search hauser --json
    """
    from prolocli.search import SearchView
    from prolocli.search import search as run

    output = _format(fmt, as_json)
    query = " ".join(words)
    _emit(SearchView(query, tuple(run(_state(ctx).catalogue(), query))), output, no_pager)


def _lookup(
    ctx: typer.Context, table: str, name: Optional[str], builder: Any, lister: Any, fmt: str, no_pager: bool
) -> None:
    from prolocli.views.explore import find_by_name

    catalogue = _state(ctx).catalogue()
    items = getattr(catalogue, table)
    if name is None:
        _emit(lister(items), fmt, no_pager)
    else:
        _emit(builder(catalogue, find_by_name(items, name, table.rstrip("s"))), fmt, no_pager)


@app.command()
def structures(
    ctx: typer.Context,
    structure: Annotated[
        Optional[str],
        typer.Argument(help="One structure id or name.", autocompletion=_complete_ids("structure"), show_default=False),
    ] = None,
    region: Annotated[Optional[str], _choice("--region", "-r", "Only this region.", tuple(v.REGION_WORDS))] = None,
    access: Annotated[Optional[str], _choice("--access", "-a", ", ".join(v.ACCESSES) + ".", v.ACCESSES)] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """The neck's anatomy: segment, function, who can reach it and how, how its injury is diagnosed.

    Examples:

        prolo structures

        prolo structures --access experimental

        prolo structures alar-ligament
    """
    from prolocli.catalogue import find_structure
    from prolocli.views.explore import StructureList, structure_view
    from prolocli.views.explore import structures as chosen

    output = _format(fmt, as_json)
    catalogue = _state(ctx).catalogue()
    if structure is not None:
        _emit(structure_view(catalogue, find_structure(catalogue, structure)), output, no_pager)
        return
    items = chosen(catalogue, region=_region(region), access=_one_of(access, v.ACCESSES, "access"))
    _emit(StructureList(items), output, no_pager)


@app.command()
def procedures(
    ctx: typer.Context,
    procedure: Annotated[
        Optional[str],
        typer.Argument(help="One route id or name.", autocompletion=_complete_ids("procedure"), show_default=False),
    ] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """The needle routes into the neck, and the risks every product given that way shares.

    Examples:

        prolo procedures

        prolo procedures c1-c2-joint-injection

        prolo procedures --json
    """
    from prolocli.views.explore import ProcedureList, procedure_view

    _lookup(ctx, "procedures", procedure, procedure_view, ProcedureList, _format(fmt, as_json), no_pager)


@app.command()
def diagnosis(
    ctx: typer.Context,
    test: Annotated[
        Optional[str],
        typer.Argument(
            help="One test or measurement id or name.", autocompletion=_complete_ids("diagnostic"), show_default=False
        ),
    ] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """How neck-ligament injury and instability are diagnosed, and what is contested.

    Examples:

        prolo diagnosis

        prolo diagnosis clivo-axial-angle

        prolo diagnosis alar --json
    """
    from prolocli.views.explore import DiagnosticList, diagnostic_view

    _lookup(ctx, "diagnostics", test, diagnostic_view, DiagnosticList, _format(fmt, as_json), no_pager)


@app.command()
def trials(
    ctx: typer.Context,
    therapy: Annotated[
        Optional[str],
        typer.Option(
            "--therapy", "-t", help="Only trials of this therapy.", autocompletion=complete_therapy, show_default=False
        ),
    ] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """Registered trials to watch: status, dates and whether results exist.

    Examples:

        prolo trials

        prolo trials --therapy msc

        prolo trials --json
    """
    from prolocli.views.explore import trials as build

    output = _format(fmt, as_json)
    chosen = _therapies(ctx, [therapy])[0] if therapy else None
    _emit(build(_state(ctx).catalogue(), chosen), output, no_pager)


@app.command()
def questions(
    ctx: typer.Context,
    therapy: TherapyArg,
    region: RegionOpt = "cervical",
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """Questions to take to a consultation about one therapy.

    Examples:

        prolo questions prolotherapy

        prolo questions prp --region knee

        prolo questions prolotherapy --format markdown > questions.md
    """
    from prolocli.views.questions import build

    output = _format(fmt, as_json)
    (found,) = _therapies(ctx, [therapy])
    _emit(build(_state(ctx).catalogue(), found, _region(region) or "cervical"), output, no_pager)


@app.command()
def refs(
    ctx: typer.Context,
    therapy: Annotated[
        str, typer.Argument(help="Therapy id or alias, or 'all'.", autocompletion=complete_therapy, show_default=False)
    ],
    fmt: Annotated[Optional[str], _choice("--format", "-f", ", ".join(v.REF_FORMATS) + ".", v.REF_FORMATS)] = None,
    as_json: JsonOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """The references a therapy cites (or all), with links; export for a reference manager.

    Examples:

        prolo refs prolotherapy

        prolo refs prolotherapy --format ris > prolotherapy.ris

        prolo refs all --format bibtex
    """
    from prolocli.views.explore import refs as build

    output = _format(fmt, as_json, v.REF_FORMATS)
    chosen = None if therapy.strip().lower() == "all" else _therapies(ctx, [therapy])[0]
    view = build(_state(ctx).catalogue(), chosen)
    if output in ("bibtex", "ris"):
        from prolocli import export
        from prolocli.output import write

        write((export.bibtex if output == "bibtex" else export.ris)(view.references))
        return
    _emit(view, output, no_pager)


@app.command()
def glossary(
    term: Annotated[
        Optional[str], typer.Argument(help="One label to explain, e.g. off-label.", show_default=False)
    ] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """What prolo's labels mean: status, access, frequency, study type, finding, certainty.

    Examples:

        prolo glossary

        prolo glossary off-label

        prolo glossary --json
    """
    from prolocli.views.explore import glossary as build

    _emit(build(term), _format(fmt, as_json), no_pager)


@app.command()
def levels(fmt: FormatOpt = None, as_json: JsonOpt = False, no_pager: NoPagerOpt = False) -> None:
    """Study type, finding and certainty: three different things, with an example of each.

    Examples:

        prolo levels

        prolo levels --json
    """
    from prolocli.views.explore import levels as build

    _emit(build(), _format(fmt, as_json), no_pager)


@app.command()
def handout(
    ctx: typer.Context,
    therapies: Annotated[
        list[str],
        typer.Argument(help="Two to four therapy ids or aliases.", autocompletion=complete_therapy, show_default=False),
    ],
    region: RegionOpt = "cervical",
    fmt: Annotated[str, _choice("--format", "-f", "html or markdown.", v.HANDOUT_FORMATS)] = "html",
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write to this file.", dir_okay=False, show_default=False)
    ] = None,
) -> None:
    """A printable comparison to take to a consultation, with questions to ask.

    Examples:

        prolo handout prolotherapy prp msc -o handout.html

        prolo handout prp corticosteroid-injection > handout.html

        prolo handout prolotherapy prp --format markdown -o handout.md
    """
    from prolocli import handout as build
    from prolocli.output import write

    kind = _one_of(fmt, v.HANDOUT_FORMATS, "format")
    if not build.MIN_THERAPIES <= len(therapies) <= build.MAX_THERAPIES:
        raise UsageProblem(
            f"a handout compares {build.MIN_THERAPIES} to {build.MAX_THERAPIES} therapies (got {len(therapies)}), "
            "e.g. 'prolo handout prolotherapy prp msc'"
        )
    found = _therapies(ctx, therapies)
    if output is None and sys.stdout.isatty():
        output = Path("prolo-handout.html" if kind == "html" else "prolo-handout.md")
    text = (build.build_html if kind == "html" else build.build_markdown)(
        _state(ctx).catalogue(), found, _region(region) or "cervical"
    )
    if output is None:
        write(text)
        return
    try:
        output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise ProloError(f"cannot write {output}: {exc.strerror or exc}") from None
    sys.stderr.write(f"prolo: wrote {output}\n")


def main() -> None:
    # A short-lived process: what the imports built lives until exit, so the
    # collector need not scan it again on every collection.
    gc.freeze()
    app(prog_name="prolo")


if __name__ == "__main__":
    main()
