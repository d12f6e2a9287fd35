"""The JSON objects of the catalogue format's "JSON output" section."""

from __future__ import annotations

import json
from typing import Any

from prolocli.models import Risk, Structure, Therapy
from prolocli.reports import Facts


def therapy_object(facts: Facts, therapy: Therapy, region: str | None = None) -> dict[str, Any]:
    data = therapy.model_dump(mode="json")
    for entry, model in zip(data["evidence"], therapy.evidence):
        entry["level"] = facts.level(model)
    data["level"] = facts.best_level(therapy)
    if region is not None:
        data["region_evidence"] = facts.region_evidence(therapy, region).as_json()
    data["claims"] = [c.model_dump(mode="json") for c in facts.claims_for(therapy)]
    data["references"] = [r.model_dump(mode="json") for r in facts.cited(therapy)]
    return data


def risk_object(therapy: Therapy, risk: Risk) -> dict[str, Any]:
    data = risk.model_dump(mode="json")
    data["therapy"] = therapy.id
    return data


def structure_object(structure: Structure) -> dict[str, Any]:
    return structure.model_dump(mode="json")


def dumps(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)
