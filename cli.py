"""polex command line: the click group and the registration of its commands, nothing else.

Each verb family lives in `commands/` (parse options, call the engine, show); the shared
options and the one mapping of errors to exit codes live in `commands/common.py`.
Exit codes: 0 ok, 1 data or check failure, 2 usage. Heavy libraries are imported inside the
commands that use them, so `polex score` starts fast.
"""

from __future__ import annotations

import click

from . import __version__
from .commands.common import CONTEXT, PolexGroup, group_lang_option

# Each command by where it lives in polex.commands (module:function), imported on first use.
COMMANDS = {
    "demo": "rank:demo", "score": "score:score", "rank": "rank:rank", "explain": "rank:explain",
    "rules": "rules:rules", "template": "files:template", "schema": "files:schema", "report": "report:report",
    "calibrate": "calibrate:calibrate", "sensitivity": "weights:sensitivity", "weights": "weights:weights",
    "weights base-rates": "base_rates:base_rates", "portfolio": "portfolio:portfolio", "diff": "diff:diff",
}


@click.group(cls=PolexGroup, context_settings=CONTEXT, commands_from=COMMANDS)
@click.version_option(__version__, prog_name="polex")
@group_lang_option
def main():
    """Score and rank policy-export opportunities (Seoul offering an urban policy to a partner city)
    with rules sourced from five Korean policy documents; every rule cites its document and lines.

    \b
    Start here:
      polex demo                              rank the documents' cases, explain the best
      polex score --interactive               score one candidate, prompted field by field
      polex template --out pipeline.xlsx      an empty pipeline with dropdowns, then:
      polex rank pipeline.xlsx --out ranking.xlsx

    Exit codes: 0 ok, 1 data or check failure, 2 usage.
    """


if __name__ == "__main__":  # pragma: no cover
    main()
