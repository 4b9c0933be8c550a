"""What the weights commands share: writing a profile (a file problem is a data error, exit 1),
checking the target's suffix (a usage error, exit 2), and printing a confidence interval."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .common import CURRENT_LANG, DataError, error_text, message


def save_profile(path: str, data: dict[str, Any], command: str) -> None:
    from ..rules.profiles import ProfileFileError, write_profile

    try:
        write_profile(path, data, command, CURRENT_LANG.get())  # its header comment in the run's language
    except ProfileFileError as err:
        raise DataError(error_text(err, CURRENT_LANG.get())) from None


def check_profile_target(out: str, lang: str | None = None) -> None:
    if Path(out).suffix.lower() not in (".yaml", ".yml"):
        raise click.BadParameter(message(lang or CURRENT_LANG.get(), "br_not_yaml", out=out), param_hint="--out")


def ci_text(values: list[float], digits: int = 3) -> str:
    return f"[{values[0]:.{digits}f}, {values[1]:.{digits}f}]"
