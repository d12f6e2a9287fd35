"""Small schema-2 catalogues for the CLI tests, written as TOML text.

`NECK` has three therapies (two regenerative, one comparator), references of
several designs (one retracted), two needle routes (one unpublished), one
structure of each access tier, a diagnostic and two registered trials.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REVIEWED = "2026-01-01"

# Identifiers the width tests look for, whole, in the output.
LONG_DOI = "10.1016/j.spinee.2024.01.012"  # its URL is wider than 40 columns
GUIDE_URL = "https://www.example-guidelines.org/neck/regenerative-injections-for-neck-ligaments-2025"
TRIAL_URL = "https://clinicaltrials.gov/study/NCT09990001"

NECK = f"""
schema = 2

[catalogue]
title = "Neck test catalogue"
reviewed = {REVIEWED}

[[therapy]]
id = "prp"
name = "Platelet-rich plasma"
aliases = ["PRP injection", "Eigenbluttherapie"]
kind = "regenerative"
category = "blood-product"
summary = "Concentrated platelets from the patient's own blood, injected into the painful area."
mechanism = {{ text = "Platelets release growth factors.", certainty = "proposed" }}
substances = [{{ name = "Autologous platelet concentrate", role = "active", detail = "leukocyte-poor" }}]
protocol = {{ sessions = "1-3", interval = "monthly", guidance = ["ultrasound"] }}
status = "off-label"
procedures = ["cervical-facet-injection"]
reviewed = {REVIEWED}

[[therapy.regulatory]]
jurisdiction = "EU"
text = "Blood preparations made at the bedside fall outside the medicines rules."
refs = ["eu-guidance-2025"]

[[therapy.evidence]]
indication = "Cervical facet joint pain"
region = "cervical"
condition = "facet-pain"
versus = "active"
versus_detail = "corticosteroid injection"
finding = "no-difference"
studies = 1
participants = 40
follow_up = "6 months"
summary = "Similar pain relief to a steroid injection over six months in one small trial."
refs = ["allison-2024-cervical-facet-rct"]

[[therapy.evidence]]
indication = "Knee osteoarthritis"
region = "knee"
condition = "osteoarthritis"
versus = "placebo-sham"
finding = "no-difference"
studies = 1
participants = 24
summary = "No better than saline injections in a small placebo-controlled trial."
refs = ["bennell-2021"]

[[therapy.risks]]
text = "Pain and swelling after the injection."
severity = "minor"
frequency = "common"
regions = ["any"]
refs = ["bennell-2021"]

[[therapy.limitations]]
region = "cervical"
text = "Posterior injections do not reach the deep upper neck ligaments."
structures = ["alar-ligament", "transverse-ligament", "c1-c2-capsule", "facet-capsule"]
refs = ["tubbs-2011"]

[[therapy]]
id = "prolotherapy"
name = "Dextrose prolotherapy"
aliases = ["prolo", "dextrose"]
kind = "regenerative"
category = "proliferant"
summary = "Repeated injections of concentrated sugar solution where ligaments attach to bone."
mechanism = {{ text = "Thought to trigger a local healing response.", certainty = "unclear" }}
substances = [
  {{ name = "Dextrose", role = "active", detail = "12.5 to 25 percent" }},
  {{ name = "Lidocaine", role = "anaesthetic" }},
]
status = "off-label"
procedures = ["posterior-ligament-injection"]
reviewed = {REVIEWED}

[[therapy.regulatory]]
jurisdiction = "DE"
text = "Dextrose is an approved medicine; injecting it into ligaments is outside its label."
refs = ["eu-guidance-2025"]

[[therapy.evidence]]
indication = "Knee osteoarthritis"
region = "knee"
condition = "osteoarthritis"
versus = "placebo-sham"
finding = "benefit"
studies = 5
participants = 300
certainty = "moderate"
summary = "A review of trials found less knee pain than with saline injections."
refs = ["knee-review-2020"]

[[therapy.evidence]]
indication = "Craniocervical ligament laxity"
region = "cervical"
condition = "ligament-laxity-instability"
versus = "none"
finding = "insufficient"
studies = 1
participants = 12
summary = "A clinic's case series reported improvement without a control group."
refs = ["retracted-neck-review", "hauser-2014-series"]

[[therapy.risks]]
text = "Flare of pain for a few days after each session."
severity = "minor"
frequency = "common"
regions = ["any"]
refs = ["hauser-2014-series"]

