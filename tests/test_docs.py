"""The documentation tells the truth: every command has examples in its help
and a row in the README, every field the loader accepts is documented, and
the JSON shapes the format document names are the ones printed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from prolocli import models
from prolocli.cli import app
from prolocli.helptext import HELP

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
FORMAT = (ROOT / "docs" / "catalogue-format.md").read_text(encoding="utf-8")
COMMANDS = sorted(c.name for c in app.registered_commands if c.name)


def test_every_command_is_registered_with_its_help() -> None:
    assert sorted(HELP) == COMMANDS


@pytest.mark.parametrize("name", sorted(HELP))
def test_help_has_examples(run, name: str) -> None:
    result = run(name, "--help")
    assert result.exit_code == 0, result.stderr
    examples = re.findall(rf"^\s+prolo {name}\b.*$", result.stdout, re.MULTILINE)
    assert examples, f"'prolo {name} --help' shows no example"


@pytest.mark.parametrize("name", sorted(HELP))
def test_readme_command_table_lists_every_command(name: str) -> None:
    assert re.search(rf"^\| `prolo {name}\b", README, re.MULTILINE), f"README's command table lacks prolo {name}"


def test_top_level_help_has_examples_and_uncut_summaries(run) -> None:
    out = run("--help").stdout
    assert "Examples:" in out and "prolo show prp" in out
    assert "..." not in out.split("Commands")[-1]  # click cuts long summaries with '...'


MODELS = [
    cls
    for cls in vars(models).values()
    if isinstance(cls, type) and issubclass(cls, models.BaseModel) and cls.__module__ == models.__name__
]


@pytest.mark.parametrize("model", [m for m in MODELS if not m.__name__.startswith("_")], ids=lambda m: m.__name__)
def test_format_document_names_every_field(model: type[models.BaseModel]) -> None:
    missing = [name for name in model.model_fields if f"`{name}`" not in FORMAT and f"{name} =" not in FORMAT]
    assert missing == [], f"{model.__name__}: fields not in docs/catalogue-format.md: {missing}"


@pytest.mark.parametrize(
    ("args", "keys"),
    [
        (("risks", "--region", "neck", "--json"), {"region", "risks", "structures"}),
        (("evidence", "--json"), {"region", "conditions", "rows"}),
        (("compare", "prp", "msc", "--json"), {"region", "therapies"}),
        (("trials", "--json"), {"therapy", "note", "trials"}),
        (("search", "alar", "--json"), {"query", "results"}),
    ],
)
def test_documented_json_shapes(run, args: tuple[str, ...], keys: set[str]) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == keys
    for key in keys:
        assert f'"{key}"' in FORMAT, f"docs/catalogue-format.md does not name {key}"


def test_documented_risk_and_therapy_object_keys(run) -> None:
    risks = json.loads(run("risks", "--region", "neck", "--json").stdout)["risks"]
    assert {"therapy", "source", "procedure"} <= set(risks[0])
    therapy = json.loads(run("show", "prp", "--json").stdout)
    for key in ("level", "region_evidence", "route_risks", "claims", "references"):
        assert key in therapy and f"`{key}`" in FORMAT, key
    for key in ("level", "study_type", "finding_text", "certainty"):
        assert key in therapy["evidence"][0] and f"`{key}`" in FORMAT, key
