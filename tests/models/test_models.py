"""The candidate model: errors name the field, the value received and what was expected; a
misspelt field gets a 'did you mean'; spreadsheet cells parse as DESIGN.md says."""

from __future__ import annotations

import pytest

from polex.models.candidate import Candidate, CandidateError, validate_record
from polex.models.vocabulary import FIELD_BY_NAME, FIELDS, REQUIRED

BASE = {"id": "x", "partner_city": "Hanoi", "country": "VNM"}


def problems(**fields):
    with pytest.raises(CandidateError) as err:
        validate_record({**BASE, **fields})
    return err.value.problems


def one_problem(**fields):
    found = problems(**fields)
    assert len(found) == 1, found
    return found[0]


# ---- errors: field, value received, what was expected -----------------------------------------

BAD_VALUES = [
    ("stage", "pilott", "pilot"),
    ("income_group", "LMC", "LMIC"),
    ("region", "south-east asia", None),
    ("partner_priority", "maybe", None),
    ("trained_officials", "-3", None),
    ("trained_officials", "2.5", None),
    ("area_ha", "lots", None),
    ("payback_years", "-1", None),
    ("funding_sources", "oda_grant;mbd", "mdb"),
    ("shared_networks", "WeGO;C4O", "C40"),
    ("sanctions_exemption", "aproved", "approved"),
]


@pytest.mark.parametrize("field,value,hint", BAD_VALUES, ids=[f"{f}={v}" for f, v, _ in BAD_VALUES])
def test_error_names_field_value_and_expected(field, value, hint):
    p = one_problem(**{field: value})
    assert p.field == field
    assert p.value == value
    assert p.expected == FIELD_BY_NAME[field].expected
    text = str(p)
    assert field in text and repr(value) in text and p.expected in text
    if hint:
        assert p.suggestion == hint and f"did you mean {hint!r}" in text


@pytest.mark.parametrize("field", [f.name for f in FIELDS if f.kind in ("enum", "ordinal")])
def test_expected_lists_every_value_of_an_enum(field):
    p = one_problem(**{field: "certainly_not_a_value"})
    for value in FIELD_BY_NAME[field].values:
        assert value in p.expected


def test_expected_for_numbers_and_booleans():
    assert ">= 0" in one_problem(trained_officials="-1").expected
    assert "whole number" in one_problem(trained_officials="1.5").expected
    assert "true/false" in one_problem(phased="perhaps").expected and "yes/no" in one_problem(phased="x").expected


@pytest.mark.parametrize("wrong,right", [("stag", "stage"), ("fundng_sources", "funding_sources"),
                                         ("partner-city", "partner_city"), ("Income_Group", "income_group"),
                                         ("sanction_regime", "sanctions_regime")])
def test_misspelt_field_gets_did_you_mean(wrong, right):
    found = [p for p in problems(**{wrong: "pilot"}) if p.field == wrong]
    assert len(found) == 1
    assert found[0].suggestion == right
    assert f"did you mean {right!r}" in str(found[0])
    assert "field" in found[0].expected


def test_every_problem_is_reported_at_once():
    found = problems(stage="pilott", phased="perhaps", stag="x", trained_officials="-2")
    assert {p.field for p in found} == {"stage", "phased", "stag", "trained_officials"}


@pytest.mark.parametrize("missing", REQUIRED)
def test_required_fields(missing):
    record = {k: v for k, v in BASE.items() if k != missing}
    with pytest.raises(CandidateError) as err:
        validate_record(record)
    assert [p.field for p in err.value.problems] == [missing]
    assert "required" in err.value.problems[0].expected
    with pytest.raises(CandidateError):
        validate_record({**BASE, missing: "unknown"})  # required: unknown is not a value


def test_from_record_raises_candidate_error_not_pydantic():
    with pytest.raises(CandidateError) as err:
        Candidate.from_record({**BASE, "stage": "pilott"})
    assert "stage" in str(err.value) and "'pilott'" in str(err.value) and "did you mean 'pilot'" in str(err.value)


def test_candidate_model_validation_names_the_field():
    with pytest.raises(ValueError) as err:
        Candidate(**{**BASE, "stage": "pilott"})
    assert "stage" in str(err.value) and "pilott" in str(err.value) and "did you mean 'pilot'" in str(err.value)


