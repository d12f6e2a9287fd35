"""JSON output: each view serialised faithfully, under the names the format
documents (docs/catalogue-format.md and docs/json.md)."""

from __future__ import annotations

import json
from datetime import date
from functools import singledispatch
from typing import Any

from prolocli import evidence as ev
from prolocli.records import Reference, Risk, Structure
from prolocli.search import SearchView
from prolocli.text import CONTROL
from prolocli.views import explore as vx
from prolocli.views import therapies as vt
from prolocli.views.questions import QuestionsView


def plain(value: Any) -> Any:
    """Records and views as JSON-ready values: dicts, lists, ISO dates."""
    if isinstance(value, Reference):
        return reference_object(value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a record or a view
        return {name: plain(getattr(value, name)) for name in value._fields}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value


def reference_object(ref: Reference) -> dict[str, Any]:
    data: dict[str, Any] = {name: plain(getattr(ref, name)) for name in ref._fields}
    # `authors` stays one string, as schema 1 printed it; the list is beside it.
    data["authors"] = ref.author_text
    data["author_list"] = list(ref.author_list)
    data["et_al"] = ref.et_al
    data["level"] = ref.level
    data["link"] = ref.link
    return data


def region_object(summary: ev.RegionSummary) -> dict[str, Any]:
    return {
        "region": summary.region,
        "direct": summary.direct,
        "level": summary.level,
        "study_type": ev.study_type(summary.level) if summary.direct else None,
        "finding": summary.finding,
        "condition": summary.condition,
        "entries": len(summary.entries),
        "text": summary.headline,
        "best_elsewhere": summary.elsewhere,
    }


def therapy_object(view: vt.ShowView) -> dict[str, Any]:
    data: dict[str, Any] = plain(view.therapy)
    rows = {id(r.entry): r for r in view.evidence}
    for entry, obj in zip(view.therapy.evidence, data["evidence"]):
        row = rows[id(entry)]
        obj["certainty"] = entry.graded
        obj["level"] = row.level
        obj["study_type"] = ev.study_type(row.level)
        obj["finding_text"] = row.headline
    data["level"] = view.level
    data["region_evidence"] = region_object(view.glance.summary)
    data["route_risks"] = [
        {**plain(cr.route.risk), "procedure": cr.route.procedure.id, "route": cr.route.procedure.name}
        for cr in view.route_risks
    ]
    data["claims"] = [plain(claim) for claim, _ in view.claims]
    data["references"] = [reference_object(r) for r in view.references]
    data["trials"] = [t.id for t in view.trials]
    if view.stale:
        data["stale"] = view.stale
    return data


def risk_object(therapy: str, risk: Risk, procedure: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = plain(risk)
    data["therapy"] = therapy
    data["source"] = "route" if procedure else "therapy"
    data["procedure"] = procedure
    return data


def structure_object(structure: Structure) -> dict[str, Any]:
    data: dict[str, Any] = plain(structure)
    return data


@singledispatch
def to_json(view: Any) -> Any:
    return plain(view)


@to_json.register
def _(view: vt.ShowView) -> Any:
    return therapy_object(view)


@to_json.register
def _(view: vt.ListView) -> Any:
    return [therapy_object(row.detail) for row in view.rows]


@to_json.register
def _(view: vt.CompareView) -> Any:
    return {"region": view.region, "therapies": [therapy_object(s) for s in view.therapies]}


@to_json.register
def _(view: vt.RisksView) -> Any:
    risks = []
    for group in view.groups:
        risks += [risk_object(group.therapy.id, r) for r in group.own]
        risks += [risk_object(group.therapy.id, rr.risk, rr.procedure.id) for rr in group.routes]
    return {"region": view.region, "risks": risks, "structures": [structure_object(s) for s in view.structures]}


@to_json.register
def _(view: vt.EvidenceMatrix) -> Any:
    return {
        "region": view.region,
        "conditions": list(view.conditions),
        "rows": [
            {
                "therapy": therapy.id,
                "cells": {
                    c: {"finding": cell.finding, "level": cell.level, "refs": list(cell.refs)}
                    for c, cell in zip(view.conditions, cells)
                },
            }
            for therapy, cells in view.rows
        ],
    }


@to_json.register
def _(view: vx.StructureView) -> Any:
    data = structure_object(view.structure)
    data["mentions"] = [plain(m) for m in view.mentions]
    data["procedures"] = [p.id for p in view.procedures]
    data["diagnostics"] = [d.id for d in view.diagnostics]
    data["references"] = [reference_object(r) for r in view.references]
    return data


@to_json.register
def _(view: vx.ProcedureView) -> Any:
    data = plain(view.procedure)
    data["therapies"] = [t.id for t in view.therapies]
    data["references"] = [reference_object(r) for r in view.references]
    return data


@to_json.register
def _(view: vx.DiagnosticView) -> Any:
    data = plain(view.diagnostic)
    data["references"] = [reference_object(r) for r in view.references]
    data["stale"] = view.stale
    return data


@to_json.register
def _(view: vx.TrialsView) -> Any:
    return {
        "therapy": view.therapy,
        "note": vx.TRIAL_CAVEAT,
        "trials": [{**plain(r.trial), "results_overdue": r.overdue, "stale": r.stale} for r in view.rows],
    }


@to_json.register
def _(view: vx.RefsView) -> Any:
    return [reference_object(r) for r in view.references]


@to_json.register
def _(view: vx.LevelsView) -> Any:
    return {
        "levels": [
            {"level": lv, "study_type": ev.study_type(lv) if lv else None, "designs": list(d), "meaning": m}
            for lv, d, m in view.levels
        ],
        "explanation": dict(view.examples),
    }


@to_json.register
def _(view: QuestionsView) -> Any:
    return {
        "therapy": view.therapy.id,
        "region": view.region,
        "questions": [{"topic": q.topic, "text": q.text} for q in view.questions],
    }


@to_json.register
def _(view: SearchView) -> Any:
    return {"query": view.query, "results": [h.as_json() for h in view.hits]}


@to_json.register(vx.StructureList)
@to_json.register(vx.ProcedureList)
@to_json.register(vx.DiagnosticList)
def _(view: Any) -> Any:
    return [plain(item) for item in view.items]


def dumps(value: Any) -> str:
    """JSON text; characters that steer a terminal stay escaped (json leaves
    C1 controls and bidi overrides raw when not escaping non-ASCII)."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
