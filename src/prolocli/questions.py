"""Questions to take to a consultation, built from what the catalogue says.

Each question comes from a catalogue field (guidance, substances, protocol,
the region's risks, the evidence level, regulatory status), so a therapy with
different facts gets different questions.
"""

from __future__ import annotations

from dataclasses import dataclass

from prolocli.models import Therapy
from prolocli.reports import Facts, top_risks

TOPICS = (
    "Experience",
    "Guidance",
    "What is injected",
    "Course",
    "Risks",
    "Evidence",
    "Regulation",
    "Cost and follow-up",
)


@dataclass(frozen=True)
class Question:
    topic: str
    text: str


def _lower_first(text: str) -> str:
    text = text.rstrip(". ")
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def build(facts: Facts, therapy: Therapy, region: str) -> list[Question]:
    qs: list[Question] = []
    name = therapy.name

    def ask(topic: str, text: str) -> None:
        qs.append(Question(topic, text))

    ask(
        "Experience",
        f"How many {name} treatments in the {region} region have you done, and for which problems?",
    )
    structure_ids: list[str] = []
    for lim in therapy.limitations:
        if lim.region == region:
            structure_ids += [s for s in lim.structures if s not in structure_ids]
    for sid in structure_ids:
        structure = facts.structures.get(sid)
        if structure is None:
            continue
        if structure.access == "routine":
            ask("Experience", f"Does my problem involve the {structure.name}, and how will you target it?")
        else:
            ask(
                "Experience",
                f"prolo lists the {structure.name} as '{structure.access}': does my problem involve it, "
                "can you reach it, how, and how often have you done so?",
            )

    protocol = therapy.protocol
    if protocol and protocol.guidance:
        ask(
            "Guidance",
            f"Will every injection be guided by {', '.join(protocol.guidance)}, and who does the imaging?",
        )
    else:
        ask(
            "Guidance",
            "Will the injections be image-guided (ultrasound, fluoroscopy or CT), or placed by feel?",
        )

    for substance in therapy.substances:
        if substance.role == "active":
            detail = f" (prolo's sources mention: {substance.detail})" if substance.detail else ""
            ask(
                "What is injected",
                f"Exactly which {substance.name} will you use, prepared how and at what concentration{detail}?",
            )
    if any(s.role == "anaesthetic" for s in therapy.substances):
        ask("What is injected", "Which local anaesthetic is mixed in, and how much?")
    if not therapy.substances:
        ask("What is injected", "What exactly is injected or done, and at what dose?")

    sessions = protocol.sessions if protocol and protocol.sessions else None
    interval = protocol.interval if protocol and protocol.interval else None
    typical = ", ".join(x for x in (f"{sessions} sessions" if sessions else "", interval or "") if x)
    hint = f" (a typical course in prolo's sources: {typical})" if typical else ""
    ask(
        "Course",
        f"How many sessions do you plan, how far apart, and when do we decide it is not working{hint}?",
    )

    for risk in top_risks(therapy, region, limit=5):
        ask(
            "Risks",
            f"prolo lists this {risk.severity} risk ({risk.frequency}): {_lower_first(risk.text)}. "
            "How do you prevent it, and what happens if it occurs?",
        )

    info = facts.region_evidence(therapy, region)
    ask(
        "Evidence",
        f"prolo finds {info.text()}. Which studies do you rely on, and what results have your own "
        "patients had (how many, followed for how long, measured how)?",
    )
    if facts.any_conflict(therapy.cited_ids()):
        ask(
            "Evidence",
            "Some of the studies come from clinics that sell this treatment: are there independent results?",
        )

    places = ", ".join(dict.fromkeys(r.jurisdiction for r in therapy.regulatory)) or "your country"
    ask(
        "Regulation",
        f"prolo lists its status as '{therapy.status}' (notes for {places}). Is this use approved where you "
        "practise, and what consent will I sign?",
    )
    ask(
        "Cost and follow-up",
        "What does the whole course cost, including imaging and repeat sessions, and is any of it covered?",
    )
    ask(
        "Cost and follow-up",
        "What follow-up is included, and who do I call if something goes wrong after an injection?",
    )
    return qs
