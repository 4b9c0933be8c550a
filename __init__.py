"""polex: scores and ranks policy-export opportunities with sourced, explainable rules.

    import polex
    rules = polex.load_rules()
    card = polex.score({"id": "x", "partner_city": "Hanoi", "country": "VNM", "stage": "pilot"})
    ranking = polex.rank([...])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__version__ = "0.1.0"
__all__ = ["load_rules", "load_profile", "score", "rank", "assess", "__version__"]


def load_rules(paths: list[str | Path] | None = None, extra: list[str | Path] | None = None):
    """The shipped rule set (or the rule files under `paths`), linted and compiled."""
    from .rules.loader import load_rules as _load

    return _load(paths, extra)


def load_profile(name_or_path: str | Path | None = None):
    """A weights profile: a shipped name (`default`) or a YAML path."""
    from .rules.loader import load_profile as _load

    return _load(name_or_path)


def _attach_tables() -> None:
    """Ranking.to_pandas() and Ranking.to_arrow() (formats.frames): attached on first use, so
    `import polex` stays light; the engine never imports pandas or pyarrow."""
    from .engine.core import Ranking

    if getattr(Ranking, "to_arrow", None) is None:
        from .formats import frames

        Ranking.to_arrow = frames.to_arrow
        Ranking.to_pandas = frames.to_pandas


def assess(rules=None, weights=None, engine: str = "batch", rank_by: str = "point"):
    """An Assessment (rules + profile + executor), fitted and ready to rank."""
    from .engine.core import Assessment

    _attach_tables()
    ruleset = rules if rules is not None and not isinstance(rules, (str, Path, list)) else load_rules(
        [rules] if isinstance(rules, (str, Path)) else rules)
    profile = weights if weights is not None and not isinstance(weights, (str, Path)) else load_profile(weights)
    return Assessment(ruleset, profile, engine=engine, rank_by=rank_by).fit()


def _validated(candidates: Iterable[Any]) -> list[dict[str, Any]]:
    from .formats.frames import frame_records, is_frame
    from .models.candidate import validate_record

    if is_frame(candidates):  # a pandas DataFrame or an Arrow table: one candidate per row
        candidates = frame_records(candidates)
    out = []
    for c in candidates:
        if hasattr(c, "model_dump"):
            out.append({k: v for k, v in c.model_dump().items() if v is not None})
        else:
            out.append({k: v for k, v in validate_record(dict(c)).items() if v is not None})
    return out


def rank(candidates: Iterable[Mapping[str, Any] | Any], rules=None, weights=None, engine: str = "batch",
         rank_by: str = "point"):
    """Rank candidates (mappings, Candidate objects, a pandas DataFrame or an Arrow table); returns
    a Ranking with per-rule detail, and `to_pandas()` / `to_arrow()` for the output table.

    Raises CandidateError naming the field, value and expected values of the first bad candidate.
    """
    return assess(rules, weights, engine, rank_by).rank(_validated(candidates))


def score(candidate: Mapping[str, Any] | Any, rules=None, weights=None, engine: str = "durable",
          lang: str = "en"):
    """Score one candidate with the reference executor; returns its Scorecard."""
    ranking = rank([candidate], rules, weights, engine)
    return ranking.scorecard(0, lang)
