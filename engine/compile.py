"""The meaning of a rule condition, in one place.

A YAML condition (`stage >= pilot`, `all:`, `any:`, `not:`) is parsed against the
candidate vocabulary into a small tree, then projected into two ordinary (two-valued)
formulas over the facts: T, "the condition is true", and F, "the condition is false".
Unknown is what is left: neither T nor F. Both executors (durable_rules and numpy)
only translate these formulas' literals; neither decides what a rule means.

Three-valued logic (DESIGN.md): a comparison on an unknown field is unknown;
all = false if any part false, else unknown if any unknown; any likewise; not swaps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Union

from ..models.errors import PolexError
from ..models.vocabulary import (
    BOOL,
    ENUM,
    FIELD_BY_NAME,
    FLOAT,
    INT,
    LIST,
    ORDINAL,
    RULE_FIELDS,
    STR,
    FieldSpec,
    did_you_mean,
    suggest,
)

OPS = ("==", "!=", "<", "<=", ">", ">=", "in", "not_in", "contains", "is_known", "is_unknown")
ORDER_OPS = ("<", "<=", ">", ">=")
# A test's complement on a *known* value; unknown is handled apart, by Known/Unknown literals.
NEGATE = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">", "in": "not_in", "not_in": "in",
          "contains": "not_contains", "not_contains": "contains"}

_CONDITION = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s+(==|!=|<=|>=|<|>|not_in|in|contains|is_known|is_unknown)(?=\s|$)\s*(.*?)\s*$")


class ConditionError(PolexError):
    """A condition that does not fit the vocabulary; `where` is a path inside the rule."""

    def __init__(self, message: str, where: str = "when"):
        self.where = where
        super().__init__(message)


# ---- the parsed condition tree -------------------------------------------------------------

@dataclass(frozen=True)
class Cmp:
    field: str
    op: str
    value: Any  # encoded: enum code(s), float, bool, str, or frozenset of list-member codes
    text: str  # as written, for explanations


@dataclass(frozen=True)
class All:
    parts: tuple


@dataclass(frozen=True)
class AnyOf:
    parts: tuple


@dataclass(frozen=True)
class Not:
    part: Any


Node = Union[Cmp, All, AnyOf, Not]

# ---- two-valued formulas over facts ---------------------------------------------------------


@dataclass(frozen=True)
class Known:
    field: str


@dataclass(frozen=True)
class Unknown:
    field: str


@dataclass(frozen=True)
class Test:
    """True iff the field is known and `value op operand` holds."""

    field: str
    op: str
    operand: Any


@dataclass(frozen=True)
class And:
    parts: tuple


@dataclass(frozen=True)
class Or:
    parts: tuple


@dataclass(frozen=True)
class Const:
    value: bool


TRUE, FALSE = Const(True), Const(False)
Formula = Union[Known, Unknown, Test, And, Or, Const]


def conjunction(parts) -> Formula:
    flat = []
    for p in parts:
        if p == FALSE:
            return FALSE
        if p == TRUE:
            continue
        flat.extend(p.parts if isinstance(p, And) else (p,))
    flat = tuple(dict.fromkeys(flat))
    return flat[0] if len(flat) == 1 else (And(flat) if flat else TRUE)


def disjunction(parts) -> Formula:
    flat = []
    for p in parts:
        if p == TRUE:
            return TRUE
        if p == FALSE:
            continue
        flat.extend(p.parts if isinstance(p, Or) else (p,))
    flat = tuple(dict.fromkeys(flat))
    return flat[0] if len(flat) == 1 else (Or(flat) if flat else FALSE)


def project(node: Node) -> tuple[Formula, Formula]:
    """(T, F) of a condition: the formulas for 'is true' and 'is false'."""
    if isinstance(node, Cmp):
        if node.op == "is_known":
            return Known(node.field), Unknown(node.field)
        if node.op == "is_unknown":
            return Unknown(node.field), Known(node.field)
        return Test(node.field, node.op, node.value), Test(node.field, NEGATE[node.op], node.value)
    if isinstance(node, Not):
        t, f = project(node.part)
        return f, t
    pairs = [project(p) for p in node.parts]
    ts, fs = [p[0] for p in pairs], [p[1] for p in pairs]
    if isinstance(node, All):
        return conjunction(ts), disjunction(fs)
    return disjunction(ts), conjunction(fs)


def negate(formula: Formula) -> Formula:
    """Two-valued negation, pushed down to literals (so executors need no 'not')."""
    if isinstance(formula, Const):
        return Const(not formula.value)
    if isinstance(formula, Known):
        return Unknown(formula.field)
    if isinstance(formula, Unknown):
        return Known(formula.field)
    if isinstance(formula, Test):
        return disjunction([Unknown(formula.field), Test(formula.field, NEGATE[formula.op], formula.operand)])
    if isinstance(formula, And):
        return disjunction([negate(p) for p in formula.parts])
    return conjunction([negate(p) for p in formula.parts])


def substitute(formula: Formula, field: str, state: bool | None) -> Formula:
    """Fix one boolean field to true/false/unknown(None) and simplify (used to expand derived facts)."""
    if isinstance(formula, Const):
        return formula
    if isinstance(formula, (Known, Unknown, Test)) and formula.field != field:
        return formula
    if isinstance(formula, Known):
        return Const(state is not None)
    if isinstance(formula, Unknown):
        return Const(state is None)
    if isinstance(formula, Test):
        return Const(state is not None and evaluate_test(formula.op, state, formula.operand))
    parts = [substitute(p, field, state) for p in formula.parts]
    return conjunction(parts) if isinstance(formula, And) else disjunction(parts)


def evaluate_test(op: str, value: Any, operand: Any) -> bool:
    """A test on one known scalar value (used for substitution and by the reference checks)."""
    if op == "==":
        return value == operand
    if op == "!=":
        return value != operand
    if op == "<":
        return value < operand
    if op == "<=":
        return value <= operand
    if op == ">":
        return value > operand
    if op == ">=":
        return value >= operand
    if op == "in":
        return value in operand
    if op == "not_in":
        return value not in operand
    if op == "contains":
        return operand in value
    if op == "not_contains":
        return operand not in value
    raise ValueError(op)


def formula_fields(formula: Formula) -> set[str]:
    if isinstance(formula, Const):
        return set()
    if isinstance(formula, (Known, Unknown, Test)):
        return {formula.field}
    return set().union(*(formula_fields(p) for p in formula.parts))


def comparisons(node: Node) -> list[Cmp]:
    """Every comparison in a condition, in order."""
    if isinstance(node, Cmp):
        return [node]
    if isinstance(node, Not):
        return comparisons(node.part)
    return [c for p in node.parts for c in comparisons(p)]


def node_fields(node: Node) -> set[str]:
    return {c.field for c in comparisons(node)}


# ---- parsing ---------------------------------------------------------------------------------

DERIVED_SPEC_KIND = BOOL


_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?[0-9]*\.[0-9]+$")
# YAML 1.1 (PyYAML's safe_load) reads these words as booleans or null, not as text.
_YAML_WORDS = {w: v for words, v in (("true yes on", True), ("false no off", False), ("null", None))
               for w in words.split() for w in (w, w.title(), w.upper())}


def _load_scalar(text: str) -> Any:
    """A condition's value as YAML reads it. Plain words and numbers (nearly every value in
    the rule files) are read here, as safe_load would; anything else goes to safe_load,
    which would otherwise cost `polex score` tens of milliseconds at every start."""
    if not text:
        return None
    if _WORD.match(text):
        return _YAML_WORDS.get(text, text)
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    if text.startswith("[") and text.endswith("]"):
        items = [t.strip() for t in text[1:-1].split(",")]
        if all(_WORD.match(t) or _INT.match(t) or _FLOAT.match(t) for t in items):
            return [_load_scalar(t) for t in items]
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise ConditionError(f"cannot read the value {text!r}: {err.problem}") from None


def _spec(field: str, derived: frozenset[str]) -> FieldSpec:
    if field in derived:
        return FieldSpec(field, BOOL)
    spec = FIELD_BY_NAME.get(field)
    if spec is None or field not in RULE_FIELDS:
        hint = suggest(field, list(RULE_FIELDS) + sorted(derived))
        raise ConditionError(f"unknown field {field!r}" + did_you_mean(hint)
                             + "; expected a candidate field of DESIGN.md or a derived rule id")
    return spec


def _encode_member(spec: FieldSpec, value: Any) -> Any:
    """One condition value to the executors' encoding: enum -> its code (order index)."""
    if spec.kind in (ENUM, ORDINAL, LIST):
        text = "none" if value is None else str(value)  # YAML reads `none` as text, `null` as None
        if text not in spec.values:
            hint = suggest(text, spec.values)
            raise ConditionError(f"{spec.name}: unknown value {text!r}" + did_you_mean(hint)
                                 + f"; expected one of {', '.join(spec.values)}")
        return spec.values.index(text)
    if spec.kind == BOOL:
        if not isinstance(value, bool):
            raise ConditionError(f"{spec.name}: got {value!r}, expected true or false")
        return value
    if spec.kind in (INT, FLOAT):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConditionError(f"{spec.name}: got {value!r}, expected a number")
        return float(value)
    if spec.kind == STR:
        return str(value)
    raise ConditionError(f"{spec.name}: cannot compare")


