"""The bundled catalogue: content a patient and their doctor rely on.

Guards on the shipped data (data/therapies.toml), read with the cache off.
Parametrised per record where that helps a failure name the entry."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from prolocli.catalogue import open_catalogue

CATALOGUE = open_catalogue(use_cache=False)
THERAPY_IDS = [t.id for t in CATALOGUE.therapies]

DOI = re.compile(r"^10\.\d{4,9}/\S+$")
# Wording left over from research notes; a reader must never see it.
PLACEHOLDERS = (
    "not recorded", "the notes", "page seen", "not shown on", "trials seen", "sources seen",
    "research for this", "not verified",
)  # fmt: skip


def fields_of(record: object) -> dict[str, object]:
    if hasattr(record, "_fields"):  # named tuple
        return {name: getattr(record, name) for name in record._fields}
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
    return {}


def strings(value: object, path: str) -> Iterator[tuple[str, str]]:
    """Every string inside a record, with where it is."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        return  # lookup maps repeat the tables
    elif hasattr(value, "_fields") or (dataclasses.is_dataclass(value) and not isinstance(value, type)):
        for name, item in fields_of(value).items():
            yield from strings(item, f"{path}.{name}")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from strings(item, f"{path}[{i}]")


def visible_strings() -> Iterator[tuple[str, str]]:
    tables = {
        "therapy": CATALOGUE.therapies,
        "structure": CATALOGUE.structures,
        "procedure": CATALOGUE.procedures,
        "diagnostic": CATALOGUE.diagnostics,
        "trial": CATALOGUE.trials,
        "claim": CATALOGUE.claims,
        "reference": CATALOGUE.references,
    }
    yield from strings(CATALOGUE.info, "catalogue")
    for table, items in tables.items():
        for item in items:
            yield from strings(item, f"{table} {item.id!r}")


def cited(ids) -> bool:  # type: ignore[no-untyped-def]
    return bool(ids) and all(i in CATALOGUE.refs for i in ids)


