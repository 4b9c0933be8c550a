"""polex command line: the click group and the registration of its commands, nothing else.

Each verb family lives in `commands/` (parse options, call the engine, show); the shared
options and the one mapping of errors to exit codes live in `commands/common.py`.
Exit codes: 0 ok, 1 data or check failure, 2 usage. Heavy libraries are imported inside the
commands that use them, so `polex score` starts fast.
"""

from __future__ import annotations

import click

from . import __version__
from .commands.base_rates import base_rates
from .commands.calibrate import calibrate
from .commands.common import CONTEXT, PolexGroup
from .commands.diff import diff
from .commands.files import schema, template
from .commands.portfolio import portfolio
from .commands.rank import demo, explain, rank
from .commands.report import report
from .commands.rules import rules
from .commands.score import score
from .commands.weights import sensitivity, weights


@click.group(cls=PolexGroup, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="polex")
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


for command in (demo, score, rank, explain, rules, template, schema, report, calibrate, sensitivity, weights,
                portfolio, diff):
    main.add_command(command)

weights.add_command(base_rates)

if __name__ == "__main__":  # pragma: no cover
    main()
