"""Every rule's examples pass, through both executors."""

import pytest

import polex
from polex.engine.batch import BatchExecutor
from polex.engine.durable import DurableExecutor
from polex.rules.lint import _NAME, lint, run_examples

RULESET = polex.load_rules()
CASES = [(r.id, i) for r in RULESET.rules for i in range(len(r.examples))]


@pytest.fixture(scope="module", params=[BatchExecutor, DurableExecutor], ids=["batch", "durable"])
def results(request):
    return {(res.rule.id, res.index): res for res in run_examples(RULESET, request.param(RULESET))}


@pytest.mark.parametrize("rule_id,index", CASES, ids=[f"{r}#{i}" for r, i in CASES])
def test_example(results, rule_id, index):
    res = results[(rule_id, index)]
    assert res.got is not None, res.error
    assert res.passed, f"expected {_NAME[res.expected]}, got {_NAME[res.got]}"


def test_shipped_rules_lint_clean():
    ruleset, issues = lint(None, polex.load_profile())
    assert ruleset is not None
    assert [str(i) for i in issues if i.severity == "error"] == []


def test_at_least_40_rules_each_with_both_examples_and_sources():
    assert len(RULESET) >= 40
    for r in RULESET.rules:
        expects = {e.expect for e in r.examples}
        assert True in expects and False in expects, r.id
        assert r.source and r.title.ko and r.reason.ko and r.hint.ko, r.id
