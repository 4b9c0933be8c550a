"""Rule files are loaded safely and every problem is reported with its file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from polex.cli import main
from polex.rules.lint import lint
from polex.rules.loader import RuleFileError, collect, load_rules, read_yaml


def rule(rid: str = "r_ok", when: str = "stage >= pilot", kind: str = "factor", points: str | None = "2",
         title: str = '{en: "Title", ko: "제목"}', source: str | None = '[{doc: "002", lines: "844-848"}]',
         examples: str | None = None) -> str:
    """One rule in YAML (indented for a `rules:` list); `when` is YAML text at the `when:` key."""
    lines = [f"- id: {rid}", f"  kind: {kind}", "  when:" + (f" {when}" if "\n" not in when else "")]
    if "\n" in when:
        lines += ["    " + w for w in when.strip("\n").splitlines()]
    if points is not None:
        lines.append(f"  points: {points}")
    lines += [f"  title: {title}", '  reason: {en: "Why", ko: "이유"}', '  hint: {en: "Do", ko: "조치"}']
    if source is not None:
        lines.append(f"  source: {source}")
    lines.append("  examples: " + (examples or "[{candidate: {stage: pilot}, expect: true}, "
                                              "{candidate: {stage: discovery}, expect: false}]"))
    return "\n".join(lines)


def write(tmp_path: Path, *rules: str, family: str = "demand", name: str | None = None) -> Path:
    path = tmp_path / (name or f"{family}.yaml")
    body = "\n".join(textwrap.indent(r, "  ") for r in rules)
    path.write_text(f"family: {family}\nrules:\n{body}\n", encoding="utf-8")
    return path


def line_of(path: Path, text: str, after: int = 0) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if n > after and text in line:
            return n
    raise AssertionError(f"{text!r} not in {path}")


def errors(path_or_paths) -> list:
    paths = path_or_paths if isinstance(path_or_paths, list) else [path_or_paths]
    _ruleset, issues = lint(paths)
    return [i for i in issues if i.severity == "error"]


def the_error(path: Path, needle: str):
    found = [i for i in errors(path) if needle in i.message]
    assert len(found) == 1, [str(i) for i in errors(path)]
    issue = found[0]
    assert issue.file == str(path)
    assert f"{path}:{issue.line}" in str(issue)
    return issue


def rule_block(path: Path, rid: str) -> tuple[int, int]:
    start = line_of(path, f"- id: {rid}")
    end = line_of(path, "examples:", start)
    return start, end


def test_a_clean_file_lints_and_loads_clean(tmp_path):
    path = write(tmp_path, rule("r_one"), rule("r_two", when="\nall:\n  - stage >= pilot\n  - track == export",
                                               examples="[{candidate: {stage: pilot, track: export}, expect: true}, "
                                                        "{candidate: {stage: pilot, track: sharing}, expect: false}]"))
    assert errors(path) == []
    ruleset = load_rules([path])
    assert [r.id for r in ruleset.rules] == ["r_one", "r_two"]
    assert ruleset["r_one"].file == str(path) and ruleset["r_one"].line == line_of(path, "- id: r_one")


def test_unknown_field_with_did_you_mean(tmp_path):
    path = write(tmp_path, rule("r_ok"), rule("r_bad", when="\nall:\n  - track == export\n  - stagee >= pilot"))
    issue = the_error(path, "unknown field 'stagee'")
    assert "did you mean 'stage'" in issue.message
    assert issue.rule == "r_bad"
    start, end = rule_block(path, "r_bad")
    assert start <= issue.line <= line_of(path, "stagee", start)


def test_unknown_field_in_a_plain_condition_points_at_its_rule(tmp_path):
    path = write(tmp_path, rule("r_ok"), rule("r_bad", when="partner_priorty == true"))
    issue = the_error(path, "unknown field 'partner_priorty'")
    assert "did you mean 'partner_priority'" in issue.message
    assert issue.line == line_of(path, "- id: r_bad")


@pytest.mark.parametrize("condition", ["stage => pilot", "stage =< pilot", "funding_sources contain oda_grant",
                                       "region not-in [africa]", "stage ~= pilot", "stage pilot"])
def test_unknown_operator(tmp_path, condition):
    path = write(tmp_path, rule("r_ok"), rule("r_bad", when=condition))
    issue = the_error(path, "cannot read condition")
    assert condition in issue.message
    assert "==" in issue.message and "is_unknown" in issue.message  # says which operators exist
    assert issue.line == line_of(path, "- id: r_bad")


@pytest.mark.parametrize("condition,hint", [("funding_sources contain oda_grant", "contains"),
                                            ("region notin [africa]", "not_in"),
                                            ("upper_plan is_knwon", "is_known")])
def test_misspelt_operator_gets_did_you_mean(tmp_path, condition, hint):
    """compile.parse_comparison means to suggest the closest operator; it must look at the operator."""
    path = write(tmp_path, rule("r_ok"), rule("r_bad", when=condition))
    issue = the_error(path, "cannot read condition")
    assert f"did you mean '{hint}'" in issue.message


@pytest.mark.parametrize("condition,value,hint", [("stage >= pilott", "pilott", "pilot"),
                                                  ("region in [afrika, europe]", "afrika", "africa"),
                                                  ("funding_sources contains oda_grnt", "oda_grnt", "oda_grant"),
                                                  ("income_group == LMCI", "LMCI", "LMIC")])
def test_unknown_enum_value_with_did_you_mean(tmp_path, condition, value, hint):
    path = write(tmp_path, rule("r_ok"), rule("r_bad", when=condition))
    issue = the_error(path, f"unknown value '{value}'")
    assert f"did you mean '{hint}'" in issue.message
    assert issue.line == line_of(path, "- id: r_bad")


def test_duplicate_id_in_one_file(tmp_path):
    path = write(tmp_path, rule("r_same"), rule("r_other"), rule("r_same", when="stage >= procurement"))
    issue = the_error(path, "duplicate id")
    first = line_of(path, "- id: r_same")
    assert issue.line == line_of(path, "- id: r_same", first)
    assert f"{path}:{first}" in issue.message


def test_duplicate_id_across_files(tmp_path):
    a = write(tmp_path, rule("r_same"), name="demand.yaml")
    b = write(tmp_path, rule("r_same", when="readiness >= concept",
                             examples="[{candidate: {readiness: concept}, expect: true}, "
                                      "{candidate: {readiness: idea}, expect: false}]"),
              family="readiness", name="readiness.yaml")
    found = [i for i in errors([a, b]) if "duplicate id" in i.message]
    assert len(found) == 1
    assert found[0].file == str(b) and found[0].line == line_of(b, "- id: r_same")
    assert str(a) in found[0].message
    with pytest.raises(RuleFileError, match="duplicate id"):
        load_rules([a, b])


@pytest.mark.parametrize("text,field", [('{en: "Title"}', "title.ko"), ('{ko: "제목"}', "title.en")])
def test_missing_translation(tmp_path, text, field):
    path = write(tmp_path, rule("r_ok"), rule("r_bad", title=text))
    issue = the_error(path, "missing translation")
    assert field in issue.message and issue.rule == "r_bad"
    start, end = rule_block(path, "r_bad")
    assert start <= issue.line <= end


def test_missing_source(tmp_path):
    path = write(tmp_path, rule("r_ok"), rule("r_bad", source=None))
    issue = the_error(path, "missing source")
    assert issue.rule == "r_bad" and issue.line == line_of(path, "- id: r_bad")


@pytest.mark.parametrize("source,needle", [('[]', "source"), ('[{doc: "007", lines: "1-2"}]', "007"),
                                           ('[{doc: "002", lines: "eight"}]', "eight")])
def test_bad_source(tmp_path, source, needle):
    path = write(tmp_path, rule("r_ok"), rule("r_bad", source=source))
    found = [i for i in errors(path) if i.rule == "r_bad"]
    assert found and needle in found[0].message
    start, end = rule_block(path, "r_bad")
    assert start <= found[0].line <= end


def test_derive_cycle(tmp_path):
    path = write(tmp_path, rule("d_a", kind="derive", points=None, when="d_b == true"),
                 rule("d_b", kind="derive", points=None, when="\nany:\n  - d_c == true\n  - stage >= pilot"),
                 rule("d_c", kind="derive", points=None, when="d_a == true"), rule("r_use", when="d_a == true"))
    issue = the_error(path, "cycle")
    for rid in ("d_a", "d_b", "d_c"):
        assert rid in issue.message
    assert issue.line in {line_of(path, f"- id: {r}") for r in ("d_a", "d_b", "d_c")}
    with pytest.raises(RuleFileError, match="cycle"):
        load_rules([path])


def test_self_derive_cycle(tmp_path):
    path = write(tmp_path, rule("d_self", kind="derive", points=None, when="\nall:\n  - d_self == true\n  - phased == true"))
    issue = the_error(path, "cycle")
    assert issue.line == line_of(path, "- id: d_self")


@pytest.mark.parametrize("when", [
    "\nall:\n  - stage >= operation\n  - stage < pilot",
    "\nall:\n  - trained_officials < 0\n  - trained_officials is_known",
    "\nall:\n  - phased == true\n  - phased == false",
    "\nall:\n  - region is_unknown\n  - region == africa",
    "\nnot:\n  any:\n    - stage is_known\n    - stage is_unknown",
])
def test_a_condition_that_can_never_be_true(tmp_path, when):
    path = write(tmp_path, rule("r_ok"), rule("r_never", when=when, examples="[{candidate: {}, expect: false}]"))
    issue = the_error(path, "can never be true")
    assert issue.rule == "r_never" and issue.line == line_of(path, "- id: r_never")


def test_a_condition_through_a_derived_fact_that_can_never_be_true(tmp_path):
    path = write(tmp_path, rule("d_late", kind="derive", points=None, when="stage >= procurement"),
                 rule("r_never", when="\nall:\n  - d_late == true\n  - stage <= pilot"))
    issue = the_error(path, "can never be true")
    assert issue.rule == "r_never"


def test_invalid_yaml(tmp_path):
    path = tmp_path / "demand.yaml"
    path.write_text("family: demand\nrules:\n  - id: r_bad\n    kind: factor\n    when: [stage >= pilot\n"
                    "    points: 2\n", encoding="utf-8")
    issue = the_error(path, "not valid YAML")
    assert 5 <= issue.line <= 7  # the unclosed list on line 5; the parser notices it by line 6
    with pytest.raises(RuleFileError, match="not valid YAML"):
        load_rules([path])


def test_bad_indentation_is_invalid_yaml_with_its_line(tmp_path):
    path = tmp_path / "demand.yaml"
    path.write_text("family: demand\nrules:\n  - id: r_bad\n    kind: factor\n   points: 2\n", encoding="utf-8")
    issue = the_error(path, "not valid YAML")
    assert issue.line == 5


PYTHON_TAGS = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/object:pathlib.Path {{}}",
    "!!python/name:os.system",
    "!!python/module:os",
]


@pytest.mark.parametrize("tag", PYTHON_TAGS, ids=[t.split()[0] for t in PYTHON_TAGS])
def test_a_rule_file_cannot_run_code(tmp_path, tag):
    marker = tmp_path / "ran"
    path = tmp_path / "demand.yaml"
    path.write_text("family: demand\nrules:\n  - id: r_code\n    kind: factor\n"
                    f"    when: {tag.format(marker=marker)}\n    points: 1\n", encoding="utf-8")
    with pytest.raises(yaml.YAMLError):
        read_yaml(path)
    issue = the_error(path, "not valid YAML")
    assert "python" in issue.message and issue.line == 5
    with pytest.raises(RuleFileError):
        load_rules([path])
    rules, _issues = collect([path])
    assert rules == []
    assert not marker.exists()


def test_a_python_tag_in_an_example_is_refused_too(tmp_path):
    marker = tmp_path / "ran"
    path = write(tmp_path, rule("r_code", examples=f"[{{candidate: !!python/object/apply:os.system ['touch {marker}'], "
                                                   "expect: true}]"))
    assert any("not valid YAML" in i.message for i in errors(path))
    assert not marker.exists()


def test_a_weights_profile_cannot_run_code(tmp_path):
    from polex.rules.loader import load_profile

    marker = tmp_path / "ran"
    path = tmp_path / "p.yaml"
    path.write_text(f"name: !!python/object/apply:os.system ['touch {marker}']\nfamilies: {{}}\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="not valid YAML"):
        load_profile(path)
    assert not marker.exists()


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    path = write(tmp_path, rule("r_a", when="stagee >= pilot"), rule("r_b", when="stage >= pilott"),
                 rule("r_c", source=None), rule("r_d", when="stage => pilot"))
    with pytest.raises(RuleFileError) as err:
        load_rules([path])
    assert {i.rule for i in err.value.issues} == {"r_a", "r_b", "r_c", "r_d"}
    assert all(i.file == str(path) and i.line > 0 for i in err.value.issues)


def test_rules_check_cli_prints_file_and_line_and_exits_1(tmp_path):
    path = write(tmp_path, rule("r_ok"), rule("r_bad", when="stagee >= pilot"))
    result = CliRunner().invoke(main, ["rules", "check", str(path)])
    assert result.exit_code == 1
    assert f"{path}:{line_of(path, '- id: r_bad')}" in result.output
    assert "did you mean 'stage'" in result.output


def test_rules_check_cli_on_shipped_rules_passes():
    result = CliRunner().invoke(main, ["rules", "check"])
    assert result.exit_code == 0, result.output
    assert " 0 errors" in result.output
