"""How each view reads on a page: views in, documents out.

Shared by the terminal and Markdown renderers, so both say the same thing in
the same order. The answer comes first (what it is, what the studies found,
what can go wrong, what cannot be reached); detail follows.
"""

from prolocli.layout.common import citation, footer, references, short
from prolocli.layout.explore import (
    diagnostic,
    diagnostics,
    glossary,
    levels,
    procedure,
    procedures,
    refs,
    structure,
    structures,
    trials,
)
from prolocli.layout.therapies import compare, list_view, matrix, risks, show

__all__ = [
    "citation",
    "compare",
    "diagnostic",
    "diagnostics",
    "footer",
    "glossary",
    "levels",
    "list_view",
    "matrix",
    "procedure",
    "procedures",
    "references",
    "refs",
    "risks",
    "short",
    "show",
    "structure",
    "structures",
    "trials",
]
