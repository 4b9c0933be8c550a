"""Compiled rules: each rule's condition parsed and projected once, ready for any executor."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..models.errors import PolexError
from ..models.rules import FAMILIES, Example, RuleSpec, SourceRef, Text
from .compile import Formula, Node, formula_fields, negate, node_fields, parse_condition, project


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    kind: str
    points: float
    node: Node
    true: Formula  # T: the condition holds
    false: Formula  # F: the condition fails; unknown = neither
    title: Text
    reason: Text
    hint: Text
    source: tuple[SourceRef, ...]
    examples: tuple[Example, ...]
    fields: frozenset[str]  # fields and derived ids the condition reads
    file: str = ""
    line: int = 0
    applies: Node | None = None  # the scope; None = every candidate
    out_of_scope: Formula | None = None  # holds where `applies` is false: the rule is n/a
    scope: Text | None = None  # why the scope is what it is

    @property
    def unknown(self) -> Formula:
        return negate(_or2(self.true, self.false))

    @property
    def cites(self) -> str:
        return "; ".join(map(str, self.source))

    @property
    def signed_points(self) -> float:
        return {"factor": self.points, "penalty": -self.points}.get(self.kind, 0.0)


def _or2(a: Formula, b: Formula) -> Formula:
    from .compile import disjunction

    return disjunction([a, b])


def compile_rule(spec: RuleSpec, family: str, derived: frozenset[str], file: str = "", line: int = 0) -> Rule:
    node = parse_condition(spec.when, derived)
    true, false = project(node)
    points = float(spec.points or 0.0) if spec.kind in ("factor", "penalty") else 0.0
    applies = out_of_scope = None
    if spec.applies is not None:
        applies = parse_condition(spec.applies, derived, where="applies")
        out_of_scope = project(applies)[1]  # unknown scope keeps the rule in scope
    return Rule(spec.id, family, spec.kind, points, node, true, false, spec.title, spec.reason, spec.hint,
                tuple(spec.source), tuple(spec.examples), frozenset(node_fields(node)), file, line,
                applies, out_of_scope, spec.scope)


class DeriveCycle(PolexError):
    def __init__(self, cycle: list[str]):
        self.cycle = cycle
        super().__init__("derived rules depend on each other in a cycle: " + " -> ".join(cycle))


@dataclass(frozen=True)
class RuleSet:
    """The rules in a fixed order (family order of DESIGN.md, then file order)."""

    rules: tuple[Rule, ...]
    origin: str = ""
    _index: dict = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self):
        order = {f: i for i, f in enumerate(FAMILIES)}
        ordered = tuple(sorted(self.rules, key=lambda r: order.get(r.family, len(order))))
        object.__setattr__(self, "rules", ordered)
        object.__setattr__(self, "_index", {r.id: i for i, r in enumerate(ordered)})
        _ = self.derive_order  # fail early on a cycle

    def __len__(self) -> int:
        return len(self.rules)

    def __iter__(self):
        return iter(self.rules)

    def __getitem__(self, rule_id: str) -> Rule:
        return self.rules[self._index[rule_id]]

    def index(self, rule_id: str) -> int:
        return self._index[rule_id]

    @cached_property
    def families(self) -> tuple[str, ...]:
        return tuple(f for f in FAMILIES if any(r.family == f for r in self.rules))

    @cached_property
    def derived(self) -> frozenset[str]:
        return frozenset(r.id for r in self.rules if r.kind == "derive")

    @cached_property
    def derive_order(self) -> tuple[Rule, ...]:
        """Derived rules so that each comes after the derived facts it reads."""
        derive = {r.id: r for r in self.rules if r.kind == "derive"}
        done: list[Rule] = []
        state: dict[str, int] = {}

        def visit(rid: str, path: list[str]):
            if state.get(rid) == 2:
                return
            if state.get(rid) == 1:
                raise DeriveCycle(path[path.index(rid):] + [rid])
            state[rid] = 1
            for dep in sorted(derive[rid].fields & derive.keys()):
                visit(dep, path + [rid])
            state[rid] = 2
            done.append(derive[rid])

        for rid in derive:
            visit(rid, [])
        return tuple(done)

    @cached_property
    def base_fields(self) -> dict[str, frozenset[str]]:
        """For each rule, the candidate fields it depends on, through derived facts too."""
        out: dict[str, frozenset[str]] = {}
        for r in self.derive_order:
            out[r.id] = frozenset().union(*(out.get(f, {f}) for f in r.fields))
        for r in self.rules:
            if r.id not in out:
                out[r.id] = frozenset().union(*(out.get(f, {f}) for f in r.fields))
        return out

    @cached_property
    def used_fields(self) -> tuple[str, ...]:
        from ..models.vocabulary import FIELDS

        used = set().union(*self.base_fields.values()) if self.rules else set()
        return tuple(f.name for f in FIELDS if f.name in used)

    def formula_fields(self) -> set[str]:
        return set().union(*(formula_fields(r.true) | formula_fields(r.false)
                              | (formula_fields(r.out_of_scope) if r.out_of_scope is not None else set())
                              for r in self.rules))