[[therapy]]
id = "steroid-injection"
name = "Corticosteroid injection"
aliases = ["cortisone"]
kind = "comparator"
category = "corticosteroid"
summary = "A steroid injected to calm inflammation."
mechanism = {{ text = "Suppresses inflammation.", certainty = "established" }}
status = "approved"
reviewed = {REVIEWED}

[[therapy.regulatory]]
jurisdiction = "EU"
text = "Injectable steroids are approved medicines."
refs = ["eu-guidance-2025"]

[[therapy.evidence]]
indication = "Low back pain"
region = "lumbar"
condition = "low-back-pain"
versus = "placebo-sham"
finding = "mixed"
studies = 1
participants = 80
summary = "Mixed results against a sham injection."
refs = ["steroid-rct-2019"]

[[therapy.risks]]
text = "Thinning of the skin at the injection site."
severity = "minor"
frequency = "uncommon"
regions = ["any"]
refs = ["steroid-rct-2019"]

[[therapy.limitations]]
region = "cervical"
text = "Not studied for neck ligaments."
structures = ["transverse-ligament"]
refs = ["tubbs-2011"]

[[procedure]]
id = "cervical-facet-injection"
name = "Cervical facet joint injection"
aliases = ["facet injection"]
structures = ["facet-capsule"]
guidance = ["fluoroscopy"]
approach = "A needle from behind into the small joint at the back of the neck."
who = "Pain specialists and radiologists."
published = true
refs = ["facet-safety-2018"]
reviewed = {REVIEWED}

[[procedure.risks]]
text = "Puncture of the vertebral artery, which can cause a stroke."
severity = "life-threatening"
frequency = "very-rare"
regions = ["cervical"]
refs = ["facet-safety-2018"]

[[procedure]]
id = "posterior-ligament-injection"
name = "Posterior ligament injection"
structures = ["facet-capsule"]
guidance = ["landmark"]
approach = "Many shallow injections where ligaments attach at the back of the neck."
who = "Clinicians offering prolotherapy."
published = true
refs = ["hauser-2014-series"]

[[procedure.risks]]
text = "Needle entering the spinal canal and leaking spinal fluid."
severity = "serious"
frequency = "rare"
regions = ["cervical"]
refs = ["hauser-2014-series"]

[[procedure]]
id = "picl"
name = "PICL transoral injection"
structures = ["alar-ligament"]
guidance = ["fluoroscopy"]
approach = "Through the back of the mouth, as described by one clinic group."
who = "One clinic group."
published = false
refs = ["tubbs-2011"]

[[procedure.risks]]
text = "Infection of the deep neck from the mouth."
severity = "serious"
frequency = "unknown"
regions = ["cervical"]
refs = ["tubbs-2011"]

[[structure]]
id = "facet-capsule"
name = "Facet joint capsules C2-C7"
region = "cervical"
level = "C2-C7"
function = "Guide segmental motion."
access = "routine"
approach = "Fluoroscopy or ultrasound guided."
refs = ["facet-safety-2018"]

[[structure]]
id = "c1-c2-capsule"
name = "C1-C2 joint capsules"
region = "cervical"
level = "C1-C2"
function = "Allow the head to turn."
access = "specialist"
approach = "Fluoroscopy guided, by specialists."
refs = ["tubbs-2011"]

[[structure]]
id = "alar-ligament"
name = "Alar ligaments"
latin = "Ligamenta alaria"
region = "cervical"
level = "C0-C2"
function = "Limit rotation and side bending of the head."
access = "experimental"
approach = "A transoral route is claimed by a few clinics; nothing published."
refs = ["tubbs-2011"]

[[structure]]
id = "transverse-ligament"
name = "Transverse ligament of the atlas"
region = "cervical"
level = "C1"
function = "Holds the dens against the front of the atlas."
access = "not-injectable"
approach = "No needle route reaches it."
refs = ["tubbs-2011"]

[[diagnostic]]
id = "clivo-axial-angle"
name = "Clivo-axial angle (CXA)"
aliases = ["CXA"]
kind = "measurement"
shows = "The angle between the back of the skull base and the back of C2."
criticism = "Normal values vary widely between people without symptoms."
structures = ["alar-ligament"]
refs = ["tubbs-2011"]
reviewed = {REVIEWED}

[[diagnostic.thresholds]]
value = "below 135 degrees suggested as abnormal"
proposed_by = "A surgical group"
refs = ["tubbs-2011"]

