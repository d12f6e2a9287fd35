"""The `prolo` command: answer from the output cache when an identical run was
already rendered, else hand over to the Typer application in `cli`."""

import os
import sys


def main() -> None:
    from prolocli import outcache

    hit = outcache.lookup(sys.argv[1:])
    if hit is None:
        from prolocli.cli import main as run

        run()
        return
    from prolocli import output

    text, pageable = hit
    try:
        output.show(text, pageable=pageable)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as the full run does.
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
    sys.exit(0)
