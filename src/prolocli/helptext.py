"""What each command says in --help: a short summary line, detail, examples.

Kept apart from the CLI so that it holds wiring only; tests check that every
command has examples here and a row in the README.
"""

HELP: dict[str, str] = {}

HELP["list"] = """\
The therapies, with what the neck studies found.

With --region, what the studies found there.

Examples:

    prolo list

    prolo list --region neck --kind regenerative

    prolo list --json
"""

HELP["show"] = """\
One therapy, the answer first, then detail.

First what it is, its status, what the studies found, its worst risks and what it cannot reach; then
every section with numbered references.

Examples:

    prolo show prp

    prolo show "stem cells" --region knee

    prolo show prolotherapy --json
"""

HELP["compare"] = """\
Two or more therapies side by side.

Examples:

    prolo compare prolotherapy msc

    prolo compare prp corticosteroid-injection cervical-fusion

    prolo compare prp msc --json
"""

HELP["risks"] = """\
What can go wrong, by therapy and by injection route.

Each therapy's own risks and its routes' risks, worst first.

Examples:

    prolo risks --region neck

    prolo risks --region neck --therapy prp

    prolo risks --min-severity serious --json
"""

HELP["evidence"] = """\
What was found, therapy by condition.

Each cell: a mark for the result and the study type it rests on.

Examples:

    prolo evidence

    prolo evidence --any-region --condition osteoarthritis

    prolo evidence --json
"""

HELP["validate"] = """\
Check a catalogue file: errors, then warnings.

Examples:

    prolo validate my-catalogue.toml

    prolo validate my-catalogue.toml --json
"""

HELP["search"] = """\
Find therapies, routes, anatomy, tests, references.

Examples:

    prolo search alar

    prolo search vertebral artery

    prolo search hauser --json
"""

HELP["structures"] = """\
The neck's anatomy: who can reach what, and how.

Segment, function, access, the routes that target it, and how its injury is diagnosed.

Examples:

    prolo structures

    prolo structures --access experimental

    prolo structures alar-ligament
"""

HELP["procedures"] = """\
The needle routes into the neck, and their risks.

A route's risks apply to every product given that way.

Examples:

    prolo procedures

    prolo procedures c1-c2-joint-injection

    prolo procedures --json
"""

HELP["diagnosis"] = """\
How ligament injury is diagnosed, and what is contested.

Examples:

    prolo diagnosis

    prolo diagnosis clivo-axial-angle

    prolo diagnosis alar --json
"""

HELP["trials"] = """\
Registered trials: status, dates, results.

Examples:

    prolo trials

    prolo trials --therapy msc

    prolo trials --json
"""

HELP["questions"] = """\
Questions to take to a consultation.

Examples:

    prolo questions prolotherapy

    prolo questions prp --region knee

    prolo questions prolotherapy --format markdown > questions.md
"""

HELP["refs"] = """\
A therapy's references, with links; BibTeX and RIS.

Examples:

    prolo refs prolotherapy

    prolo refs prolotherapy --format ris > prolotherapy.ris

    prolo refs all --format bibtex
"""

HELP["glossary"] = """\
What prolo's labels mean.

Status, access, frequency, severity, study type, finding, certainty.

Examples:

    prolo glossary

    prolo glossary off-label

    prolo glossary --json
"""

HELP["levels"] = """\
Study type, finding and certainty, explained.

Examples:

    prolo levels

    prolo levels --json
"""

HELP["handout"] = """\
A printable comparison for a consultation, with questions.

Examples:

    prolo handout prolotherapy prp msc -o handout.html

    prolo handout prp corticosteroid-injection > handout.html

    prolo handout prolotherapy prp --format markdown -o handout.md
"""
