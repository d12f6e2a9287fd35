"""The prolo command line. The only module that imports typer; it stays thin:
parse, ask `catalogue`/`reports`, hand the result to a renderer."""

import gc
import os
import sys
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from prolocli import __version__
from prolocli.errors import CatalogueError, ExitCode, ProloError, UsageProblem

# Imported lazily (inside commands) where they are not needed for every run:
# completion and --help should not pay for the models or rich tables.


class Format(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


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
    from prolocli.render import safe

    # Through safe(): the message may quote user input or catalogue text.
    text = safe(("prolo: " if prefix else "") + message).plain
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


app = typer.Typer(
    cls=ProloGroup,
    name="prolo",
    help=(
        "An offline reference to regenerative injection therapies for neck ligaments: "
        "what each is, what the evidence says, what can go wrong. Information only, "
        "not medical advice."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class State:
    def __init__(self, catalog: Path | None, use_cache: bool) -> None:
        self.catalog = catalog
        self.use_cache = use_cache
        self._facts: Any = None

    def facts(self) -> Any:
        if self._facts is None:
            from prolocli.catalogue import open_catalogue
            from prolocli.reports import Facts

            self._facts = Facts(open_catalogue(self.catalog, use_cache=self.use_cache))
        return self._facts


def _state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State(None, True)
    return root.obj


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"prolo {__version__}\n")
        raise typer.Exit()


def _catalog_from(ctx: typer.Context) -> Path | None:
    root = ctx.find_root()
    value = root.params.get("catalog") or os.environ.get("PROLO_CATALOG") or None
    return Path(value) if value else None


def complete_therapy(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from prolocli.catalogue import names_for_completion

    root = ctx.find_root()
    names = names_for_completion(_catalog_from(ctx), use_cache=not root.params.get("no_cache"))
    wanted = incomplete.casefold()
    chosen = set(ctx.params.get("therapies") or [])
    # Shells split completions at spaces, so multi-word aliases are left to typing.
    return [(n, h) for n, h in names if n.casefold().startswith(wanted) and n not in chosen and " " not in n]


def _choice(flag: str, short: str, help: str, values: Sequence[str]) -> Any:
    """An option whose value is one of a fixed list, completed from that list."""
    return typer.Option(flag, short, help=help, autocompletion=_complete_from(values))


def _complete_from(values: Sequence[str]) -> Any:
    def complete(incomplete: str) -> list[str]:
        return [v for v in values if v.startswith(incomplete.lower())]

    return complete


# Kept literal here (and checked against the models in the tests) so that
# completion and --help never import pydantic models.
REGION_NAMES = (
    "cervical",
    "thoracic",
    "lumbar",
    "pelvis",
    "shoulder",
    "elbow",
    "hand",
    "hip",
    "knee",
    "foot",
    "general",
)
CATEGORY_NAMES = (
    "proliferant", "blood-product", "cell-therapy", "growth-factor", "viscosupplement", "gas",
    "corticosteroid", "ablation", "surgery", "rehabilitation", "other",
)  # fmt: skip
SEVERITY_NAMES = ("minor", "moderate", "serious", "life-threatening")
KIND_NAMES = ("regenerative", "comparator")
ACCESS_NAMES = ("routine", "specialist", "not-injectable")


@app.callback()
def root(
    ctx: typer.Context,
    catalog: Annotated[
        Optional[Path],
        typer.Option(
            "--catalog",
            envvar="PROLO_CATALOG",
            help="Use this catalogue file instead of the bundled one (also PROLO_CATALOG).",
            dir_okay=True,
            show_default=False,
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Validate the catalogue afresh (also PROLO_NO_CACHE=1).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show prolo's version and exit."),
    ] = False,
) -> None:
    ctx.obj = State(catalog, not no_cache)


FormatOpt = Annotated[
    Optional[Format],
    typer.Option("--format", "-f", help="Output format: table, json or markdown.", show_default=False),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
RegionOpt = Annotated[
    str,
    _choice("--region", "-r", "Region to focus on.", REGION_NAMES),
]


def _format(fmt: Format | None, as_json: bool) -> Format:
    if as_json and fmt not in (None, Format.json):
        raise UsageProblem("--json and --format are different choices; give one")
    return Format.json if as_json else (fmt or Format.table)


def _print(build: Callable[[int], Any]) -> None:
    """Build a renderable for the console's width, then print it: one console per run."""
    from prolocli.render import make_console

    console = make_console()
    console.print(build(console.width))


def _emit(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


@app.command("list")
def list_cmd(
    ctx: typer.Context,
    category: Annotated[
        Optional[str],
        _choice("--category", "-c", "Only this category.", CATEGORY_NAMES),
    ] = None,
    region: Annotated[
        Optional[str],
        _choice("--region", "-r", "Only therapies with evidence or limitations in this region.", REGION_NAMES),
    ] = None,
    kind: Annotated[
        Optional[str],
        _choice("--kind", "-k", "regenerative or comparator.", KIND_NAMES),
    ] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List the therapies with their category, status and best evidence level.

    Examples:

        prolo list

        prolo list --region cervical --kind regenerative

        prolo list --json
    """
    from prolocli.reports import check_region, filter_therapies

    output = _format(fmt, as_json)
    region = check_region(region)
    if category is not None and category not in CATEGORY_NAMES:
        raise UsageProblem(f"unknown category '{category}' (choose from: {', '.join(CATEGORY_NAMES)})")
    if kind is not None and kind not in KIND_NAMES:
        raise UsageProblem(f"unknown kind '{kind}' (choose from: {', '.join(KIND_NAMES)})")
    facts = _state(ctx).facts()
    chosen = filter_therapies(facts.catalogue, category=category, region=region, kind=kind)
    if output is Format.json:
        from prolocli.jsonout import dumps, therapy_object

        _emit(dumps([therapy_object(facts, t) for t in chosen]))
        return
    groups = [
        ("Regenerative injections", [t for t in chosen if t.kind == "regenerative"]),
        ("Comparators: the conventional options", [t for t in chosen if t.kind == "comparator"]),
    ]
    if output is Format.markdown:
        from prolocli import markdown

        _emit(markdown.list_view(facts, groups))
        return
    from prolocli import render

    _print(lambda width: render.list_view(facts, groups, width))


TherapyArg = Annotated[str, typer.Argument(help="Therapy id or alias.", autocompletion=complete_therapy)]


@app.command()
def show(
    ctx: typer.Context,
    therapy: TherapyArg,
    region: RegionOpt = "cervical",
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Everything prolo knows about one therapy, with its sources.

    Examples:

        prolo show prp

        prolo show "stem cells" --region knee

        prolo show prolotherapy --json
    """
    from prolocli.catalogue import find_therapy
    from prolocli.reports import check_region

    output = _format(fmt, as_json)
    region_name = check_region(region) or "cervical"
    facts = _state(ctx).facts()
    found = find_therapy(facts.catalogue, therapy)
    if output is Format.json:
        from prolocli.jsonout import dumps, therapy_object

        _emit(dumps(therapy_object(facts, found, region_name)))
    elif output is Format.markdown:
        from prolocli import markdown

        _emit(markdown.show(facts, found, region_name))
    else:
        from prolocli import render

        _print(lambda width: render.show(facts, found, region_name, width))


@app.command()
def compare(
    ctx: typer.Context,
    therapies: Annotated[
        list[str], typer.Argument(help="Two or more therapy ids or aliases.", autocompletion=complete_therapy)
    ],
    region: RegionOpt = "cervical",
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Put two or more therapies side by side, aspect by aspect.

    Examples:

        prolo compare prolotherapy msc

        prolo compare prp corticosteroid-injection cervical-fusion

        prolo compare prp msc --json
    """
    from prolocli.catalogue import find_therapy
    from prolocli.reports import check_distinct, check_region

    output = _format(fmt, as_json)
    region_name = check_region(region) or "cervical"
    if len(therapies) < 2:
        raise UsageProblem("compare needs at least two therapies, e.g. 'prolo compare prp msc'")
    facts = _state(ctx).facts()
    found = [find_therapy(facts.catalogue, name) for name in therapies]
    check_distinct([t.id for t in found])
    if output is Format.json:
        from prolocli.jsonout import dumps, therapy_object

        _emit(dumps({"region": region_name, "therapies": [therapy_object(facts, t, region_name) for t in found]}))
    elif output is Format.markdown:
        from prolocli import markdown

        _emit(markdown.compare(facts, found, region_name))
    else:
        from prolocli import render

        _print(lambda width: render.compare(facts, found, region_name, width))


@app.command()
def risks(
    ctx: typer.Context,
    region: Annotated[
        Optional[str],
        _choice("--region", "-r", "Region (its own risks plus general ones).", REGION_NAMES),
    ] = None,
    therapy: Annotated[
        Optional[str], typer.Option("--therapy", "-t", help="Only this therapy.", autocompletion=complete_therapy)
    ] = None,
    min_severity: Annotated[
        Optional[str],
        _choice("--min-severity", "-s", "minor, moderate, serious or life-threatening.", SEVERITY_NAMES),
    ] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The risks that apply to a region, most severe first, and what cannot be reached.

    Examples:

        prolo risks --region cervical

        prolo risks --region cervical --min-severity serious

        prolo risks --therapy bmp --json
    """
    from prolocli.catalogue import find_therapy
    from prolocli.reports import check_region, hard_to_reach, risks_for

    output = _format(fmt, as_json)
    region_name = check_region(region)
    if min_severity is not None and min_severity not in SEVERITY_NAMES:
        raise UsageProblem(f"unknown severity '{min_severity}' (choose from: {', '.join(SEVERITY_NAMES)})")
    facts = _state(ctx).facts()
    chosen = [find_therapy(facts.catalogue, therapy)] if therapy else None
    pairs = risks_for(facts.catalogue, region=region_name, therapies=chosen, min_severity=min_severity)
    structures = hard_to_reach(facts.catalogue, region_name)
    if output is Format.json:
        from prolocli.jsonout import dumps, risk_object, structure_object

        _emit(
            dumps(
                {
                    "region": region_name,
                    "risks": [risk_object(t, r) for t, r in pairs],
                    "structures": [structure_object(s) for s in structures],
                }
            )
        )
    elif output is Format.markdown:
        from prolocli import markdown

        _emit(markdown.risks(facts, pairs, structures, region_name))
    else:
        from prolocli import render

        _print(lambda width: render.risks(facts, pairs, structures, region_name, width))


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="The catalogue file to check.", dir_okay=True, show_default=False)],
    as_json: JsonOpt = False,
) -> None:
    """Check a catalogue file without printing it; list every problem found.

    Examples:

        prolo validate my-catalogue.toml

        prolo validate my-catalogue.toml --json
    """
    from prolocli.loader import load

    try:
        catalogue = load(file)
    except CatalogueError as exc:
        if as_json:
            from prolocli.jsonout import dumps

            _emit(
                dumps(
                    [{"path": p.path, "line": p.line, "column": p.column, "message": p.message} for p in exc.problems]
                )
            )
            raise typer.Exit(ExitCode.DATA) from None
        raise
    if as_json:
        from prolocli.jsonout import dumps

        _emit(dumps([]))
        return
    _emit(
        f"ok: {len(catalogue.therapies)} therapies, {len(catalogue.structures)} structures, "
        f"{len(catalogue.references)} references"
    )


def complete_structure(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from prolocli.catalogue import structure_names_for_completion

    root = ctx.find_root()
    names = structure_names_for_completion(_catalog_from(ctx), use_cache=not root.params.get("no_cache"))
    return [(n, h) for n, h in names if n.startswith(incomplete.lower())]


@app.command()
def search(
    ctx: typer.Context,
    words: Annotated[list[str], typer.Argument(help="Words to find; every word must match.")],
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Search names, summaries, evidence, risks, limitations and anatomy.

    Examples:

        prolo search alar

        prolo search vertebral artery

        prolo search ozone stroke --json
    """
    from prolocli.search import search as run_search

    output = _format(fmt, as_json)
    query = " ".join(words)
    facts = _state(ctx).facts()
    hits = run_search(facts.catalogue, query)
    if output is Format.json:
        from prolocli.jsonout import dumps

        _emit(dumps({"query": query, "results": [h.as_json() for h in hits]}))
    elif output is Format.markdown:
        from prolocli import markdown

        _emit(markdown.search(hits, query))
    else:
        from prolocli import render

        _print(lambda width: render.search_results(hits, query, width))


@app.command()
def structures(
    ctx: typer.Context,
    structure: Annotated[
        Optional[str],
        typer.Argument(help="One structure id (or name) to show in detail.", autocompletion=complete_structure),
    ] = None,
    region: Annotated[
        Optional[str],
        _choice("--region", "-r", "Only this region.", REGION_NAMES),
    ] = None,
    access: Annotated[
        Optional[str],
        _choice("--access", "-a", "routine, specialist or not-injectable.", ACCESS_NAMES),
    ] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The injectable anatomy: level, function, who can reach it and how.

    Examples:

        prolo structures

        prolo structures --access not-injectable

        prolo structures alar-ligament
    """
    from prolocli.reports import check_region, structure_mentions

    output = _format(fmt, as_json)
    region_name = check_region(region)
    if access is not None and access not in ACCESS_NAMES:
        raise UsageProblem(f"unknown access '{access}' (choose from: {', '.join(ACCESS_NAMES)})")
    facts = _state(ctx).facts()
    if structure is not None:
        from prolocli.catalogue import find_structure

        found = find_structure(facts.catalogue, structure)
        mentions = structure_mentions(facts.catalogue, found)
        if output is Format.json:
            from prolocli.jsonout import dumps, structure_object

            data = structure_object(found)
            data["mentions"] = [{"therapy": t, "where": w, "text": x} for t, w, x in mentions]
            _emit(dumps(data))
        elif output is Format.markdown:
            from prolocli import markdown

            _emit(markdown.structure_detail(found, mentions))
        else:
            from prolocli import render

            _print(lambda width: render.structure_detail(found, mentions, width))
        return
    chosen = [
        s
        for s in facts.catalogue.structures
        if (region_name is None or s.region == region_name) and (access is None or s.access == access)
    ]
    if output is Format.json:
        from prolocli.jsonout import dumps, structure_object

        _emit(dumps([structure_object(s) for s in chosen]))
    elif output is Format.markdown:
        from prolocli import markdown

        _emit(markdown.structures(chosen))
    else:
        from prolocli import render

        _print(lambda width: render.structures_table(chosen, width))


@app.command()
def questions(
    ctx: typer.Context,
    therapy: TherapyArg,
    region: RegionOpt = "cervical",
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """A checklist of questions to take to a consultation about one therapy.

    Examples:

        prolo questions prolotherapy

        prolo questions prp --region knee

        prolo questions prolotherapy --format markdown > questions.md
    """
    from prolocli.catalogue import find_therapy
    from prolocli.questions import build
    from prolocli.reports import check_region

    output = _format(fmt, as_json)
    region_name = check_region(region) or "cervical"
    facts = _state(ctx).facts()
    found = find_therapy(facts.catalogue, therapy)
    items = build(facts, found, region_name)
    if output is Format.json:
        from prolocli.jsonout import dumps

        _emit(
            dumps(
                {
                    "therapy": found.id,
                    "region": region_name,
                    "questions": [{"topic": q.topic, "text": q.text} for q in items],
                }
            )
        )
    elif output is Format.markdown:
        from prolocli import markdown

        _emit(markdown.questions(found, region_name, items))
    else:
        from prolocli import render

        _print(lambda width: render.questions(found, region_name, items, width))


class RefFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    bibtex = "bibtex"
    ris = "ris"


@app.command()
def refs(
    ctx: typer.Context,
    therapy: Annotated[str, typer.Argument(help="Therapy id or alias, or 'all'.", autocompletion=complete_therapy)],
    fmt: Annotated[
        Optional[RefFormat],
        typer.Option("--format", "-f", help="table, json, markdown, bibtex or ris.", show_default=False),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """The references a therapy cites (or all), with links; export for a reference manager.

    Examples:

        prolo refs prolotherapy

        prolo refs prolotherapy --format ris > prolotherapy.ris

        prolo refs all --format bibtex
    """
    from prolocli.catalogue import find_therapy

    if as_json and fmt not in (None, RefFormat.json):
        raise UsageProblem("--json and --format are different choices; give one")
    output = RefFormat.json if as_json else (fmt or RefFormat.table)
    facts = _state(ctx).facts()
    if therapy.strip().lower() == "all":
        chosen = list(facts.catalogue.references)
    else:
        chosen = facts.cited(find_therapy(facts.catalogue, therapy))
    if output is RefFormat.json:
        from prolocli.export import link
        from prolocli.jsonout import dumps

        _emit(dumps([{**r.model_dump(mode="json"), "level": r.level, "link": link(r)} for r in chosen]))
    elif output is RefFormat.bibtex:
        from prolocli.export import bibtex

        _emit(bibtex(chosen))
    elif output is RefFormat.ris:
        from prolocli.export import ris

        _emit(ris(chosen))
    elif output is RefFormat.markdown:
        from prolocli import markdown

        _emit("\n".join(f"{i}. {markdown.reference_line(r)}" for i, r in enumerate(chosen, 1)))
    else:
        from prolocli import render

        _print(lambda width: render.refs_view(chosen, width))


@app.command()
def levels(fmt: FormatOpt = None, as_json: JsonOpt = False) -> None:
    """How prolo grades evidence, and what a level does and does not mean.

    Examples:

        prolo levels

        prolo levels --json
    """
    from prolocli.reports import LEVEL_ROWS, LEVELS_EXPLAINED

    output = _format(fmt, as_json)
    if output is Format.json:
        from prolocli.jsonout import dumps

        _emit(
            dumps(
                {
                    "levels": [{"level": a, "designs": b.split(", "), "meaning": c} for a, b, c in LEVEL_ROWS],
                    "explanation": LEVELS_EXPLAINED,
                }
            )
        )
    elif output is Format.markdown:
        from prolocli import markdown

        _emit(markdown.table(["Level", "Designs", "Meaning"], LEVEL_ROWS) + "\n\n" + markdown.esc(LEVELS_EXPLAINED))
    else:
        from prolocli import render

        _print(lambda width: render.levels(LEVEL_ROWS, LEVELS_EXPLAINED, width))


@app.command()
def handout(
    ctx: typer.Context,
    therapies: Annotated[
        list[str], typer.Argument(help="Two to four therapy ids or aliases.", autocompletion=complete_therapy)
    ],
    region: RegionOpt = "cervical",
    fmt: Annotated[
        str,
        _choice("--format", "-f", "html or markdown.", ("html", "markdown")),
    ] = "html",
    output: Annotated[
        Optional[Path],
        typer.Option("--output", "-o", help="Write to this file instead of standard output.", dir_okay=False),
    ] = None,
) -> None:
    """A printable one-page comparison to take to a consultation, with questions to ask.

    Examples:

        prolo handout prolotherapy prp msc -o handout.html

        prolo handout prp corticosteroid-injection --region cervical > handout.html

        prolo handout prolotherapy prp --format markdown -o handout.md
    """
    from prolocli.catalogue import find_therapy
    from prolocli.handout import FORMATS, MAX_THERAPIES, MIN_THERAPIES
    from prolocli.reports import check_distinct, check_region

    region_name = check_region(region) or "cervical"
    kind = fmt.strip().lower()
    if kind not in FORMATS:
        raise UsageProblem(f"unknown format '{fmt}' (choose from: {', '.join(FORMATS)})")
    if not MIN_THERAPIES <= len(therapies) <= MAX_THERAPIES:
        raise UsageProblem(
            f"a handout compares {MIN_THERAPIES} to {MAX_THERAPIES} therapies (got {len(therapies)}), "
            "e.g. 'prolo handout prolotherapy prp msc'"
        )
    facts = _state(ctx).facts()
    found = [find_therapy(facts.catalogue, name) for name in therapies]
    check_distinct([t.id for t in found])
    from prolocli import handout as build

    text = (build.build_html if kind == "html" else build.build_markdown)(facts, found, region_name)
    if output is None:
        _emit(text)
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
