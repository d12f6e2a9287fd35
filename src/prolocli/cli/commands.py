"""Each command: parse, build its view, hand it to `present.emit`.
What each says in --help lives in `prolocli.helptext`."""

import gc
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from prolocli import vocab as v
from prolocli.cli.group import ProloGroup
from prolocli.cli.options import (
    AnyRegion,
    Fmt,
    Json,
    NoPager,
    Region,
    State,
    Therapies,
    TherapyArg,
    TherapyOpt,
    choice,
    complete_ids,
    complete_therapy,
    emit,
    find_therapies,
    one_of,
    output_format,
    region_of,
    show_version,
    state,
)
from prolocli.errors import CatalogueError, ExitCode, UsageProblem
from prolocli.helptext import HELP

# Everything else is imported inside the commands: completion and --help
# should not pay for the catalogue, the views or rich.

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


@app.callback()
def root(
    ctx: typer.Context,
    catalog: Annotated[
        Optional[Path],
        typer.Option(envvar="PROLO_CATALOG", help="Use this catalogue file (also PROLO_CATALOG).", show_default=False),
    ] = None,
    no_cache: Annotated[bool, typer.Option(help="Validate the catalogue afresh (also PROLO_NO_CACHE=1).")] = False,
    version: Annotated[
        bool, typer.Option(callback=show_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    ctx.obj = State(catalog, not no_cache)


def command(name: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    return app.command(name, help=HELP[name])


@command("list")
def list_cmd(
    ctx: typer.Context,
    category: Annotated[Optional[str], choice("--category", "-c", "Only this category.", v.CATEGORIES)] = None,
    region: AnyRegion = None,
    kind: Annotated[Optional[str], choice("--kind", "-k", "regenerative or comparator.", v.KINDS)] = None,
    fmt: Fmt = None,
    as_json: Json = False,
    no_pager: NoPager = False,
) -> None:
    from prolocli.views.therapies import list_view

    category, kind = one_of(category, v.CATEGORIES, "category"), one_of(kind, v.KINDS, "kind")
    view = list_view(state(ctx).catalogue(), region=region_of(region), category=category, kind=kind)
    emit(view, fmt, as_json, no_pager)


@command("show")
def show(
    ctx: typer.Context, therapy: TherapyArg, region: Region = "cervical", fmt: Fmt = None, as_json: Json = False,
    no_pager: NoPager = False,
) -> None:  # fmt: skip
    from prolocli.views.therapies import show as build

    (found,) = find_therapies(ctx, [therapy])
    emit(build(state(ctx).catalogue(), found, region_of(region) or "cervical"), fmt, as_json, no_pager)


@command("compare")
def compare(
    ctx: typer.Context, therapies: Therapies, region: Region = "cervical", fmt: Fmt = None, as_json: Json = False,
    no_pager: NoPager = False,
) -> None:  # fmt: skip
    from prolocli.views.therapies import compare as build

    if len(therapies) < 2:
        raise UsageProblem("compare needs at least two therapies, e.g. 'prolo compare prp msc'")
    view = build(state(ctx).catalogue(), find_therapies(ctx, therapies), region_of(region) or "cervical")
    emit(view, fmt, as_json, no_pager)


@command("risks")
def risks(
    ctx: typer.Context,
    region: AnyRegion = None,
    therapy: TherapyOpt = None,
    min_severity: Annotated[
        Optional[str], choice("--min-severity", "-s", ", ".join(v.SEVERITIES), v.SEVERITIES)
    ] = None,
    fmt: Fmt = None,
    as_json: Json = False,
    no_pager: NoPager = False,
) -> None:
    from prolocli.views.therapies import risks as build

    floor = one_of(min_severity, v.SEVERITIES, "severity")
    chosen = find_therapies(ctx, [therapy]) if therapy else None
    view = build(state(ctx).catalogue(), region=region_of(region), therapies=chosen, min_severity=floor)
    emit(view, fmt, as_json, no_pager)


@command("evidence")
def evidence(
    ctx: typer.Context,
    region: AnyRegion = "cervical",
    condition: Annotated[Optional[str], choice("--condition", "-c", "Only this condition.", v.CONDITIONS)] = None,
    any_region: Annotated[bool, typer.Option("--any-region", help="Studies from every region.")] = False,
    fmt: Fmt = None,
    as_json: Json = False,
    no_pager: NoPager = False,
) -> None:
    from prolocli.views.therapies import evidence_matrix

    where, wanted = None if any_region else region_of(region), one_of(condition, v.CONDITIONS, "condition")
    emit(evidence_matrix(state(ctx).catalogue(), region=where, condition=wanted), fmt, as_json, no_pager)


@command("validate")
def validate(file: Annotated[Path, typer.Argument(help="The catalogue file to check.")], as_json: Json = False) -> None:
    from prolocli.lint import report

    try:
        code = report(file, as_json=as_json)
    except CatalogueError:
        if not as_json:
            raise
        code = ExitCode.DATA
    raise typer.Exit(code)


@command("search")
def search(
    ctx: typer.Context,
    words: Annotated[list[str], typer.Argument(help="Words to find; every word must match.")],
    fmt: Fmt = None,
    as_json: Json = False,
    no_pager: NoPager = False,
) -> None:
    from prolocli.search import SearchView
    from prolocli.search import search as run

    query = " ".join(words)
    emit(SearchView(query, tuple(run(state(ctx).catalogue(), query))), fmt, as_json, no_pager)


@command("structures")
def structures(
    ctx: typer.Context,
    structure: Annotated[
        Optional[str], typer.Argument(help="One structure id or name.", autocompletion=complete_ids("structure"))
    ] = None,
    region: AnyRegion = None,
    access: Annotated[Optional[str], choice("--access", "-a", ", ".join(v.ACCESSES), v.ACCESSES)] = None,
    fmt: Fmt = None,
    as_json: Json = False,
    no_pager: NoPager = False,
) -> None:
    from prolocli.catalogue import find_structure
    from prolocli.views import explore

    catalogue = state(ctx).catalogue()
    if structure is not None:
        view: Any = explore.structure_view(catalogue, find_structure(catalogue, structure))
    else:
        where, tier = region_of(region), one_of(access, v.ACCESSES, "access")
        view = explore.StructureList(explore.structures(catalogue, region=where, access=tier))
    emit(view, fmt, as_json, no_pager)


@command("procedures")
def procedures(
    ctx: typer.Context,
    procedure: Annotated[
        Optional[str], typer.Argument(help="One route id or name.", autocompletion=complete_ids("procedure"))
    ] = None,
    fmt: Fmt = None,
    as_json: Json = False,
    no_pager: NoPager = False,
) -> None:
    from prolocli.views import explore

    catalogue = state(ctx).catalogue()
    if procedure is None:
        view: Any = explore.ProcedureList(catalogue.procedures)
    else:
        view = explore.procedure_view(catalogue, explore.find_by_name(catalogue.procedures, procedure, "procedure"))
    emit(view, fmt, as_json, no_pager)


@command("diagnosis")
def diagnosis(
    ctx: typer.Context,
    test: Annotated[
        Optional[str], typer.Argument(help="One test or measurement.", autocompletion=complete_ids("diagnostic"))
    ] = None,
    fmt: Fmt = None,
    as_json: Json = False,
    no_pager: NoPager = False,
) -> None:
    from prolocli.views import explore

    catalogue = state(ctx).catalogue()
    if test is None:
        view: Any = explore.DiagnosticList(catalogue.diagnostics)
    else:
        view = explore.diagnostic_view(catalogue, explore.find_by_name(catalogue.diagnostics, test, "diagnostic"))
    emit(view, fmt, as_json, no_pager)


@command("trials")
def trials(
    ctx: typer.Context, therapy: TherapyOpt = None, fmt: Fmt = None, as_json: Json = False, no_pager: NoPager = False
) -> None:
    from prolocli.views.explore import trials as build

    chosen = find_therapies(ctx, [therapy])[0] if therapy else None
    emit(build(state(ctx).catalogue(), chosen), fmt, as_json, no_pager)


@command("questions")
def questions(
    ctx: typer.Context, therapy: TherapyArg, region: Region = "cervical", fmt: Fmt = None, as_json: Json = False,
    no_pager: NoPager = False,
) -> None:  # fmt: skip
    from prolocli.views.questions import build

    (found,) = find_therapies(ctx, [therapy])
    emit(build(state(ctx).catalogue(), found, region_of(region) or "cervical"), fmt, as_json, no_pager)


@command("refs")
def refs(
    ctx: typer.Context,
    therapy: Annotated[str, typer.Argument(help="Therapy id or alias, or 'all'.", autocompletion=complete_therapy)],
    fmt: Annotated[Optional[str], choice("--format", "-f", ", ".join(v.REF_FORMATS), v.REF_FORMATS)] = None,
    as_json: Json = False,
    no_pager: NoPager = False,
) -> None:
    from prolocli.views.explore import refs as build

    output = output_format(fmt, as_json, v.REF_FORMATS)
    chosen = None if therapy.strip().lower() == "all" else find_therapies(ctx, [therapy])[0]
    view = build(state(ctx).catalogue(), chosen)
    if output in ("bibtex", "ris"):
        from prolocli import export
        from prolocli.output import write

        write((export.bibtex if output == "bibtex" else export.ris)(view.references))
        return
    emit(view, fmt, as_json, no_pager, v.REF_FORMATS)


@command("glossary")
def glossary(
    term: Annotated[Optional[str], typer.Argument(help="One label to explain, e.g. off-label.")] = None,
    fmt: Fmt = None,
    as_json: Json = False,
    no_pager: NoPager = False,
) -> None:
    from prolocli.views.explore import glossary as build

    emit(build(term), fmt, as_json, no_pager)


@command("levels")
def levels(fmt: Fmt = None, as_json: Json = False, no_pager: NoPager = False) -> None:
    from prolocli.views.explore import levels as build

    emit(build(), fmt, as_json, no_pager)


@command("handout")
def handout(
    ctx: typer.Context,
    therapies: Annotated[list[str], typer.Argument(help="Two to four therapies.", autocompletion=complete_therapy)],
    region: Region = "cervical",
    fmt: Annotated[str, choice("--format", "-f", "html or markdown.", v.HANDOUT_FORMATS)] = "html",
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write to this file.", dir_okay=False)
    ] = None,
) -> None:
    from prolocli import handout as build

    kind = one_of(fmt, v.HANDOUT_FORMATS, "format") or "html"
    if not build.MIN_THERAPIES <= len(therapies) <= build.MAX_THERAPIES:
        raise UsageProblem(
            f"a handout compares {build.MIN_THERAPIES} to {build.MAX_THERAPIES} therapies (got {len(therapies)}), "
            "e.g. 'prolo handout prolotherapy prp msc'"
        )
    found = find_therapies(ctx, therapies)
    build.save(state(ctx).catalogue(), found, region_of(region) or "cervical", kind, output)


def main() -> None:
    # A short-lived process: what the imports built lives until exit, so the
    # collector need not scan it again on every collection.
    gc.freeze()
    app(prog_name="prolo")


if __name__ == "__main__":
    main()
