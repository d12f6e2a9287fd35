"""Write a large synthetic catalogue, valid by the format, for measuring prolo at scale.

The same seed always gives the same bytes, so runs on different days compare.

    python benchmarks/gen_catalogue.py big.toml [--therapies 250] [--references 5000] [--seed 6]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

SEED = 6
REGIONS = ("cervical", "thoracic", "lumbar", "pelvis", "shoulder", "elbow", "hand", "hip", "knee", "foot", "general")
CATEGORIES = (
    "proliferant", "blood-product", "cell-therapy", "growth-factor", "viscosupplement", "gas",
    "corticosteroid", "ablation", "surgery", "rehabilitation", "other",
)  # fmt: skip
DESIGNS = (
    "systematic-review", "meta-analysis", "rct", "cohort", "case-control", "case-series",
    "case-report", "narrative-review", "expert-opinion", "laboratory", "guideline", "regulatory",
)  # fmt: skip
STATUSES = ("experimental", "off-label", "approved-other-use", "approved", "standard-care")
SEVERITIES = ("minor", "moderate", "serious", "life-threatening")
FREQUENCIES = ("common", "uncommon", "rare", "very-rare", "unknown")
WORDS = (
    "ligament", "injection", "pain", "function", "trial", "placebo", "saline", "months", "patients",
    "improved", "similar", "outcome", "follow-up", "chronic", "instability", "dextrose", "platelet",
    "growth", "factor", "healing", "response", "ultrasound", "guided", "needle", "tendon", "joint",
    "randomised", "controlled", "cohort", "small", "large", "benefit", "harm", "uncertain", "review",
)  # fmt: skip
STRUCTURES = 40


def _s(value: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes, \uXXXX included).
    return json.dumps(value)


def _list(values: list[str]) -> str:
    return "[" + ", ".join(_s(v) for v in values) + "]"


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def _refs(rng: random.Random, references: int, count: int) -> list[str]:
    return [f"ref-{n:05d}" for n in sorted(rng.sample(range(1, references + 1), count))]


def _therapy(rng: random.Random, n: int, references: int) -> list[str]:
    out = [
        "[[therapy]]",
        f'id = "synthetic-{n:03d}"',
        f"name = {_s(f'Synthetic therapy {n}')}",
        f"aliases = {_list([f'synthetic {n}', f'syn{n:03d}'])}",
        f'kind = "{"comparator" if n % 7 == 0 else "regenerative"}"',
        f'category = "{rng.choice(CATEGORIES)}"',
        f"summary = {_s(_sentence(rng, 10, 18))}",
        f'mechanism = {{ text = {_s(_sentence(rng, 8, 14))}, certainty = "proposed" }}',
        f'substances = [{{ name = {_s(f"Agent {n}")}, role = "active", detail = "10% solution" }}]',
        'protocol = { sessions = "3-6", interval = "every 4 weeks", guidance = ["ultrasound"] }',
        f'status = "{rng.choice(STATUSES)}"',
        "reviewed = 2026-11-29",
        "",
        "[[therapy.regulatory]]",
        'jurisdiction = "US"',
        f"text = {_s(_sentence(rng, 8, 14))}",
        f"refs = {_list(_refs(rng, references, 1))}",
        "",
    ]
    for _ in range(rng.randint(3, 6)):
        out += [
            "[[therapy.evidence]]",
            f"indication = {_s(_sentence(rng, 2, 4))}",
            f'region = "{rng.choice(REGIONS)}"',
            f"summary = {_s(_sentence(rng, 12, 24))}",
            f"refs = {_list(_refs(rng, references, rng.randint(1, 4)))}",
            "",
        ]
    for _ in range(rng.randint(2, 4)):
        regions = ["any"] if rng.random() < 0.3 else sorted(set(rng.choices(REGIONS, k=2)))
        out += [
            "[[therapy.risks]]",
            f"text = {_s(_sentence(rng, 6, 12))}",
            f'severity = "{rng.choice(SEVERITIES)}"',
            f'frequency = "{rng.choice(FREQUENCIES)}"',
            f"regions = {_list(regions)}",
            f"refs = {_list(_refs(rng, references, rng.randint(1, 2)))}",
            "",
        ]
    out += [
        "[[therapy.limitations]]",
        'region = "cervical"',
        f"text = {_s(_sentence(rng, 8, 14))}",
        f'structures = ["structure-{rng.randint(1, STRUCTURES):02d}"]',
        "",
    ]
    return out


def _structure(rng: random.Random, n: int, references: int) -> list[str]:
    return [
        "[[structure]]",
        f'id = "structure-{n:02d}"',
        f"name = {_s(f'Synthetic structure {n}')}",
        f"latin = {_s(f'Structura {n}')}",
        f'region = "{rng.choice(REGIONS)}"',
        'level = "C1-C2"',
        f"function = {_s(_sentence(rng, 5, 10))}",
        f'access = "{rng.choice(("routine", "specialist", "not-injectable"))}"',
        f"approach = {_s(_sentence(rng, 5, 10))}",
        f"refs = {_list(_refs(rng, references, 1))}",
        "",
    ]


def _reference(rng: random.Random, n: int) -> list[str]:
    out = [
        "[[reference]]",
        f'id = "ref-{n:05d}"',
        f"authors = {_s(f'Author{n} A, Writer{n % 97} B, Scholar{n % 13} C')}",
        f"title = {_s(_sentence(rng, 8, 16))}",
        f"journal = {_s(f'Journal of Synthetic Studies {n % 40}')}",
        f"year = {rng.randint(1990, 2026)}",
        f'design = "{rng.choice(DESIGNS)}"',
        f'pmid = "{10_000_000 + n}"',
        f'doi = "10.{1000 + n % 9000}/synthetic.{n}"',
    ]
    if n % 9 == 0:
        out.append('conflict = "authors run clinics that sell this treatment"')
    return [*out, ""]


def generate(path: Path | str, therapies: int = 250, references: int = 5000, seed: int = SEED) -> Path:
    """Write the catalogue to `path` and return it as a Path."""
    rng = random.Random(seed)
    lines = [
        "# Synthetic catalogue for measuring prolo at scale; not medical content.",
        "schema = 1",
        "",
        "[catalogue]",
        'title = "Synthetic catalogue"',
        "reviewed = 2026-11-29",
        "",
    ]
    for n in range(1, therapies + 1):
        lines += _therapy(rng, n, references)
    for n in range(1, STRUCTURES + 1):
        lines += _structure(rng, n, references)
    for n in range(1, references + 1):
        lines += _reference(rng, n)
    target = Path(path)
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path)
    parser.add_argument("--therapies", type=int, default=250)
    parser.add_argument("--references", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    target = generate(args.path, args.therapies, args.references, args.seed)
    print(f"wrote {target} ({target.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
