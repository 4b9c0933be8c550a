"""YAML read safely beyond yaml.safe_load: candidate files without YAML 1.1 implicit typing and
without aliases, and rule and profile files with alias expansion bounded (a few hundred bytes of
nested aliases would otherwise expand to gigabytes wherever the data is copied or dumped)."""

from __future__ import annotations

from typing import Any

import yaml

from .errors import PolexError

EXPANSION_LIMIT = 200_000  # nodes a document may expand to through its aliases


class YamlRefused(PolexError, yaml.YAMLError):
    """A YAML document polex will not load: one line saying where and why (a yaml.YAMLError too, with
    `problem` and `problem_mark`, so every YAML error handler reports it with its line)."""

    def __init__(self, line: int, problem: str):
        super().__init__(f"line {line}: {problem}")
        self.problem = problem
        self.problem_mark = yaml.Mark("", 0, line - 1, 0, None, None)


def expanded_size(node) -> int:
    """How many nodes the document becomes once every alias is expanded (shared nodes counted
    each time they are reached), computed on the composed graph without expanding it."""
    memo: dict[int, int] = {}

    def size(n) -> int:
        key = id(n)
        if key in memo:
            return memo[key]
        memo[key] = 1  # a cycle counts once
        if isinstance(n, yaml.SequenceNode):
            total = 1 + sum(size(c) for c in n.value)
        elif isinstance(n, yaml.MappingNode):
            total = 1 + sum(size(k) + size(v) for k, v in n.value)
        else:
            total = 1
        memo[key] = total
        return total

    return size(node)


def load_bounded(text: str, loader_class, limit: int = EXPANSION_LIMIT) -> Any:
    """yaml.load with the given (safe) loader, refusing a document whose aliases expand past
    `limit` nodes."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if expanded_size(node) > limit:
            raise YamlRefused(node.start_mark.line + 1, f"the document's aliases expand to more than {limit:,} "
                                                        "values; expand them by hand or split the file")
        return loader.construct_document(node)
    finally:
        loader.dispose()


class _PlainLoader(yaml.BaseLoader):
    """No implicit typing (every scalar is text), and an alias is refused where it appears."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlRefused(event.start_mark.line + 1, f"YAML aliases (*{event.anchor}) are not accepted in "
                                                         "candidate files; write the value out")
        return super().compose_node(parent, index)


_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def load_plain(text: str) -> tuple[Any, dict[int, int]]:
    """A candidate file's YAML: every scalar keeps its text (`NO` stays 'NO', `0012` stays '0012',
    `0x1F` stays '0x1F'; the field's type decides what it means); an unquoted empty or null
    scalar is None; aliases are refused. Returns (data, {id(mapping): line of the mapping})."""
    loader = _PlainLoader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    lines: dict[int, int] = {}

    def build(n) -> Any:
        if isinstance(n, yaml.ScalarNode):
            return None if n.style is None and n.value in _NULLS else n.value
        if isinstance(n, yaml.SequenceNode):
            return [build(c) for c in n.value]
        out: dict = {}
        for k, v in n.value:
            key = build(k)
            if isinstance(key, (list, dict)):
                raise YamlRefused(k.start_mark.line + 1, "a key must be a plain name")
            out["" if key is None else key] = build(v)
        lines[id(out)] = n.start_mark.line + 1
        return out

    return (None if node is None else build(node)), lines
