"""The plain records the app reads: the models' exact shape, and nothing of pydantic."""

from __future__ import annotations

import collections
import dataclasses
import inspect
from datetime import date
from pathlib import Path

import pytest
from pydantic import BaseModel

from prolocli import models, records
from prolocli.loader import load, parse, to_record
from tests.test_loader import SCHEMA2

# Records may be dataclasses or named tuples (both immutable); these helpers
# let every test file speak of them without caring which.


def is_record_class(cls: type) -> bool:
    return dataclasses.is_dataclass(cls) or (issubclass(cls, tuple) and hasattr(cls, "_fields"))


def field_names(cls: type) -> list[str]:
    if dataclasses.is_dataclass(cls):
        return [f.name for f in dataclasses.fields(cls)]
    return list(cls._fields)  # type: ignore[attr-defined]


def replace(obj, **changes):  # type: ignore[no-untyped-def]
    if dataclasses.is_dataclass(obj):
        return dataclasses.replace(obj, **changes)
    return obj._replace(**changes)


def reshaped(name: str, fields: list[str]) -> type:
    """A class like the records (same kind), named `name`, with these fields."""
    if dataclasses.is_dataclass(records.Reference):
        return dataclasses.make_dataclass(name, fields, frozen=True)
    return collections.namedtuple(name, fields)


def model_classes() -> dict[str, type[BaseModel]]:
    """Every pydantic model the format defines (subclasses of models._Model)."""
    return {
        name: cls
        for name, cls in vars(models).items()
        if inspect.isclass(cls) and issubclass(cls, models._Model) and cls is not models._Model
    }


def test_every_model_has_a_record_and_every_record_a_model() -> None:
    assert set(records.RECORDS) == set(model_classes())
    assert len(records.RECORDS) >= 16


@pytest.mark.parametrize("name", sorted(model_classes()))
def test_record_fields_are_the_model_fields_in_order(name: str) -> None:
    model = model_classes()[name]
    record = records.RECORDS[name]
    assert record.__name__ == name
    assert is_record_class(record)
    assert field_names(record) == list(model.model_fields), name


@pytest.mark.parametrize("name", sorted(records.RECORDS))
def test_records_are_plain_classes_of_the_records_module(name: str) -> None:
    record = records.RECORDS[name]
    assert record.__module__ == "prolocli.records"
    assert not issubclass(record, BaseModel)
    assert is_record_class(record)


def _walk(value: object, path: str, seen: list[str]) -> None:
    """Fail on anything that is not a record, tuple, dict of records or plain value."""
    assert not isinstance(value, BaseModel), f"{path} is a pydantic object: {type(value)!r}"
    assert not isinstance(value, list), f"{path} is a list (records hold tuples)"
    assert "pydantic" not in type(value).__module__, path
    if is_record_class(type(value)):
        cls = type(value)
        assert cls.__module__ == "prolocli.records", f"{path} is a {cls!r}"
        seen.append(cls.__name__)
        names = field_names(cls)
        with pytest.raises(AttributeError):  # immutable at every depth
            setattr(value, names[0], None)
        for name in names:
            _walk(getattr(value, name), f"{path}.{name}", seen)
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            _walk(item, f"{path}[{i}]", seen)
    elif isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str), path
            _walk(item, f"{path}[{key!r}]", seen)
    else:
        assert value is None or isinstance(value, (str, int, bool, date)), f"{path}: {type(value)!r}"


def test_a_loaded_schema2_catalogue_is_records_at_every_depth() -> None:
    seen: list[str] = []
    _walk(parse(SCHEMA2.encode(), "c.toml"), "catalogue", seen)
    # The walk reached every kind of record the catalogue holds.
    assert {
        "Catalogue",
        "Therapy",
        "Evidence",
        "Risk",
        "Regulatory",
        "Mechanism",
        "Procedure",
        "Structure",
        "Diagnostic",
        "Threshold",
        "Trial",
        "Reference",
        "CatalogueInfo",
    } <= set(seen)


