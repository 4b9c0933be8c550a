import os

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


# ---- slow tests: skipped in a developer's default run; .ci/run passes --runslow ----------------


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", default=False,
                     help="also run the tests marked slow (as POLEX_SLOW=1 does; .ci/run runs everything)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--runslow") or os.environ.get("POLEX_SLOW", "") not in ("", "0"):
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow or POLEX_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
