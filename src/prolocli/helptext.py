"""What each command says in --help: one line, then examples.

Kept apart from cli.py so the CLI module holds wiring only; tests check every
command has examples here.
"""

HELP: dict[str, str] = {
    "list": (
        "The therapies, with what the neck studies found.\n\nWith --region, what the studies found there.\n"
        "\n"
        "Examples:\n"
        "\n"
        "    prolo list\n"
        "\n"
        "    prolo list --region neck --kind regenerative\n"
        "\n"
        "    prolo list --json"
    ),
    "show": (
        "One therapy, the answer first, then detail.\n\nFirst what it is, its status, what the studies found, its worst risks and what it cannot reach; then every section with numbered references.\n"
        "\n"
        "Examples:\n"
        "\n"
        "    prolo show prp\n"
        "\n"
        '    prolo show "stem cells" --region knee\n'
        "\n"
        "    prolo show prolotherapy --json"
    ),
    "compare": (
        "Two or more therapies side by side.\n"
        "\n"
        "Examples:\n"
        "\n"
        "    prolo compare prolotherapy msc\n"
        "\n"
        "    prolo compare prp corticosteroid-injection cervical-fusion\n"
        "\n"
        "    prolo compare prp msc --json"
    ),
    "risks": (
        "What can go wrong, by therapy and by injection route.\n\nEach therapy's own risks and its routes' risks, worst first.\n"
        "\n"
        "Examples:\n"
        "\n"
        "    prolo risks --region neck\n"
        "\n"
        "    prolo risks --region neck --therapy prp\n"
        "\n"
        "    prolo risks --min-severity serious --json"
    ),
    "evidence": (
        "What was found, therapy by condition.\n\nEach cell: a mark for the result and the study type it rests on.\n"
        "\n"
        "Examples:\n"
        "\n"
        "    prolo evidence\n"
        "\n"
        "    prolo evidence --any-region --condition osteoarthritis\n"
        "\n"
        "    prolo evidence --json"
    ),
    "validate": (
        "Check a catalogue file: errors, then warnings.\n"
        "\n"
        "Examples:\n"
        "\n"
        "    prolo validate my-catalogue.toml\n"
        "\n"
        "    prolo validate my-catalogue.toml --json"
    ),
    "search": (
        "Find therapies, routes, anatomy, tests, references.\n"
        "\n"
        "Examples:\n"
        "\n"
        "    prolo search alar\n"
        "\n"
        "    prolo search vertebral artery\n"
        "\n"
        "    prolo search hauser --json"
    ),
    "structures": (
        "The neck's anatomy: who can reach what, and how.\n\nSegment, function, access, the routes that target it, and how its injury is diagnosed.\n"
        "\n"
        "Examples:\n"
        "\n"
        "    prolo structures\n"
        "\n"
        "    prolo structures --access experimental\n"
        "\n"
        "    prolo structures alar-ligament"
    ),
    "procedures": (
        "The needle routes into the neck, and their risks.\n\nA route's risks apply to every product given that way.\n"
        "\n"
        "Examples:\n"
        "\n"
        "    prolo procedures\n"
        "\n"
        "    prolo procedures c1-c2-joint-injection\n"
        "\n"
        "    prolo procedures --json"
    ),
    "diagnosis": (
        "How ligament injury is diagnosed, and what is contested.\n"
        "\n"
        "Examples:\n"
        "\n"
        "    prolo diagnosis\n"
        "\n"
        "    prolo diagnosis clivo-axial-angle\n"
        "\n"
        "    prolo diagnosis alar --json"
    ),
    "trials": (
        "Registered trials: status, dates, results.\n"
        "\n"
        "Examples:\n"
        "\n"
        "    prolo trials\n"
        "\n"
        "    prolo trials --therapy msc\n"
        "\n"
        "    prolo trials --json"
    ),
    "questions": (
        "Questions to take to a consultation.\n"
        "\n"
        "Examples:\n"
        "\n"
        "    prolo questions prolotherapy\n"
        "\n"
        "    prolo questions prp --region knee\n"
        "\n"
        "    prolo questions prolotherapy --format markdown > questions.md"
    ),
    "refs": (
        "A therapy's references, with links; BibTeX and RIS.\n"
        "\n"
        "Examples:\n"
        "\n"
        "    prolo refs prolotherapy\n"
        "\n"
        "    prolo refs prolotherapy --format ris > prolotherapy.ris\n"
        "\n"
        "    prolo refs all --format bibtex"
    ),
    "glossary": (
        "What prolo's labels mean.\n\nStatus, access, frequency, severity, study type, finding, certainty.\n"
        "\n"
        "Examples:\n"
        "\n"
        "    prolo glossary\n"
        "\n"
        "    prolo glossary off-label\n"
        "\n"
        "    prolo glossary --json"
    ),
    "levels": (
        "Study type, finding and certainty, explained.\n\nExamples:\n\n    prolo levels\n\n    prolo levels --json"
    ),
    "handout": (
        "A printable comparison for a consultation, with questions.\n"
        "\n"
        "Examples:\n"
        "\n"
        "    prolo handout prolotherapy prp msc -o handout.html\n"
        "\n"
        "    prolo handout prp corticosteroid-injection > handout.html\n"
        "\n"
        "    prolo handout prolotherapy prp --format markdown -o handout.md"
    ),
}