def test_a_loaded_schema1_catalogue_is_records_at_every_depth(mini: Path) -> None:
    seen: list[str] = []
    _walk(load(mini), "catalogue", seen)
    assert {"Substance", "Protocol", "Limitation"} <= set(seen)


def test_walk_catches_a_pydantic_object() -> None:
    # Control for the walk itself: a model hidden deep inside is found.
    cat = parse(SCHEMA2.encode(), "c.toml")
    bad_mechanism = models.Mechanism(text="t", certainty="unclear")
    therapy = replace(cat.therapies[0], mechanism=bad_mechanism)
    with pytest.raises(AssertionError, match="pydantic"):
        _walk(replace(cat, therapies=(therapy,)), "catalogue", [])


def test_to_record_turns_lists_into_tuples_recursively() -> None:
    model = models.Risk(text="t", severity="minor", frequency="rare", regions=["cervical"], refs=["a", "b"])
    record = to_record(model)
    assert type(record) is records.Risk
    assert record == records.Risk("t", "minor", "rare", ("cervical",), ("a", "b"))


def test_records_cannot_be_changed() -> None:
    cat = parse(SCHEMA2.encode(), "c.toml")
    with pytest.raises(AttributeError):
        cat.therapies[0].name = "changed"  # type: ignore[misc]


def test_catalogue_lookups_are_built() -> None:
    cat = parse(SCHEMA2.encode(), "c.toml")
    assert set(cat.refs) == {"r-trial", "r-series"}
    assert cat.structure_map["capsule"].name == "Facet capsule"
    assert cat.procedure_map["facet"].approach == "From behind, under X-ray."


# -- record behaviour ---------------------------------------------------------------


def ref(**fields: object) -> records.Reference:
    base = dict.fromkeys(field_names(records.Reference))
    base.update(id="r", design="rct", retracted=False)
    base.update(fields)
    return records.Reference(**base)  # type: ignore[arg-type]


def test_reference_link_prefers_doi_then_pmid_then_url() -> None:
    assert ref(doi="10.1/x", pmid="1", url="https://e.org").link == "https://doi.org/10.1/x"
    assert ref(pmid="123", url="https://e.org").link == "https://pubmed.ncbi.nlm.nih.gov/123/"
    assert ref(url="https://e.org/p").link == "https://e.org/p"


def test_reference_level_is_none_when_retracted_and_uses_pooled_design() -> None:
    assert ref(design="systematic-review").level == 1
    assert ref(design="systematic-review", retracted=True).level is None
    assert ref(design="meta-analysis", pooled="case-series").level == 4
    assert ref(design="regulatory").level is None


def test_reference_authors() -> None:
    listed = ref(authors=("Smith A", "Jones B", "et al."))
    assert listed.author_list == ("Smith A", "Jones B")
    assert listed.et_al is True
    assert listed.author_text == "Smith A, Jones B et al."
    body = ref(authors="Food and Drug Administration")
    assert body.author_list == ("Food and Drug Administration",)
    assert body.et_al is False and body.author_text == "Food and Drug Administration"
    assert ref().author_list == ()


def test_evidence_graded_reads_either_schema_name() -> None:
    entry = records.Evidence("i", "cervical", "s", ("r",))
    assert entry.graded is None
    assert replace(entry, grade="low").graded == "low"
    assert replace(entry, certainty="moderate").graded == "moderate"


def test_risk_applies_to_its_regions_or_any() -> None:
    neck = records.Risk("t", "minor", "rare", ("cervical",), ("r",))
    assert neck.applies_to("cervical") and neck.applies_to(None)
    assert not neck.applies_to("knee")
    assert records.Risk("t", "minor", "rare", ("any",), ("r",)).applies_to("knee")


def test_therapy_cited_ids_in_first_cited_order() -> None:
    cat = parse(SCHEMA2.encode(), "c.toml")
    assert cat.therapies[0].cited_ids() == ["r-trial"]
    assert cat.therapies[1].cited_ids() == ["r-series"]
