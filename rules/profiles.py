"""Weights profiles as files: writing one, and reading the AHP pairwise-judgement file.

`write_profile` validates a profile with the loader's schema and writes it as YAML atomically,
under a header that says which command made it and when (`today`: the UTC date, fixed by
SOURCE_DATE_EPOCH for reproducible builds). `read_pairwise` reads a pairwise file into its
mapping, the families in matrix order and the full reciprocal matrix. Both raise
ProfileFileError with one line naming the file. Reading a profile is rules.loader.load_profile.

(The shipped profiles are the YAML files in the `profiles/` folder beside this module.)
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..engine.weights import ratio, round_weights, rounded  # noqa: F401 - re-exported for profile writers
from ..models.errors import PolexError

PROFILE_HEADER = "# Weights profile written by `polex {command}` ({date}). Same shape as rules/profiles/default.yaml;\n" \
                 "# `provenance` records how the weights were made. Load it with --weights {path}.\n"
PROFILE_HEADER_KO = "# `polex {command}`가 작성한 가중치 프로파일 ({date}). rules/profiles/default.yaml과 같은 형식;\n" \
                    "# `provenance`에 가중치를 만든 방법이 기록됨. --weights {path}로 불러 쓰십시오.\n"


class ProfileFileError(PolexError):
    """A profile that cannot be written, or a pairwise file that cannot be read."""


def today() -> str:
    """UTC date of the run; SOURCE_DATE_EPOCH (reproducible builds) fixes it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch and epoch.isdigit() else datetime.now(UTC)
    return moment.date().isoformat()


def write_profile(path: str, data: dict[str, Any], command: str, lang: str = "en") -> None:
    """Validate a profile (the loader's schema) and write it as YAML atomically."""
    import yaml
    from pydantic import ValidationError

    from ..formats.files import atomic_path
    from ..models.rules import WeightsProfile

    try:
        WeightsProfile.model_validate(data)
    except ValidationError as err:  # pragma: no cover - a bug here, not in the user's data
        raise ProfileFileError(f"the profile to write is not valid: {err}") from None
    text = (PROFILE_HEADER_KO if lang == "ko" else PROFILE_HEADER).format(command=command, date=today(), path=path)
    text += yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110, default_flow_style=None)
    try:
        with atomic_path(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
    except OSError as err:
        raise ProfileFileError(f"cannot write {path}: {err.strerror or err}") from None


def judgement(value: Any, where: str) -> float:
    """One pairwise judgement: a positive number, written 3, 1.5 or 1/3."""
    from fractions import Fraction

    if isinstance(value, bool) or value is None:
        raise ProfileFileError(f"{where}: got {value!r}, expected a positive number such as 3 or 1/3")
    try:
        number = float(Fraction(str(value).strip())) if isinstance(value, str) else float(value)
    except (ValueError, ZeroDivisionError):
        raise ProfileFileError(f"{where}: got {value!r}, expected a positive number such as 3 or 1/3") from None
    if not number > 0:
        raise ProfileFileError(f"{where}: got {value!r}, expected a positive number such as 3 or 1/3")
    return number


def read_pairwise(path: str) -> tuple[dict[str, Any], list[str], Any]:
    """The pairwise file: its mapping, the families in matrix order, the full matrix."""
    import numpy as np
    import yaml

    from ..engine.ahp import PairwiseError, check_pairwise, reciprocal_matrix
    from ..models.errors import did_you_mean, suggest
    from ..models.rules import FAMILIES

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise ProfileFileError(f"{path}: cannot read: {err}") from None
    except yaml.YAMLError as err:
        raise ProfileFileError(f"{path}: not valid YAML: {err}") from None
    if not isinstance(data, dict) or not isinstance(data.get("families"), list):
        raise ProfileFileError(f"{path}: expected a mapping with `families` (a list, the matrix order) and `matrix` "
                               "(rows of judgements) or `comparisons` (a list of [family, family, judgement])")
    families = [str(f) for f in data["families"]]
    for fam in families:
        if fam not in FAMILIES:
            hint = suggest(fam, FAMILIES)
            raise ProfileFileError(f"{path}: unknown family {fam!r}" + did_you_mean(hint)
                                   + f"; expected some of {', '.join(FAMILIES)}")
    if len(set(families)) != len(families):
        raise ProfileFileError(f"{path}: a family is listed twice in `families`")
    n = len(families)
    if n < 2:
        raise ProfileFileError(f"{path}: compare at least 2 families")
    has_matrix, has_pairs = "matrix" in data, "comparisons" in data
    if has_matrix == has_pairs:
        raise ProfileFileError(f"{path}: give either `matrix` or `comparisons`, "
                               f"not {'both' if has_matrix else 'neither'}")
    try:
        if has_matrix:
            rows = data["matrix"]
            if not isinstance(rows, list) or len(rows) != n or any(not isinstance(r, list) or len(r) != n
                                                                    for r in rows):
                raise ProfileFileError(f"{path}: `matrix` must have {n} rows of {n} judgements (one per family)")
            matrix = np.array([[judgement(v, f"{path}: matrix row {i + 1} ({families[i]}), column {j + 1} "
                                             f"({families[j]})") for j, v in enumerate(r)]
                               for i, r in enumerate(rows)])
            matrix = check_pairwise(matrix)
        else:
            pairs = {}
            for k, item in enumerate(data["comparisons"] or []):
                if not isinstance(item, list) or len(item) != 3:
                    raise ProfileFileError(f"{path}: comparisons[{k}]: expected [family, family, judgement], "
                                           f"got {item!r}")
                a, b, v = str(item[0]), str(item[1]), item[2]
                for fam in (a, b):
                    if fam not in families:
                        raise ProfileFileError(f"{path}: comparisons[{k}]: {fam!r} is not in `families`")
                pairs[(families.index(a), families.index(b))] = judgement(v, f"{path}: comparisons[{k}]")
            matrix = reciprocal_matrix(n, pairs)
    except PairwiseError as err:
        message = str(err)
        for i, fam in enumerate(families):  # name families, not indices
            message = message.replace(f"({i}, ", f"({fam}, ").replace(f", {i})", f", {fam})")
        raise ProfileFileError(f"{path}: {message}") from None
    return data, families, matrix
