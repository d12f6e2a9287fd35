"""Questions to take to a consultation, built from what the catalogue says.

Each question comes from a catalogue field (routes, structures, substances,
protocol, the region's risks, the findings, regulatory status), so a therapy
with different facts gets different questions. Each is a sentence a patient
could say aloud.
"""

from typing import NamedTuple

from prolocli import evidence as ev
from prolocli.records import Catalogue, Therapy
from prolocli.views.common import risk_order, route_risks
from prolocli.views.therapies import glance

# Tiers a clinician cannot routinely reach: never ask "can you reach it" as if routine.
_UNREACHABLE = ("experimental", "not-injectable")


class Question(NamedTuple):
    topic: str
    text: str


class QuestionsView(NamedTuple):
    therapy: Therapy
    region: str
    questions: tuple[Question, ...]


def _clause(text: str) -> str:
    """A catalogue sentence as a clause: no final full stop, first letter lowered
    unless it starts an acronym."""
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def build(catalogue: Catalogue, therapy: Therapy, region: str) -> QuestionsView:
    qs: list[Question] = []
    name = therapy.name
    word = ev.region_word(region)

    def ask(topic: str, text: str) -> None:
        qs.append(Question(topic, text))

    ask("Experience", f"How many {name} treatments in the {word} have you given, and for which problems?")
    named = dict.fromkeys(s for lim in therapy.limitations if lim.region == region for s in lim.structures)
    for sid in named:
        structure = catalogue.structure_map.get(sid)
        if structure is None:
            continue
        if structure.access in _UNREACHABLE:
            ask(
                "Experience",
                f"What published results and safety data exist for injecting the {structure.name}, "
                "and how would you reach it?",
            )
        elif structure.access == "specialist":
            ask("Experience", f"Does my problem involve the {structure.name}, and how often have you injected it?")
        else:
            ask("Experience", f"Does my problem involve the {structure.name}, and how will you target it?")
    if any(d.structures for d in catalogue.diagnostics if set(d.structures) & set(named)):
        ask(
            "Diagnosis",
            "Which measurement, on which imaging, was my diagnosis based on, and how reliable is it?",
        )

    protocol = therapy.protocol
    if protocol and protocol.guidance:
        ask(
            "Guidance", f"Will every injection be guided by {' or '.join(protocol.guidance)}, and who does the imaging?"
        )
    else:
        ask("Guidance", "Will the injections be image-guided (ultrasound, fluoroscopy or CT), or placed by feel?")
    for pid in therapy.procedures:
        procedure = catalogue.procedure_map.get(pid)
        if procedure is not None and any(r.applies_to(region) for r in procedure.risks):
            ask("Route", f"Will you use a {procedure.name.lower()}, and how do you avoid its risks?")

    for substance in therapy.substances:
        if substance.role == "active":
            ask("What is injected", f"Exactly which {substance.name.lower()} will you use, and at what concentration?")
    if any(s.role == "anaesthetic" for s in therapy.substances):
        ask("What is injected", "Which local anaesthetic is mixed in, and how much?")
    if not therapy.substances:
        ask("What is injected", "What exactly is injected or done, and at what dose?")

    ask("Course", "How many sessions do you plan, how far apart, and when do we decide it is not working?")

    seen = set()
    worst = [r for r in sorted(therapy.risks, key=risk_order) if r.applies_to(region)][:2]
    for risk in worst:
        if risk.severity in ("serious", "life-threatening"):
            seen.add(risk.text)
            ask("Risks", f"How do you prevent this risk, and what happens if it occurs: {_clause(risk.text)}?")
    for rr in route_risks(catalogue, therapy, region)[:2]:
        if rr.risk.text not in seen:
            seen.add(rr.risk.text)
            ask(
                "Risks",
                "How do you prevent this risk of the injection route, and what happens if it occurs: "
                f"{_clause(rr.risk.text)}?",
            )

    summary = glance(catalogue, therapy, region).summary
    ask(
        "Evidence",
        f"For the {word}, the studies found: {summary.headline}. Which studies do you rely on, and what results "
        "have your own patients had?",
    )
    cited = [catalogue.refs[r] for r in therapy.cited_ids() if r in catalogue.refs]
    if any(r.conflict for r in cited):
        ask("Evidence", "Some studies come from clinics that sell this treatment: are there independent results?")
    ask(
        "Regulation",
        f"Is this use approved where you practise (its status is {therapy.status}), and what consent will I sign?",
    )
    ask(
        "Cost and follow-up",
        "What does the whole course cost, including imaging and repeat sessions, and is any of it covered?",
    )
    ask(
        "Cost and follow-up",
        "What follow-up is included, and whom do I call if something goes wrong after an injection?",
    )
    return QuestionsView(therapy, region, tuple(qs))