[[trial]]
registry = "ClinicalTrials.gov"
id = "NCT09990001"
title = "Stem cells for neck instability"
sponsor = "A clinic group"
therapies = ["prp"]
status = "unknown"
status_date = 2019-06-01
completion = 2020-12-31
completion_kind = "planned"
results = "none"
url = "{TRIAL_URL}"
reviewed = {REVIEWED}

[[trial]]
registry = "ClinicalTrials.gov"
id = "NCT09990002"
title = "Dextrose for neck pain"
sponsor = "A university"
therapies = ["prolotherapy"]
status = "recruiting"
status_date = 2026-03-01
completion = 2029-06-30
results = "none"
reviewed = {REVIEWED}

[[reference]]
id = "allison-2024-cervical-facet-rct"
authors = ["Allison DJ", "Smith AB", "Jones CD", "et al."]
title = "Platelet-rich plasma vs corticosteroid for cervical facet pain"
journal = "Reg Anesth Pain Med"
year = 2024
design = "rct"
doi = "10.1136/rapm-2024-105889"

[[reference]]
id = "bennell-2021"
authors = ["Bennell KL"]
title = "Platelet-rich plasma vs placebo for knee osteoarthritis"
journal = "JAMA"
year = 2021
design = "rct"
pmid = "34812863"

[[reference]]
id = "knee-review-2020"
authors = ["Reviewer QZ"]
title = "Dextrose prolotherapy for knee osteoarthritis: a systematic review"
journal = "Pain Med"
year = 2020
design = "systematic-review"
doi = "{LONG_DOI}"

[[reference]]
id = "retracted-neck-review"
authors = ["Withdrawn WW"]
title = "Prolotherapy for neck instability: a systematic review"
journal = "Review Journal"
year = 2015
design = "systematic-review"
doi = "10.1000/retracted.2015.1"
retracted = true
retraction_note = "Withdrawn by the journal in 2016."

[[reference]]
id = "hauser-2014-series"
authors = ["Hauser RA", "Steilen D"]
title = "Dextrose prolotherapy for craniocervical instability: a case series"
journal = "J Prolotherapy"
year = 2014
design = "case-series"
pmid = "11111111"
conflict = "Authors run a prolotherapy clinic."

[[reference]]
id = "steroid-rct-2019"
authors = ["Steroid AA"]
title = "Epidural steroid vs sham for low back pain"
journal = "Spine"
year = 2019
design = "rct"
doi = "10.1097/brs.2019.1"

[[reference]]
id = "facet-safety-2018"
authors = ["Safety SS"]
title = "Complications of cervical facet injections"
journal = "Pain Physician"
year = 2018
design = "case-series"
pmid = "22222222"

[[reference]]
id = "tubbs-2011"
authors = ["Tubbs RS"]
title = "The alar ligaments: anatomy"
journal = "Clin Anat"
year = 2011
design = "laboratory"
doi = "10.1002/ca.21073"

[[reference]]
id = "eu-guidance-2025"
authors = "European Guidance Body"
title = "Guidance on bedside blood and injectable preparations"
journal = "European Guidance Body"
year = 2025
design = "regulatory"
url = "{GUIDE_URL}"
"""

# Ids, DOIs and URLs that must never be split across lines.
THERAPY_IDS = ("prp", "prolotherapy", "steroid-injection")
REFERENCE_IDS = (
    "allison-2024-cervical-facet-rct",
    "bennell-2021",
    "knee-review-2020",
    "retracted-neck-review",
    "hauser-2014-series",
    "steroid-rct-2019",
    "facet-safety-2018",
    "tubbs-2011",
    "eu-guidance-2025",
)
DOIS = ("10.1136/rapm-2024-105889", LONG_DOI, "10.1000/retracted.2015.1", "10.1097/brs.2019.1", "10.1002/ca.21073")
URLS = (GUIDE_URL, f"https://doi.org/{LONG_DOI}", "https://pubmed.ncbi.nlm.nih.gov/34812863/")


def write(tmp_path: Path, text: str = NECK, name: str = "neck.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def ok(result: Any) -> str:
    """The stdout of a successful run (fails the test with stdout and stderr otherwise)."""
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return str(result.stdout)


def as_json(result: Any) -> Any:
    return json.loads(ok(result))


def flat(text: str) -> str:
    """Text with every run of whitespace as one space, so wrapping does not matter."""
    return " ".join(text.split())