def parse_comparison(text: str, derived: frozenset[str], where: str) -> Cmp:
    match = _CONDITION.match(text)
    if not match:
        words = text.split()
        hint = suggest(words[1], OPS) if len(words) > 1 else None  # 'field op value': the op is second
        raise ConditionError(f"cannot read condition {text!r}: expected 'field op value' with op one of "
                             f"{' '.join(OPS)}" + did_you_mean(hint), where)
    field, op, rest = match.groups()
    try:
        spec = _spec(field, derived)
        if op in ("is_known", "is_unknown"):
            if rest:
                raise ConditionError(f"{op} takes no value, got {rest!r}")
            return Cmp(field, op, None, text.strip())
        value = _load_scalar(rest)
        if op in ORDER_OPS:
            if not spec.ordered:
                raise ConditionError(f"{field} has no order ({spec.kind}); {op} needs an ordinal enum or a number")
            return Cmp(field, op, _encode_member(spec, value), text.strip())
        if op == "contains":
            if spec.kind != LIST:
                raise ConditionError(f"contains needs a list field; {field} is {spec.kind}")
            return Cmp(field, op, _encode_member(spec, value), text.strip())
        if op in ("in", "not_in"):
            if spec.kind == LIST:
                raise ConditionError(f"{op} compares one value; {field} is a list (use contains)")
            if not isinstance(value, list) or not value:
                raise ConditionError(f"{op} needs a non-empty list such as [a, b], got {rest!r}")
            return Cmp(field, op, frozenset(_encode_member(spec, v) for v in value), text.strip())
        if spec.kind == LIST:
            if not isinstance(value, list):
                raise ConditionError(f"{field} is a list: compare it with a list such as [a, b], or use contains")
            return Cmp(field, op, frozenset(_encode_member(spec, v) for v in value), text.strip())
        if isinstance(value, list):
            raise ConditionError(f"{op} compares one value, got a list {rest!r} (use in / not_in)")
        return Cmp(field, op, _encode_member(spec, value), text.strip())
    except ConditionError as err:
        raise ConditionError(str(err), where) from None


