import pytest

import polex


@pytest.fixture(scope="session")
def ruleset():
    return polex.load_rules()


@pytest.fixture(scope="session")
def profile():
    return polex.load_profile()


BASE = {"id": "t", "partner_city": "Testville", "country": "PHL"}


def cand(**fields):
    return {**BASE, **fields}
