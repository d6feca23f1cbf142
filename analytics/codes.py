"""Code lists of the DfE children's social work workforce census (CSWW), with plain-words labels.

From ``domain-facts.md`` §2. Imports accept a code or its label; the census return writes codes.
"""

from __future__ import annotations

GENDER: dict[int, str] = {0: "Not known", 1: "Male", 2: "Female", 9: "Not specified"}

ETHNICITY: dict[str, str] = {
    "WBRI": "White British",
    "WIRI": "White Irish",
    "WOTH": "Any other White background",
    "MWBC": "White and Black Caribbean",
    "MWBA": "White and Black African",
    "MWAS": "White and Asian",
    "MOTH": "Any other mixed background",
    "AIND": "Indian",
    "APKN": "Pakistani",
    "ABAN": "Bangladeshi",
    "AOTH": "Any other Asian background",
    "BCRB": "Caribbean",
    "BAFR": "African",
    "BOTH": "Any other Black background",
    "CHNE": "Chinese",
    "OOTH": "Any other ethnic group",
    "REFU": "Refused",
    "NOBT": "Information not yet obtained",
}

QUAL_LEVEL: dict[int, str] = {1: "Undergraduate", 2: "Postgraduate", 3: "Other"}

ORG_ROLE: dict[int, str] = {
    1: "Senior manager",
    2: "Middle manager",
    3: "First line manager",
    4: "Senior practitioner",
    5: "Case holder",
    6: "Qualified without cases",
}

START_ORIGIN: dict[int, str] = {
    1: "Newly qualified",
    2: "Social work role in a different English local authority",
    3: "Social work role outside England",
    4: "Agency or consultancy in social work",
    5: "Other social work role, not a local authority",
    6: "Other social care role",
    7: "Non-social-care role, outside England, no employment or career break",
    8: "Other",
    9: "Not known",
    10: "Not yet collected",
}

LEAVER_DESTINATION: dict[int, str] = {
    1: "Social work role in a different English local authority",
    2: "Social work role outside England",
    3: "Agency or consultancy",
    4: "Other social work role, not a local authority",
    5: "Other social care role",
    6: "Non-social-care role, outside England, no employment or career break",
    7: "Other",
    8: "Not known",
    9: "Not yet collected",
}

REASON_LEAVE: dict[int, str] = {
    1: "Resignation",
    2: "Voluntary redundancy",
    3: "Compulsory redundancy",
    4: "Dismissed",
    5: "Retired",
    6: "Deceased",
    7: "Moved to a non-child-and-family social work role within the local authority",
    8: "Other",
    9: "Not known",
    10: "Not yet collected",
}

REASON_ABSENCE: dict[str, str] = {
    "MAT": "Maternity, paternity or adoption",
    "OTH": "Other paid authorised absence",
    "PUB": "Public duties",
    "SIC": "Sickness",
    "TRN": "Training",
    "UNA": "Unauthorised absence",
    "UNP": "Unpaid authorised absence",
}

CFKSS_STATUS: dict[int, str] = {
    1: "ASYE",
    2: "Frontline practitioner",
    3: "Practice supervisor",
    4: "Practice leader",
}
