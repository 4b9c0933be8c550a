"""Rule files and weights profiles: loaded safely, checked with file and line, compiled.

`load_rules()` gives a RuleSet or raises RuleFileError listing every problem; `lint()`
gives the problems (errors and warnings) without raising, for `polex rules check`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..engine.compile import ConditionError
from ..engine.ruleset import DeriveCycle, Rule, RuleSet, compile_rule
from ..models.errors import PolexError
from ..models.rules import FAMILIES, RuleFile, RuleSpec, WeightsProfile
from ..models.vocabulary import FIELD_BY_NAME, did_you_mean, suggest
from ..models.yamlsafe import load_bounded

RULES_DIR = Path(__file__).resolve().parent
PROFILES_DIR = RULES_DIR / "profiles"
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Issue:
    file: str
    line: int
    message: str
    rule: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        who = f" [{self.rule}]" if self.rule else ""
        return f"{where}: {self.severity}{who}: {self.message}"


class RuleFileError(PolexError):
    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("\n".join(map(str, issues)))


class _LineLoader(_SafeLoader):
    """Safe loading (no tags, no code) that remembers each mapping's line."""


def _construct_mapping(loader, node, deep=False):
    mapping = loader.construct_mapping(node, deep=deep)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strip_lines(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _strip_lines(v) for k, v in data.items() if k != "__line__"}
    if isinstance(data, list):
        return [_strip_lines(v) for v in data]
    return data


