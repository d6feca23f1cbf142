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

# Other words people use for the same codes: DfE's own wording in the census schema and guide,
# and common shorter forms. Imports accept these as well as the labels above.
ALIASES: dict[str, dict[str, int | str]] = {
    "GENDER": {"unknown": 0, "not stated": 9, "m": 1, "f": 2},
    "QUAL_LEVEL": {
        "under-graduate": 1,
        "under graduate": 1,
        "degree": 1,
        "post-graduate": 2,
        "post graduate": 2,
        "masters": 2,
    },
    "ORG_ROLE": {
        "senior practicioner": 4,
        "first line manager (team manager)": 3,
        "team manager": 3,
        "case-holder": 5,
        "caseholder": 5,
        "qualified without cases (not case holding)": 6,
    },
    "ETHNICITY": {
        "black caribbean": "BCRB",
        "black african": "BAFR",
        "declared not stated or refused": "REFU",
        "not stated": "REFU",
        "any other white background": "WOTH",
        "any other mixed background": "MOTH",
        "any other asian background": "AOTH",
        "any other black background": "BOTH",
    },
    "START_ORIGIN": {
        "newly qualified social workers": 1,
        "nqsw": 1,
        "social worker role in a different local authority in england": 2,
        "agency or consultancy in social work (in england)": 4,
        "other social work role non-local authority (in england)": 5,
        "other social care role in local authority/non-local authority (in england)": 6,
        "non-social care role/any role outside england/no employment/career break": 7,
    },
    "LEAVER_DESTINATION": {
        "social worker role in a different local authority in england": 1,
        "social worker role outside england": 2,
        "agency or consultancy in social work (in england)": 3,
        "other social work role non-local authority (in england)": 4,
        "other social care role in local authority/non-local authority (in england)": 5,
        "non-social care role/any role outside england/no employment/career break": 6,
    },
    "REASON_LEAVE": {
        "moved to a non-child and family social work role within la": 7,
        "resigned": 1,
        "retirement": 5,
        "dismissal": 4,
    },
    "CFKSS_STATUS": {
        "assessed and supported year in employment": 1,
        "assessed and supported year in employment (asye)": 1,
    },
}
