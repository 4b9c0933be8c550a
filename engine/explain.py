"""Why a score is what it is, on arrays (no loop per candidate).

- contributions (n x r): each rule's points on the 0-100 scale (before family clipping);
- gains (n x r): how much the score would rise if the rule took its best outcome
  (a factor becomes true, a penalty false), with the family clip applied;
- swings (n x k): for each unknown field, how far the score could move once it is known
  (sum of the unknown rules that read it, through derived facts too);
- completeness (n): share of the fields the rules read that are filled in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .batch import TRUE, UNKNOWN
from .columns import Columns
from .ruleset import RuleSet
from .scorer import Scorer, ScoreResult, family_scores


@dataclass
class Explanation:
    contributions: np.ndarray
    gains: np.ndarray
    swings: np.ndarray
    fields: tuple[str, ...]
    completeness: np.ndarray


def explain(ruleset: RuleSet, scorer: Scorer, result: ScoreResult, columns: Columns) -> Explanation:
    out = result.outcomes
    true = out == TRUE
    unknown = out == UNKNOWN
    chance = true + scorer.prior_ * unknown  # how much of the rule the point score counts
    contributions = chance * scorer.unit_

    fam = scorer.rule_family_
    size = np.abs(scorer.points_.sum(axis=1))
    is_factor = np.array([r.kind == "factor" for r in ruleset.rules])
    is_penalty = np.array([r.kind == "penalty" for r in ruleset.rules])
    delta = np.where(is_factor, size * (1 - chance), 0.0) + np.where(is_penalty, size * chance, 0.0)
    raw_after = result.family_raw[:, fam] + delta
    after = family_scores(raw_after, scorer.possible_[fam])
    gains = 100.0 * scorer.weights_[fam] * (after - result.family[:, fam])
    gains = np.where(delta > 0, np.maximum(gains, 0.0), 0.0)

    fields = ruleset.used_fields
    base = ruleset.base_fields
    incidence = np.array([[f in base[r.id] for f in fields] for r in ruleset.rules], dtype=float)
    swings = (unknown * np.abs(scorer.unit_)) @ incidence if fields else np.zeros((len(out), 0))
    known = np.column_stack([columns[f].known for f in fields]) if fields else np.ones((len(out), 1), bool)
    completeness = known.mean(axis=1)
    return Explanation(contributions, gains, swings, fields, completeness)


def top(matrix: np.ndarray, k: int, minimum: float = 1e-9) -> list[list[int]]:
    """Column indices of the k largest values per row (ties: first column first), above minimum."""
    if matrix.shape[1] == 0:
        return [[] for _ in range(matrix.shape[0])]
    k = min(k, matrix.shape[1])
    order = np.argsort(-matrix, axis=1, kind="stable")[:, :k]
    keep = np.take_along_axis(matrix, order, axis=1) > minimum
    return [row[m].tolist() for row, m in zip(order, keep)]
