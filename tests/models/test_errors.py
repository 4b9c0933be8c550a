"""One base for the domain's errors (issue 11): PolexError, a ValueError carrying field, value,
expected and suggestion, its message built in one place; the one ' (did you mean ...?)'."""

import pytest

from polex.engine.ahp import PairwiseError
from polex.engine.compile import ConditionError
from polex.engine.durable import DurableLimit
from polex.engine.intake import MissingColumns
from polex.engine.ruleset import DeriveCycle
from polex.formats import DataFileError
from polex.models import errors, vocabulary
from polex.models.candidate import CandidateError, Problem, validate_record
from polex.models.errors import PolexError, describe, did_you_mean
from polex.rules.loader import RuleFileError


@pytest.mark.parametrize("cls", [DataFileError, MissingColumns, CandidateError, ConditionError, DeriveCycle,
                                 DurableLimit, PairwiseError, RuleFileError])
def test_every_domain_error_is_a_polex_error_and_still_a_value_error(cls):
    assert issubclass(cls, PolexError) and issubclass(cls, ValueError)


def test_the_message_is_built_from_the_attributes_in_one_place():
    err = PolexError(field="stage", value="pilto", expected="one of: idea, pilot", suggestion="pilot")
    assert str(err) == "stage: got 'pilto', expected one of: idea, pilot (did you mean 'pilot'?)"
    assert (err.field, err.value, err.expected, err.suggestion) == ("stage", "pilto", "one of: idea, pilot", "pilot")
    assert str(Problem("stage", "pilto", "one of: idea, pilot", "pilot")) == str(err)  # the candidate wording
    assert describe("x", "a" * 80, "short") == f"x: got {'a' * 57 + '...'!r}, expected short"
    plain = PolexError("a message of its own", field="f")
    assert str(plain) == "a message of its own" and plain.field == "f" and plain.suggestion is None


def test_a_candidate_error_with_one_problem_carries_its_attributes():
    with pytest.raises(CandidateError) as info:
        validate_record({"id": "x", "partner_city": "a", "country": "b", "stage": "pilto"})
    err = info.value
    assert len(err.problems) == 1 and err.field == "stage" and err.value == "pilto" and err.suggestion == "pilot"
    assert str(err) == str(err.problems[0])


def test_did_you_mean_has_one_home_and_vocabulary_re_exports_it():
    assert vocabulary.did_you_mean is errors.did_you_mean and vocabulary.suggest is errors.suggest
    assert did_you_mean("pilot") == " (did you mean 'pilot'?)" and did_you_mean(None) == ""
