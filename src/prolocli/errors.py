"""Exit codes and the error types the rest of prolo raises.

Only the CLI layer turns these into messages and exit codes, so every module
below it can fail without knowing how it is presented.
"""

from enum import IntEnum
from typing import NamedTuple


class ExitCode(IntEnum):
    OK = 0
    DATA = 1
    USAGE = 2


class Problem(NamedTuple):
    """One thing wrong with a catalogue, with where it is."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def render(self, source: str) -> str:
        place = source
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        where = f" {self.path}:" if self.path else ""
        return f"{place}:{where} {self.message}"


class ProloError(Exception):
    code: ExitCode = ExitCode.DATA

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageProblem(ProloError):
    """The user asked for something that does not exist or cannot be done."""

    code = ExitCode.USAGE


class CatalogueError(ProloError):
    """A catalogue could not be read or is invalid; carries every problem found."""

    code = ExitCode.DATA

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("\n".join(p.render(source) for p in problems))