def parse_condition(raw: Any, derived: frozenset[str], where: str = "when") -> Node:
    """A YAML condition tree to nodes; ConditionError says where and what was expected."""
    if isinstance(raw, str):
        return parse_comparison(raw, derived, where)
    if isinstance(raw, dict):
        keys = [k for k in raw if k != "__line__"]
        if len(keys) != 1 or keys[0] not in ("all", "any", "not"):
            hint = suggest(keys[0], ("all", "any", "not")) if len(keys) == 1 else None
            raise ConditionError(f"a condition mapping has exactly one key of all, any, not; got {keys}"
                                 + did_you_mean(hint), where)
        key = keys[0]
        body = raw[key]
        if key == "not":
            return Not(parse_condition(body, derived, f"{where}.not"))
        if not isinstance(body, list) or not body:
            raise ConditionError(f"{key} needs a non-empty list of conditions", where)
        parts = tuple(parse_condition(p, derived, f"{where}.{key}[{i}]") for i, p in enumerate(body))
        return All(parts) if key == "all" else AnyOf(parts)
    raise ConditionError(f"a condition is 'field op value' or a mapping of all/any/not, got {raw!r}", where)


def condition_text(node: Node) -> str:
    """A parsed condition as people read it: `a and (b or not (c))`, each comparison as written."""
    if isinstance(node, Cmp):
        return node.text
    if isinstance(node, Not):
        return f"not ({condition_text(node.part)})"
    joiner = " and " if isinstance(node, All) else " or "
    return "(" + joiner.join(condition_text(p) for p in node.parts) + ")"
