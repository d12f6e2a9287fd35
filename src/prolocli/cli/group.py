"""One place where failures become messages: a line on stderr, a fixed exit code."""

import os
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

from prolocli.errors import CatalogueError, ExitCode, ProloError


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