def read_yaml(path: Path) -> Any:
    """YAML with a `__line__` on every mapping; raises yaml.YAMLError with a mark.

    Parsing the rule files is most of what `polex score` does before scoring, so the parsed
    form is cached as JSON, keyed by the file's content hash: an edited file is parsed anew.
    """
    raw = Path(path).read_bytes()
    cache = _cache_dir() / f"{hashlib.sha256(raw).hexdigest()}.json" if _cache_dir() else None
    if cache is not None and cache.is_file():
        try:
            return json.loads(cache.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    data = load_bounded(raw.decode("utf-8"), _LineLoader)  # a SafeLoader subclass; aliases bounded
    if cache is not None:
        try:
            text = json.dumps(data, ensure_ascii=False)
            if json.loads(text) == data:  # only what JSON keeps exactly (string keys, plain values)
                cache.parent.mkdir(parents=True, exist_ok=True)
                tmp = cache.with_suffix(f".{os.getpid()}.tmp")
                tmp.write_text(text, encoding="utf-8")
                os.replace(tmp, cache)
        except (OSError, TypeError, ValueError):
            pass  # a cache that cannot be written only costs time
    return data


def _cache_dir() -> Path | None:
    if os.environ.get("POLEX_NO_CACHE"):
        return None
    base = Path(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"))
    return base / "polex" / "rules" if base.is_absolute() else None  # no home: no cache, not one in the working folder


def _pydantic_issues(err: ValidationError, file: str, line: int, rule: str, data: Any) -> list[Issue]:
    out = []
    for e in err.errors():
        loc = ".".join(str(x) for x in e["loc"])
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            hint = suggest(str(e["loc"][-1]), RuleSpec.model_fields)
            msg = f"unknown key {e['loc'][-1]!r}" + did_you_mean(hint)
        elif e["type"] == "missing":
            msg = f"missing {loc}"
            if loc.endswith((".en", ".ko")):
                msg = f"missing translation {loc}"
        else:
            msg = f"{loc}: {msg} (got {e.get('input')!r})"
        out.append(Issue(file, _line_of(data, e["loc"], line), msg, rule))
    return out


def _line_of(data: Any, loc: tuple, default: int) -> int:
    line = default
    for key in loc:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(data, dict):
            line = data.get("__line__", line)
    return line


def _rule_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files += sorted(x for x in p.glob("*.yaml") if x.is_file())
        else:
            files.append(p)
    return files


def collect(paths: list[Path] | None = None) -> tuple[list[Rule], list[Issue]]:
    """Read and compile every rule; return the rules that compiled and every problem seen."""
    files = _rule_files(paths or [RULES_DIR])
    issues: list[Issue] = []
    specs: list[tuple[RuleSpec, str, str, int, dict]] = []
    if not files:
        issues.append(Issue(", ".join(map(str, paths or [])), 0, "no rule files (*.yaml) found"))
    for path in files:
        name = str(path)
        try:
            data = read_yaml(path)
        except OSError as err:
            issues.append(Issue(name, 0, f"cannot read: {err.strerror or err}"))
            continue
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            issues.append(Issue(name, mark.line + 1 if mark else 0, f"not valid YAML: {getattr(err, 'problem', err)}"))
            continue
        if not isinstance(data, dict):
            issues.append(Issue(name, 1, "a rule file is a mapping with `family` and `rules`"))
            continue
        try:
            rule_file = RuleFile.model_validate(_strip_lines(data))
        except ValidationError as err:
            for e in err.errors():
                if e["loc"] and e["loc"][0] == "family":
                    hint = suggest(str(data.get("family")), FAMILIES)
                    issues.append(Issue(name, data.get("__line__", 1), f"family: got {data.get('family')!r}, "
                                        f"expected one of {', '.join(FAMILIES)}"
                                        + did_you_mean(hint)))
                else:
                    issues.extend(_pydantic_issues(err, name, data.get("__line__", 1), "", data))
            continue
        if path.stem in FAMILIES and path.stem != rule_file.family:
            issues.append(Issue(name, data.get("__line__", 1), f"file {path.name} holds family "
                                f"{rule_file.family!r}; name it {rule_file.family}.yaml", severity="warning"))
        for raw in data["rules"]:
            line = raw.get("__line__", 0) if isinstance(raw, dict) else 0
            rid = str(raw.get("id", "")) if isinstance(raw, dict) else ""
            try:
                spec = RuleSpec.model_validate(_strip_lines(raw))
            except ValidationError as err:
                issues.extend(_pydantic_issues(err, name, line, rid, raw))
                continue
            specs.append((spec, rule_file.family, name, line, raw))

    seen: dict[str, tuple[str, int]] = {}
    for spec, _, name, line, _ in specs:
        if spec.id in seen:
            issues.append(Issue(name, line, f"duplicate id; first defined at {seen[spec.id][0]}:{seen[spec.id][1]}",
                                spec.id))
        else:
            seen[spec.id] = (name, line)
        if spec.id in FIELD_BY_NAME:
            issues.append(Issue(name, line, "a rule id may not reuse a candidate field name", spec.id))

    derived = frozenset(s.id for s, *_ in specs if s.kind == "derive")
    rules: list[Rule] = []
    done: set[str] = set()
    for spec, family, name, line, raw in specs:
        if spec.id in done:
            continue
        done.add(spec.id)
        if spec.kind in ("factor", "penalty") and not (spec.points and spec.points > 0):
            issues.append(Issue(name, line, f"a {spec.kind} needs points > 0, got {spec.points!r}", spec.id))
        if spec.kind in ("gate", "derive") and spec.points:
            issues.append(Issue(name, line, f"points are ignored on a {spec.kind}", spec.id, "warning"))
        if spec.applies is not None and spec.kind == "derive":
            issues.append(Issue(name, _line_of(raw, ("applies",), line), "a derive rule cannot have a scope "
                                "(`applies`): scope the rules that read it", spec.id))
            continue
        if spec.applies is not None and spec.scope is None:
            issues.append(Issue(name, _line_of(raw, ("applies",), line), "a rule with `applies` needs `scope` "
                                "{en, ko}: why it applies only there, from the source lines", spec.id))
        try:
            rules.append(compile_rule(spec, family, derived, name, line))
        except ConditionError as err:
            top = err.where.split(".")[0].split("[")[0]
            issues.append(Issue(name, _line_of(raw, (top if top in ("when", "applies") else "when",), line),
                                f"{err.where}: {err}", spec.id))
    return rules, issues


def build(rules: list[Rule], origin: str = "") -> tuple[RuleSet | None, list[Issue]]:
    try:
        return RuleSet(tuple(rules), origin), []
    except DeriveCycle as err:
        first = next(r for r in rules if r.id == err.cycle[0])
        return None, [Issue(first.file, first.line, str(err), first.id)]


@functools.cache
def _code_stamp() -> str | None:
    """What the compiled form of a rule depends on besides its file: the code that validates and
    compiles it (the bytes of every module of these packages) and the versions of Python and
    pydantic that pickled it, so an edited compiler or an upgrade misses. None where the modules'
    sources cannot be read (a sourceless install): no cache then."""
    from pydantic import VERSION

    digest = hashlib.sha256(f"{sys.version}\0{VERSION}".encode())
    for package in (RULES_DIR, RULES_DIR.parent / "engine", RULES_DIR.parent / "models"):
        try:
            with os.scandir(package) as entries:
                modules = sorted(e.path for e in entries if e.name.endswith(".py"))
            for module in modules:
                digest.update(f"\0{module}\0".encode() + hashlib.sha256(Path(module).read_bytes()).digest())
        except OSError:
            return None
        if not modules:
            return None
    return digest.hexdigest()


def _private(st: os.stat_result) -> bool:
    """The user's own and writable by no one else: a pickle runs code as it loads, so only one
    that no other user could have written is read."""
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def _compiled(kind: str, files: list[Path], make, keep=lambda result: True):
    """`make()`, through a cache of its result keyed by the files' paths and bytes and by the
    code that validates and compiles them: `polex score` then reads the compiled rules and the
    validated profile (a pickle) instead of validating and compiling them, 20-30 ms of its start.
    A result `keep` refuses (one with errors) is not kept, nor one whose files changed while it
    was made; any change to a file or the code misses. POSIX only (the pickle's folder and file
    must be the user's own, see _private)."""
    cache, stamp = _cache_dir(), _code_stamp()
    if cache is None or stamp is None or not hasattr(os, "getuid"):
        return make()

    def key() -> str:
        digest = hashlib.sha256(stamp.encode())
        for f in files:
            digest.update(f"\0{f}\0".encode() + hashlib.sha256(f.read_bytes()).digest())
        return digest.hexdigest()

    try:
        before = key()
    except OSError:
        return make()  # make() names the file it cannot read
    path = cache / f"{kind}-{before}.pickle"
    try:
        with open(path, "rb") as fh:
            if _private(os.fstat(fh.fileno())) and _private(os.stat(cache)):
                return pickle.load(fh)
    except Exception:  # noqa: BLE001, S110 - a cache that is missing or unreadable (truncated, other code) is only missed
        pass
    result = make()
    try:
        if keep(result) and key() == before:  # else a file changed while it was read: its result is neither's
            cache.mkdir(parents=True, exist_ok=True, mode=0o700)
            if _private(os.stat(cache)):
                tmp = path.with_suffix(f".{os.getpid()}.tmp")
                with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as fh:
                    pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
                _prune(cache, kind)
    except (OSError, pickle.PicklingError):
        pass  # a cache that cannot be written only costs time
    return result


KEPT = 16  # compiled results kept per kind: an edited rule file or compiler leaves its old ones behind


def _prune(folder: Path, kind: str) -> None:
    """The newest KEPT pickles of a kind stay (rule sets in use side by side: the shipped, a
    user's --rules), older ones go: 220 KB each, one per edit otherwise."""
    kept = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in kept[KEPT:]:
        old.unlink(missing_ok=True)


def collect_compiled(paths: list[Path] | None = None) -> tuple[list[Rule], list[Issue]]:
    """`collect` through the cache: only a result without errors is kept."""
    return _compiled("rules", _rule_files(paths or [RULES_DIR]), lambda: collect(paths),
                     lambda result: not any(i.severity == "error" for i in result[1]))


def load_rules(paths: list[Path | str] | None = None, extra: list[Path | str] | None = None) -> RuleSet:
    """The shipped rules (or those under `paths`), plus `extra` files that add or replace by id."""
    rules, issues = collect_compiled([Path(p) for p in paths] if paths else None)
    if extra:
        more, more_issues = collect_compiled([Path(p) for p in extra])
        issues += more_issues
        replaced = {r.id for r in more}
        rules = [r for r in rules if r.id not in replaced] + more
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise RuleFileError(errors)
    ruleset, cycle = build(rules, ", ".join(map(str, paths or [RULES_DIR])))
    if cycle:
        raise RuleFileError(cycle)
    return ruleset


def profile_path(name_or_path: str | Path | None) -> Path:
    if name_or_path is None:
        return PROFILES_DIR / "default.yaml"
    p = Path(name_or_path)
    if p.suffix in (".yaml", ".yml") or p.exists():
        return p
    return PROFILES_DIR / f"{name_or_path}.yaml"


def available_profiles() -> list[str]:
    return sorted(p.stem for p in PROFILES_DIR.glob("*.yaml"))


def load_profile(name_or_path: str | Path | None = None) -> WeightsProfile:
    """A weights profile by name (shipped) or path; RuleFileError names the file and problem."""
    path = profile_path(name_or_path)
    if not path.exists():
        hint = suggest(str(name_or_path), available_profiles())
        raise RuleFileError([Issue(str(path), 0, "no such weights profile" + did_you_mean(hint)
                                   + f"; shipped profiles: {', '.join(available_profiles())}")])
    return _compiled("profile", [path], lambda: _validated_profile(path))


def _validated_profile(path: Path) -> WeightsProfile:
    try:
        data = read_yaml(path)
        return WeightsProfile.model_validate(_strip_lines(data))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise RuleFileError([Issue(str(path), mark.line + 1 if mark else 0, f"not valid YAML: {err}")]) from None
    except ValidationError as err:
        raise RuleFileError(_pydantic_issues(err, str(path), 1, "", data)) from None
