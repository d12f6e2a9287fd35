"""Options every command shares, completion, and the checks on arguments."""

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from prolocli import __version__
from prolocli import vocab as v
from prolocli.errors import UsageProblem


class State:
    """Root options, and the catalogue opened once, on first use."""

    def __init__(self, catalog: Optional[Path], use_cache: bool) -> None:
        self.catalog = catalog
        self.use_cache = use_cache
        self._catalogue: Any = None

    def catalogue(self) -> Any:
        if self._catalogue is None:
            from prolocli.catalogue import open_catalogue

            self._catalogue = open_catalogue(self.catalog, use_cache=self.use_cache)
        return self._catalogue


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State(None, True)
    return root.obj


def show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"prolo {__version__}\n")
        raise typer.Exit()


def completions(ctx: typer.Context, table: str) -> list[tuple[str, str]]:
    from prolocli.completion import names

    value = ctx.find_root().params.get("catalog") or os.environ.get("PROLO_CATALOG") or None
    path, use_cache = (Path(value) if value else None), not ctx.find_root().params.get("no_cache")
    return names(path, table, use_cache=use_cache)


def complete_therapy(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    wanted, chosen = incomplete.casefold(), set(ctx.params.get("therapies") or [])
    # Shells split completions at spaces, so multi-word aliases are left to typing.
    return [
        (n, h)
        for n, h in completions(ctx, "therapy")
        if n.casefold().startswith(wanted) and n not in chosen and " " not in n
    ]


def complete_ids(table: str) -> Callable[[typer.Context, str], list[tuple[str, str]]]:
    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        return [(n, h) for n, h in completions(ctx, table) if n.startswith(incomplete.lower())]

    return complete


def choice(flag: str, short: str, help: str, values: Sequence[str]) -> Any:
    """An option whose value is one of a fixed list, completed from that list."""

    def complete(incomplete: str) -> list[str]:
        return [x for x in values if x.startswith(incomplete.lower())]

    return typer.Option(flag, short, help=help, autocompletion=complete, show_default=False)


def one_of(value: Optional[str], values: Sequence[str], what: str) -> Optional[str]:
    if value is None:
        return None
    if value.strip().lower() not in values:
        raise UsageProblem(f"unknown {what} '{value}' (choose from: {', '.join(values)})")
    return value.strip().lower()


REGIONS = tuple(v.REGION_WORDS)
Fmt = Annotated[Optional[str], choice("--format", "-f", "table, json or markdown.", v.OUTPUT_FORMATS)]
Json = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
NoPager = Annotated[bool, typer.Option("--no-pager", help="Print everything at once (also PROLO_PAGER=cat).")]
Region = Annotated[str, choice("--region", "-r", "Focus region: neck (cervical), low-back, knee ...", REGIONS)]
AnyRegion = Annotated[Optional[str], choice("--region", "-r", "Only this region: neck, low-back, knee ...", REGIONS)]
TherapyArg = Annotated[str, typer.Argument(help="Therapy id or alias.", autocompletion=complete_therapy)]
TherapyOpt = Annotated[
    Optional[str], typer.Option("--therapy", "-t", help="Only this therapy.", autocompletion=complete_therapy)
]
Therapies = Annotated[list[str], typer.Argument(help="Therapy ids or aliases.", autocompletion=complete_therapy)]


def emit(
    view: Any, fmt: Optional[str], as_json: bool, no_pager: bool, formats: Sequence[str] = v.OUTPUT_FORMATS
) -> None:
    from prolocli.present import emit

    emit(view, output_format(fmt, as_json, formats), pager=not no_pager)


def output_format(fmt: Optional[str], as_json: bool, formats: Sequence[str] = v.OUTPUT_FORMATS) -> str:
    chosen = one_of(fmt, formats, "format")
    if as_json and chosen not in (None, "json"):
        raise UsageProblem("--json and --format are different choices; give one")
    return "json" if as_json else (chosen or "table")


def region_of(region: Optional[str]) -> Optional[str]:
    from prolocli.views.common import check_region

    return check_region(region)


def find_therapies(ctx: typer.Context, names: Sequence[str]) -> list[Any]:
    from prolocli.catalogue import find_therapy
    from prolocli.views.common import check_distinct

    found = [find_therapy(state(ctx).catalogue(), name) for name in names]
    check_distinct([t.id for t in found])
    return found
