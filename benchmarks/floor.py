"""The floor F: the least a Typer + rich command can cost.

One command, one argument with completion over a fixed list, a --json flag,
and rich's console and table imported as a real renderer would. prolo's
figures are read as ratios to this program, so they travel between machines.
"""

from __future__ import annotations

from typing import Annotated

import rich.table  # noqa: F401  (imported for its cost, as a renderer would)
import typer
from rich.console import Console

NAMES = (
    "prp",
    "prolotherapy",
    "pro-ozone",
    "msc",
    "bmp",
    "hyaluronic-acid",
    "ozone",
    "corticosteroid-injection",
    "radiofrequency-ablation",
    "cervical-fusion",
)

app = typer.Typer(add_completion=True, pretty_exceptions_enable=False, rich_markup_mode=None)


@app.callback()
def root() -> None:
    """Keeps `show` a subcommand, as it is in prolo."""


def _complete(incomplete: str) -> list[str]:
    return [name for name in NAMES if name.startswith(incomplete)]


@app.command()
def show(
    name: Annotated[str, typer.Argument(autocompletion=_complete)],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    if as_json:
        print(f'{{"id": "{name}"}}')
        return
    Console().print(name)


if __name__ == "__main__":
    app(prog_name="floor")