def ok_json(run, *args: str):  # type: ignore[no-untyped-def]
    result = run(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --- the records themselves ---------------------------------------------------------


def test_every_evidence_entry_says_what_was_found_against_what():
    missing = [
        f"{t.id} evidence[{i}] ({e.indication}): {name}"
        for t in CATALOGUE.therapies
        for i, e in enumerate(t.evidence)
        for name in ("condition", "versus", "finding")
        if getattr(e, name) is None
    ]
    assert missing == []


def test_every_reference_has_a_year():
    assert [r.id for r in CATALOGUE.references if not r.year] == []


def test_identifiers_are_well_formed():
    bad = [f"{r.id}: doi {r.doi!r}" for r in CATALOGUE.references if r.doi and not DOI.match(r.doi)]
    bad += [f"{r.id}: pmid {r.pmid!r}" for r in CATALOGUE.references if r.pmid and not r.pmid.isdigit()]
    assert bad == []


def test_no_placeholder_research_wording_reaches_the_reader():
    found = [
        f"{path}: {phrase!r} in {text[:120]!r}"
        for path, text in visible_strings()
        for phrase in PLACEHOLDERS
        if phrase in text.lower()
    ]
    assert found == [], "\n".join(found)


# Hosts a reference may link to, each judged on what it is. A mirror, a
# document-sharing site or a bare IP address does not belong here: link the
# original instead (and leave such a host off this list, so the test says so).
ALLOWED_HOSTS = {
    # journals and publishers (their own sites)
    "academic.oup.com": "Oxford University Press journals",
    "journals.lww.com": "Wolters Kluwer / Lippincott journals",
    "www.jcvjs.com": "Journal of Craniovertebral Junction and Spine, the publisher's own article pages",
    "journals.sagepub.com": "SAGE journals",
    "onlinelibrary.wiley.com": "Wiley journals",
    "www.sciencedirect.com": "Elsevier journals",
    "elsevier.com": "Elsevier, publisher",
    "www.elsevier.com": "Elsevier, publisher",
    "www.nature.com": "Nature Portfolio journals",
    "www.dovepress.com": "Dove Medical Press journals",
    "www.hindawi.com": "Hindawi journals",
    "www.benthamopen.com": "Bentham Open journals",
    "www.biomedcentral.com": "BioMed Central journals",
    "actascientific.com": "Acta Scientific, the journal's publisher",
    "www.ingentaconnect.com": "Ingenta Connect, the hosting platform publishers use for their journals",
    "journalofprolotherapy.com": "Journal of Prolotherapy, the journal's own site",
    "www.painphysicianjournal.com": "Pain Physician, the journal's own site",
    "acpjc.acponline.org": "ACP Journal Club, American College of Physicians",
    "www.healio.com": "SLACK/Healio, publisher of the journal Orthopedics",
    "www.springermedizin.de": "Springer Medizin, publisher",
    "www.aerzteblatt.de": "Deutsches Aerzteblatt, journal of the German medical associations",
    "www.medical-tribune.de": "Medical Tribune, medical news publisher",
    "www.practicalpainmanagement.com": "Practical Pain Management, journal",
    "emedicine.medscape.com": "Medscape Reference, publisher",
    "www.statpearls.com": "StatPearls Publishing",
    "www.orthobullets.com": "Orthobullets, medical education publisher",
    "aclandanatomy.com": "Acland's Video Atlas of Human Anatomy (Wolters Kluwer), publisher",
    "vidal.fr": "VIDAL, the French drug compendium publisher",
    "pmc.ncbi.nlm.nih.gov": "PubMed Central, the US National Library of Medicine's full-text archive",
    "www.cns.org": "Congress of Neurological Surgeons, the society's own abstract archive",
    "sss-2024.p.asnevents.com.au": "the Spine Society of Australia 2024 meeting's own abstract site",
    # regulators, official gazettes and law
    "www.fda.gov": "US Food and Drug Administration",
    "www.accessdata.fda.gov": "US Food and Drug Administration databases",
    "open.fda.gov": "US Food and Drug Administration open data",
    "dailymed.nlm.nih.gov": "DailyMed, US National Library of Medicine's official drug labels",
    "www.federalregister.gov": "US Federal Register",
    "www.govinfo.gov": "US Government Publishing Office",
    "edocket.access.gpo.gov": "US Government Publishing Office, Code of Federal Regulations archive",
    "www.cdc.gov": "US Centers for Disease Control and Prevention",
    "www.cms.gov": "US Centers for Medicare & Medicaid Services",
    "www.hsrd.research.va.gov": "US Department of Veterans Affairs evidence synthesis program",
    "www.gov.uk": "UK government (MHRA)",
    "www.hpra.ie": "Irish Health Products Regulatory Authority",
    "www.ema.europa.eu": "European Medicines Agency",
    "eur-lex.europa.eu": "EU law, the official journal",
    "www.pei.de": "Paul-Ehrlich-Institut, German federal regulator",
    "bfarm.de": "BfArM, German federal drug regulator",
    "www.bfarm.de": "BfArM, German federal drug regulator",
    "www.gesetze-im-internet.de": "German federal law, official site",
    "www.akdae.de": "Drug Commission of the German Medical Association",
    "www.igel-monitor.de": "IGeL-Monitor of the German health insurers' medical service",
    # courts
    "www.ca11.uscourts.gov": "US Court of Appeals for the Eleventh Circuit",
    "www.dcd.uscourts.gov": "US District Court for the District of Columbia",
    "www.justiz.nrw.de": "North Rhine-Westphalia courts' official decisions portal",
    "www.gesetze-bayern.de": "Bavaria's official law and court decisions portal",
    "voris.wolterskluwer-online.de": "VORIS, Lower Saxony's official law and court decisions service",
    # guideline and assessment bodies, payers
    "www.nice.org.uk": "NICE, UK guideline body",
    "www.cadth.ca": "CADTH, Canadian health technology assessment agency",
    "www.ctaf.org": "California Technology Assessment Forum",
    "dgn.org": "German Neurological Society, guideline publisher",
    "www.dgn.org": "German Neurological Society, guideline publisher",
    "www.ifompt.org": "International Federation of Orthopaedic Manipulative Physical Therapists",
    "www.physioswiss.ch": "physioswiss, Swiss physiotherapy association",
    "www.apsf.org": "Anesthesia Patient Safety Foundation",
    "www.pewtrusts.org": "Pew Charitable Trusts, its own research briefs",
    "www.aetna.com": "Aetna, the insurer's own coverage policies",
    "anthem.com": "Anthem, the insurer's own medical policies",
    # registries
    "clinicaltrials.gov": "ClinicalTrials.gov, the US trial registry",
    # manufacturers, consultancies, clinics and patient groups: their own sites
    "www.medtronic.com": "Medtronic, the maker of the product",
    "www.mesoblast.com": "Mesoblast, the maker of the product",
    "www.heel.de": "Heel, the maker of Traumeel",
    "m.hevert.com": "Hevert, the maker of the product",
    "ostenil.trbchemedica.co.uk": "TRB Chemedica, the maker of Ostenil",
    "cytonics.com": "Cytonics, the maker of the A2M product",
    "www.valicare.com": "ValiCare, a regulatory consultancy's own explainer",
    "centenoschultz.com": "Centeno-Schultz Clinic, the clinic's own site",
    "regenexx.com": "Regenexx, the clinic network's own site",
    "www.regenexx.com": "Regenexx, the clinic network's own site",
    "www.getprolo.com": "Caring Medical, the clinic's own prolotherapy site",
    "fajdalomklinika.hu": "a Hungarian pain clinic's own site",
    "ambulantes-schmerzzentrum.de": "a German pain clinic's own site",
    "cci-foundation.org": "CCI Foundation, the patient organisation's own site",
    # Deliberately absent:
    #   en.wikipedia.org - an anyone-can-edit encyclopaedia, not the source of the statement it backs
    #   unit-3.myhealthtoolkit.com - a white-label portal re-hosting an unnamed health plan's policy
    #     ("external-policies"), i.e. a copy, not the issuer's own page
}


def test_reference_urls_point_at_allowed_hosts():
    bad = []
    for ref in CATALOGUE.references:
        if not ref.url:
            continue
        host = (urlsplit(ref.url).hostname or "").lower()
        if re.fullmatch(r"[\d.]+|\[?[0-9a-f:]+\]?", host) or host not in ALLOWED_HOSTS:
            bad.append(f"{ref.id}: {ref.url}")
    assert bad == [], "reference URLs on hosts not on the allow-list:\n" + "\n".join(bad)


@pytest.mark.parametrize("therapy_id", THERAPY_IDS)
def test_every_therapy_has_an_eu_or_german_regulatory_line(therapy_id):
    therapy = next(t for t in CATALOGUE.therapies if t.id == therapy_id)
    assert {r.jurisdiction for r in therapy.regulatory} & {"EU", "DE"}


# --- what the commands show ---------------------------------------------------------


def test_botox_alias_resolves_to_botulinum_toxin(run):
    assert ok_json(run, "show", "botox")["id"] == "botulinum-toxin"
    result = run("show", "botox")
    assert result.exit_code == 0, result.stderr
    assert "(botulinum-toxin)" in result.stdout


@pytest.mark.parametrize(
    "therapy_id", ["botulinum-toxin", "bmac", "neural-therapy", "exosomes", "traumeel", "dry-needling"]
)
def test_show_newer_entries_with_cited_evidence_and_risk(run, therapy_id):
    result = run("show", therapy_id)
    assert result.exit_code == 0, f"prolo show {therapy_id}: {result.stderr.strip()}"
    data = ok_json(run, "show", therapy_id)
    assert data["id"] == therapy_id
    assert any(cited(e["refs"]) for e in data["evidence"]), "no cited evidence entry"
    assert any(cited(r["refs"]) for r in data["risks"]), "no cited risk"


def test_procedures_have_cited_risks_and_c1_c2_names_its_dangers(run):
    data = ok_json(run, "procedures")
    assert len(data) >= 7
    for p in data:
        assert any(cited(r["refs"]) for r in p["risks"]), p["id"]
    [c1c2] = [p for p in data if "c1-c2" in p["id"]]
    risks = " ".join(r["text"] for r in c1c2["risks"]).lower()
    assert "vertebral arter" in risks
    assert "spinal cord" in risks


def test_alar_ligament_is_not_routinely_injectable(run):
    assert ok_json(run, "structures", "alar-ligament")["access"] in ("experimental", "not-injectable")


def test_questions_never_ask_a_clinician_to_reach_what_no_needle_reaches(run):
    hard = [s.name for s in CATALOGUE.structures if s.access in ("experimental", "not-injectable")]
    data = ok_json(run, "questions", "prp")
    # "whether a clinician can reach it", as if routine; the issue's own follow-up,
    # "how would you reach it?" beside "what published safety data exist", is allowed.
    asking = re.compile(r"\b(can|could|will) you (reach|get to|get at|inject)\b|\bable to reach\b", re.IGNORECASE)
    bad = [q["text"] for q in data["questions"] if asking.search(q["text"]) and any(n in q["text"] for n in hard)]
    assert bad == [], "questions asking a clinician to reach an unreachable structure:\n" + "\n".join(bad)


def test_diagnosis_lists_the_contested_measurements_with_sources(run):
    data = ok_json(run, "diagnosis")
    assert len(data) >= 10
    by_id = {d["id"]: d for d in data}
    for wanted in ("clivo-axial-angle", "grabb-oakes", "upright-mri"):
        assert wanted in by_id, wanted
        assert cited(by_id[wanted]["refs"]), wanted


def test_diagnosis_alar_resolves(run):
    result = run("diagnosis", "alar")
    assert result.exit_code == 0, result.stderr
    assert "alar" in result.stdout.lower()


def test_trials_include_the_alar_ligament_trial_with_status(run):
    data = ok_json(run, "trials")
    trials = {t["id"]: t for t in data["trials"]}
    trial = trials["NCT03517761"]
    assert trial["status"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", trial["status_date"])


def test_msc_neck_evidence_is_not_ranked_as_review_or_trial(run):
    data = ok_json(run, "list", "--region", "cervical")
    msc = next(t for t in data if t["id"] == "msc")
    evidence = msc["region_evidence"]
    assert evidence["level"] not in (1, 2), evidence
    assert evidence["study_type"] not in ("systematic review", "randomised trial"), evidence


def test_bibtex_export_keeps_every_author(run):
    bibtexparser = pytest.importorskip("bibtexparser")
    result = run("refs", "all", "--format", "bibtex")
    assert result.exit_code == 0, result.stderr
    entries = {e["ID"]: e for e in bibtexparser.loads(result.stdout).entries}
    assert len(entries) == len(CATALOGUE.references)
    multi = [r for r in CATALOGUE.references if len(r.author_list) > 1]
    assert multi, "no multi-author reference in the catalogue"
    for ref in multi:
        names = [n.strip() for n in entries[ref.id]["author"].split(" and ")]
        assert len(names) > 1, (ref.id, entries[ref.id]["author"])
        assert len(names) == len(ref.author_list) + (1 if ref.et_al else 0), ref.id


@pytest.mark.parametrize("columns", ["100", "40"])
def test_refs_piped_prints_each_link_whole_on_one_line(run, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    result = run("refs", "prp")
    assert result.exit_code == 0, result.stderr
    lines = {line.strip() for line in result.stdout.splitlines()}
    therapy = next(t for t in CATALOGUE.therapies if t.id == "prp")
    missing = []
    for ref in (CATALOGUE.refs[i] for i in therapy.cited_ids()):
        if ref.doi:
            url = f"https://doi.org/{ref.doi}"
        elif ref.pmid:
            url = f"https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/"
        else:
            continue
        if url not in lines:
            missing.append(f"{ref.id}: {url}")
    assert missing == [], "links not printed whole on a line of their own:\n" + "\n".join(missing)
