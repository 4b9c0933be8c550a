"""Weights profiles built from evidence (pure computation: no file, no terminal).

`ahp_profile` turns pairwise judgements (already read by rules.profiles.read_pairwise) into a
weights profile, as the mapping rules/profiles/default.yaml has, with its provenance; the
command writes it (rules.profiles.write_profile) and shows it. `round_weights` and `rounded`
make the numbers a profile file holds; `ratio` writes a judgement as a reader does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..models.errors import PolexError
from .ahp import CR_THRESHOLD, AHPResult, PairwiseError, ahp


class ProfileError(PolexError):
    """Judgements or settings a profile cannot be built from; the message names the file."""


def ratio(value: float) -> str:
    """A judgement as a reader writes it: 3, 1.5, 1/3."""
    return f"{value:.3g}" if value >= 1 else f"1/{1 / value:.3g}"


def round_weights(weights, decimals: int = 4) -> list[float]:
    """Weights rounded to `decimals` that still sum to exactly 1 (largest remainder), for the file."""
    import numpy as np

    w = np.asarray(weights, dtype=np.float64)
    unit = 10**decimals
    raw = w / w.sum() * unit
    base = np.floor(raw).astype(np.int64)
    order = np.argsort(-(raw - base), kind="stable")
    base[order[:unit - int(base.sum())]] += 1
    return [round(float(b) / unit, decimals) for b in base]


def rounded(value: Any, digits: int = 4) -> Any:
    """Plain YAML-friendly values: floats rounded, numpy scalars and arrays made Python."""
    if isinstance(value, dict):
        return {str(k): rounded(v, digits) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [rounded(v, digits) for v in value]
    if hasattr(value, "tolist"):
        return rounded(value.tolist(), digits)
    if isinstance(value, float):
        return round(value, digits)
    return value


@dataclass
class AHPProfile:
    """A profile derived by AHP, with what the command shows about it."""

    profile: dict[str, Any]  # the profile file's mapping
    result: AHPResult
    weights: dict[str, float]  # the compared families' rounded weights
    consistency: str  # lambda_max, CI, RI and CR in one line
    worst: str | None  # the most inconsistent pair, in words
    missing: list[str] = field(default_factory=list)  # families not compared (weight 0)


def ahp_profile(data: dict[str, Any], families: Sequence[str], matrix, *, where: str, file_name: str,
                sha256: str, date: str, name: str | None, default_name: str,
                default_prior: Callable[[], float], force: bool = False) -> AHPProfile:
    """The profile of pairwise judgements: principal-eigenvector weights (Saaty's AHP), refused
    (ProfileError) when the consistency ratio is above 0.1 unless `force`.

    `data` is the pairwise file's mapping (optional `name`, `description` {en, ko},
    `unknown_prior`, `why` {family: justification}); `where` names the file in messages,
    `file_name` and `sha256` go into the provenance; `default_prior` gives the unknown prior
    when the file has none."""
    from ..models.rules import FAMILIES, Text

    families = list(families)
    try:
        result = ahp(matrix)
    except PairwiseError as err:
        raise ProfileError(f"{where}: {err}") from None
    worst = None
    if result.worst_pair:
        i, j = result.worst_pair
        worst = (f"{families[i]} vs {families[j]}: judged {ratio(result.worst_judgement)}, the other "
                 f"judgements imply about {ratio(result.worst_implied)}")
    consistency = (f"lambda_max {result.lambda_max:.4f}, CI {result.ci:.4f}, RI {result.ri:.2f}, "
                   f"CR {result.cr:.4f}")
    if not result.consistent and not force:
        raise ProfileError(f"{where}: consistency ratio {result.cr:.3f} is above {CR_THRESHOLD} ({consistency}): "
                           f"the judgements contradict each other. Most inconsistent pair: {worst}. Revise that "
                           "judgement, or write the profile anyway with --force.")

    whys = data.get("why") or {}
    if not isinstance(whys, dict):
        raise ProfileError(f"{where}: `why` must map a family to its justification")
    missing = [f for f in FAMILIES if f not in families]
    weights_by_family = dict(zip(families, round_weights(result.weights)))
    base = f"AHP principal-eigenvector weight from {file_name} (CR {result.cr:.3f})"
    fams: dict[str, Any] = {}
    for fam in FAMILIES:
        if fam in weights_by_family:
            own = str(whys.get(fam, "")).strip()
            fams[fam] = {"weight": weights_by_family[fam], "why": f"{own}; {base}" if own else base}
        else:
            fams[fam] = {"weight": 0.0, "why": f"Not compared in {file_name}: weight 0"}
    description = data.get("description")
    if description is not None:
        try:
            description = Text.model_validate(description).model_dump()
        except Exception:
            raise ProfileError(f"{where}: `description` needs both `en` and `ko` texts") from None
    else:
        description = {"en": f"Family weights from pairwise judgements ({file_name}) by Saaty's AHP.",
                       "ko": f"쌍대비교 판단({file_name})에서 Saaty의 AHP로 구한 요인군 가중치."}
    prior = data["unknown_prior"] if "unknown_prior" in data else default_prior()
    profile = {
        "name": name or str(data.get("name") or default_name),
        "description": description,
        "unknown_prior": prior,
        "families": fams,
        "provenance": rounded({
            "method": "polex weights ahp: principal eigenvector of the pairwise comparison matrix (Saaty's AHP); "
                      "consistency ratio CR = CI / RI with Saaty's random index",
            "data_file": file_name,
            "data_sha256": sha256,
            "records": len(families) * (len(families) - 1) // 2,
            "date": date,
            "metrics": {"lambda_max": result.lambda_max, "ci": result.ci, "ri": result.ri, "cr": result.cr,
                        "consistent": bool(result.consistent)},
            "most_inconsistent_pair": None if not result.worst_pair else {
                "pair": [families[result.worst_pair[0]], families[result.worst_pair[1]]],
                "judged": result.worst_judgement, "implied": result.worst_implied},
            "forced": bool(force and not result.consistent),
            "not_compared": missing,
        }, 6),
    }
    return AHPProfile(profile, result, weights_by_family, consistency, worst, missing)
