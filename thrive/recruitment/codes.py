"""The code lists a candidate answers in: the workforce census's own codes (domain facts §2), so
a hire carries them into the register unchanged."""

from __future__ import annotations

# Census Ethnicity codes, in the order the census lists them.
ETHNICITY = [
    ("WBRI", "White: English, Welsh, Scottish, Northern Irish or British"),
    ("WIRI", "White: Irish"),
    ("WOTH", "White: any other White background"),
    ("MWBC", "Mixed: White and Black Caribbean"),
    ("MWBA", "Mixed: White and Black African"),
    ("MWAS", "Mixed: White and Asian"),
    ("MOTH", "Mixed: any other mixed or multiple background"),
    ("AIND", "Asian or Asian British: Indian"),
    ("APKN", "Asian or Asian British: Pakistani"),
    ("ABAN", "Asian or Asian British: Bangladeshi"),
    ("AOTH", "Asian or Asian British: any other Asian background"),
    ("BCRB", "Black or Black British: Caribbean"),
    ("BAFR", "Black or Black British: African"),
    ("BOTH", "Black or Black British: any other Black background"),
    ("CHNE", "Chinese"),
    ("OOTH", "Any other ethnic group"),
    ("REFU", "Prefer not to say"),
]
# Census GenderCurrent: 1 male, 2 female, 9 not specified.
GENDER = [("1", "Man"), ("2", "Woman"), ("9", "Prefer not to say, or in another way")]
DISABILITY = [("yes", "Yes"), ("no", "No")]
# Census StartOrigin, as a candidate would describe where they are coming from.
START_ORIGIN = [
    ("1", "Newly qualified social worker"),
    ("2", "A social work role in another English council"),
    ("3", "A social work role outside England"),
    ("4", "Agency or consultancy social work"),
    ("5", "Another social work role, not in a council"),
    ("6", "Another social care role"),
    ("7", "A role outside social care, a career break, or not working"),
    ("8", "Something else"),
]
# Census QualLevel.
QUALIFICATION_LEVEL = [("1", "Undergraduate"), ("2", "Postgraduate"), ("3", "Other")]
ETHNICITY_CODES = {code for code, _ in ETHNICITY}
