"""The prolo command line: the only package that imports typer.

`group` routes every failure to one stderr line and an exit code, `options`
holds the shared options, completion and argument checks, and `commands`
wires each command to its view. `prolo` itself starts in `prolocli.entry`.
"""

from prolocli.cli.commands import app, main

__all__ = ["app", "main"]
