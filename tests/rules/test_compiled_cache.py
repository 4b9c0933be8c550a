"""The cache of compiled rules and validated profiles (rules.loader._compiled): what it gives is
what loading gives; any change to a rule file, the profile or the compiling code misses; a
broken cache file is only a miss; rules with errors are never kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_loader_lint import rule, write

import polex.rules.loader as loader
from polex.rules.loader import RULES_DIR, RuleFileError, load_profile, load_rules


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.delenv("POLEX_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "polex" / "rules"


def pickles(cache: Path, kind: str) -> list[Path]:
    return sorted(cache.glob(f"{kind}-*.pickle"))


def test_cached_rules_and_profile_equal_what_loading_gives(cache, monkeypatch):
    first, profile = load_rules(), load_profile()  # a miss: loaded, then kept
    assert len(pickles(cache, "rules")) == 1 and len(pickles(cache, "profile")) == 1
    calls = []
    monkeypatch.setattr(loader, "collect", lambda *a: calls.append(a))  # a hit must not compile
    monkeypatch.setattr(loader, "_validated_profile", lambda *a: calls.append(a))
    again, profile_again = load_rules(), load_profile()
    assert calls == []
    assert again.rules == first.rules and [r.title.en for r in again] == [r.title.en for r in first]
    assert profile_again == profile
    monkeypatch.undo()  # the real loader, without the cache
    monkeypatch.setenv("POLEX_NO_CACHE", "1")
    assert load_rules().rules == again.rules and load_profile() == profile_again


def test_an_edited_rule_file_or_compiler_misses(cache, tmp_path, monkeypatch):
    path = write(tmp_path, rule("r_a", points="2"))
    assert load_rules([path])["r_a"].points == 2.0
    write(tmp_path, rule("r_a", points="3"))
    assert load_rules([path])["r_a"].points == 3.0  # the file's bytes changed: compiled anew
    assert len(pickles(cache, "rules")) == 2
    monkeypatch.setattr(loader, "_code_stamp", lambda: "other compiler")
    calls = []
    real = loader.collect
    monkeypatch.setattr(loader, "collect", lambda *a: calls.append(a) or real(*a))
    assert load_rules([path])["r_a"].points == 3.0 and len(calls) == 1


def test_an_added_rule_file_misses(cache, tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder, ignore=shutil.ignore_patterns("profiles", "*.py", "__pycache__"))
    n = len(load_rules([folder]))
    write(folder, rule("r_new"), family="demand", name="extra.yaml")
    assert len(load_rules([folder])) == n + 1


def test_a_broken_cache_file_is_a_miss_and_is_mended(cache):
    want = load_rules()
    [kept] = pickles(cache, "rules")
    kept.write_bytes(b"not a pickle")
    assert load_rules().rules == want.rules
    kept.write_bytes(kept.read_bytes()[:10])  # truncated
    assert load_rules().rules == want.rules


def test_rules_with_errors_are_never_kept(cache, tmp_path):
    path = write(tmp_path, rule("r_bad", when="stagee >= pilot"))
    for _ in range(2):
        with pytest.raises(RuleFileError, match="stagee"):
            load_rules([path])
    assert pickles(cache, "rules") == []


def test_only_the_newest_results_of_a_kind_are_kept(cache, tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "KEPT", 3)
    for points in range(2, 7):
        assert load_rules([write(tmp_path, rule("r_a", points=str(points)))])["r_a"].points == points
    assert len(pickles(cache, "rules")) == 3
    load_profile()
    assert len(pickles(cache, "profile")) == 1  # another kind: not counted against the rules


def test_a_file_changed_while_it_was_compiled_is_not_kept(cache, tmp_path, monkeypatch):
    path = write(tmp_path, rule("r_a", points="2"))
    real = loader.collect

    def edited_meanwhile(*args):
        write(tmp_path, rule("r_a", points="3"))  # saved by an editor after the cache's key was read
        return real(*args)

    monkeypatch.setattr(loader, "collect", edited_meanwhile)
    load_rules([path])
    assert pickles(cache, "rules") == []  # neither version's key may hold it
    monkeypatch.undo()
    assert load_rules([path])["r_a"].points == 3.0


def test_only_a_pickle_no_one_else_could_write_is_read(cache, tmp_path, monkeypatch):
    import os
    import pickle

    full = load_rules()
    [kept] = pickles(cache, "rules")
    kept.write_bytes(pickle.dumps((list(full.rules[:1]), [])))  # what another writer could plant
    kept.chmod(0o600)
    assert len(load_rules()) == 1  # the user's own file is read (the check is what refuses the others)
    kept.write_bytes(pickle.dumps((list(full.rules[:1]), [])))
    kept.chmod(0o666)
    assert len(load_rules()) == len(full)  # writable by others: not read, compiled anew
    cache.chmod(0o777)
    try:
        kept.unlink()
        assert len(load_rules()) == len(full) and pickles(cache, "rules") == []  # nor written into such a folder
    finally:
        cache.chmod(0o700)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # no home: no cache in the working folder
    monkeypatch.chdir(tmp_path)
    load_rules()
    assert not (tmp_path / "relative").exists()
    assert os.getuid() == kept.parent.stat().st_uid
