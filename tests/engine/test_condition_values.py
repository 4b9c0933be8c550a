"""Condition values are read exactly as YAML (PyYAML's safe_load) reads them, fast path or not."""

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from polex.engine.compile import _load_scalar

CASES = ["none", "true", "True", "TRUE", "yes", "No", "off", "On", "null", "NULL", "~", "5", "-3", "+7", "0", "07",
         "1.5", ".5", "-2.25", "1e5", "1_000", "[a, b]", "[a,b, none]", "[1, 2.5]", "[]", "[a, [b]]", "LIC", "UMIC",
         "WeGO", "un_dprk", "a b", "'quoted'", "2021", "[yes, no]", "[null]", "0.0", "-0"]


@pytest.mark.parametrize("text", CASES)
def test_known_values_read_as_yaml_reads_them(text):
    got, want = _load_scalar(text), yaml.safe_load(text)
    assert got == want and type(got) is type(want)


token = st.one_of(st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,8}", fullmatch=True),
                  st.from_regex(r"[-+]?[0-9]{1,4}(\.[0-9]{1,3})?", fullmatch=True))


@given(st.one_of(token, st.lists(token, min_size=1, max_size=4).map(lambda t: "[" + ", ".join(t) + "]")))
def test_generated_values_read_as_yaml_reads_them(text):
    got, want = _load_scalar(text), yaml.safe_load(text)
    assert got == want and type(got) is type(want)