def test_from_record_keeps_only_known_fields():
    c = Candidate.from_record({**BASE, "stage": "Pilot", "phased": "", "region": "unknown"})
    assert c.known() == {**BASE, "stage": "pilot"}
    assert c.phased is None and c.region is None


def test_not_a_mapping():
    with pytest.raises(CandidateError) as err:
        validate_record(["id", "x"])
    assert "mapping" in err.value.problems[0].expected


# ---- CSV-style cells ---------------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["", "unknown", "UNKNOWN", "Unknown", "  ", None, float("nan")])
@pytest.mark.parametrize("field", ["stage", "phased", "funding_sources", "trained_officials", "area_ha", "policy"])
def test_empty_and_unknown_cells_are_unknown(field, cell):
    assert validate_record({**BASE, field: cell})[field] is None


@pytest.mark.parametrize("cell,value", [("true", True), ("TRUE", True), ("True", True), ("yes", True), ("YES", True),
                                        ("Yes", True), ("1", True), (1, True), (True, True), (" yes ", True),
                                        ("false", False), ("FALSE", False), ("no", False), ("No", False),
                                        ("NO", False), ("0", False), (0, False), (False, False)])
def test_boolean_cells(cell, value):
    assert validate_record({**BASE, "partner_priority": cell})["partner_priority"] is value


@pytest.mark.parametrize("cell", ["2", "-1", "ja", "nope", "truee", 2])
def test_other_boolean_cells_are_errors(cell):
    p = one_problem(partner_priority=cell)
    assert p.field == "partner_priority" and p.value == cell


@pytest.mark.parametrize("cell,value", [
    ("oda_grant", ["oda_grant"]),
    ("oda_grant;mdb", ["oda_grant", "mdb"]),
    (" oda_grant ; MDB ", ["oda_grant", "mdb"]),
    ("mdb;oda_grant;mdb", ["oda_grant", "mdb"]),
    ("oda_grant;", ["oda_grant"]),
    ("Seoul_Budget", ["seoul_budget"]),
    (["mdb", "oda_loan"], ["oda_loan", "mdb"]),
])
def test_list_cells(cell, value):
    assert validate_record({**BASE, "funding_sources": cell})["funding_sources"] == value


def test_list_cell_with_one_bad_member_names_it():
    p = one_problem(funding_sources="oda_grant;bank")
    assert p.field == "funding_sources" and p.value == "oda_grant;bank" and "mdb" in p.expected


@pytest.mark.parametrize("field,cell,value", [
    ("income_group", "lmic", "LMIC"), ("income_group", "Lmic", "LMIC"), ("stage", "PILOT", "pilot"),
    ("stage", " Investment_Development ", "investment_development"), ("shared_networks", "wego;c40", ["WeGO", "C40"]),
    ("sanctions_regime", "UN_DPRK", "un_dprk"), ("upper_plan", "None", "none"),
])
def test_enums_are_case_insensitive(field, cell, value):
    assert validate_record({**BASE, field: cell})[field] == value


@pytest.mark.parametrize("field,cell,value", [
    ("trained_officials", "12", 12), ("trained_officials", "1,200", 1200), ("trained_officials", 3.0, 3),
    ("area_ha", "104.7", 104.7), ("area_ha", " 2.5 ", 2.5), ("budget_usd_m", "0", 0.0), ("payback_years", 5, 5.0),
])
def test_number_cells(field, cell, value):
    got = validate_record({**BASE, field: cell})[field]
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("cell", ["inf", "-inf", "1e400"])
def test_non_finite_numbers_are_errors(cell):
    p = one_problem(area_ha=cell)
    assert p.field == "area_ha" and p.value == cell


def test_a_full_csv_row_parses():
    row = {**BASE, "region": "Southeast_Asia", "partner_kind": "foreign_city", "income_group": "lmic",
           "field": "Transport", "track": "sharing", "stage": "pilot", "year": "2021",
           "partner_priority": "yes", "feasibility_done": "0", "funding_sources": "oda_loan;mdb",
           "shared_networks": "", "trained_officials": "", "phased": "unknown", "policy": "TOPIS"}
    c = Candidate.from_record(row)
    assert c.known() == {**BASE, "region": "southeast_asia", "partner_kind": "foreign_city", "income_group": "LMIC",
                         "field": "transport", "track": "sharing", "stage": "pilot", "year": 2021,
                         "partner_priority": True, "feasibility_done": False, "funding_sources": ["oda_loan", "mdb"],
                         "policy": "TOPIS"}
