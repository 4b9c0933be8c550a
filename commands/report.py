"""`polex report`: the reviewer's report, one self-contained HTML file."""

from __future__ import annotations

from pathlib import Path

import click

from .common import (
    CONTEXT,
    DataError,
    assessment_for,
    jobs_option,
    lang_option,
    message,
    rank_by_option,
    read_intake,
    rules_option,
    weights_option,
)


@click.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False),
              help="The HTML file to write (one file; works offline).")
@weights_option
@lang_option
@click.option("--sensitivity", "draws", type=click.IntRange(min=10), default=None, metavar="N",
              help="Add rank intervals from N random draws of the family weights around the profile.")
@click.option("--top", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Keep the top N ranked candidates in the report (the page stays light in a browser).")
@click.option("--budget", type=click.FloatRange(min=0, min_open=True), default=None, metavar="USD_M",
              help="Draw a budget line on the quadrant map: the eligible candidates with a known budget_usd_m, "
                   "best combined index first, that fit this many million USD.")
@click.option("--baseline", type=click.Path(dir_okay=False, exists=True), default=None, metavar="OLD",
              help="Show the movement since an older snapshot OLD of the pipeline (any input format), scored "
                   "with the same rules and profile: rank and score change columns in the table (new "
                   "candidates marked new), the counts of new, removed, changed, up, down and newly "
                   "(in)eligible candidates in the summary, and in each drill-down a section 'Since the "
                   "baseline' with the fields that changed and the rules that flipped (as `polex diff OLD FILE`).")
@click.option("--portfolio", "portfolio_spec", type=click.Path(dir_okay=False, exists=True), default=None,
              metavar="SPEC.yaml",
              help="Compute the portfolio for the constraints in SPEC.yaml (the file `polex portfolio --constraints` "
                   "reads: budget, cost_field, assume_cost, capacity, max_per, max_count, min_strategic, include, "
                   "exclude) exactly as `polex portfolio` does, and show it: a section with the chosen set and its "
                   "totals, the binding constraints and the candidates left out for an unknown cost; chosen "
                   "candidates are marked in the table and ringed on the map. Constraints that cannot all be "
                   "met exit 1, naming them.")
@rules_option
@rank_by_option
@jobs_option
def report(file, out, weights, lang, draws, top, budget, baseline, portfolio_spec, rules, rank_by, jobs):
    """Write a reviewer's report of a pipeline FILE: one HTML file with no external resource.

    It holds a summary (eligibility counts, median completeness, the profile and how well it
    predicted real outcomes), a quadrant map of two composite indices (eligible candidates only
    are counted; a budget line with --budget), a heatmap of the top 50 by family, the ranked
    table (sortable, filterable, a column chooser, CSV export of the shown rows), a drill-down
    per candidate (score and range, gates, family bars, a waterfall of the score, every rule with
    its outcome, points, reason and source, improvements, unknowns), rank intervals with
    --sensitivity, and an appendix of every rule and the weights profile. With --baseline OLD it
    also shows the movement since OLD (table columns, summary counts, a drill-down section); with
    --portfolio SPEC.yaml, the portfolio `polex portfolio --constraints SPEC.yaml` chooses. The CJK glyphs the
    page uses are embedded as a subset of an open font (NanumGothic or Noto Sans CJK, or
    POLEX_CJK_FONT), so Korean reads on a machine without a Korean font.
    """
    from .. import __version__
    from ..formats import file_sha256
    from ..views.report import build_context, render_html, write_report

    if not out.lower().endswith((".html", ".htm")):
        raise click.BadParameter(message(lang, "report_not_html", out=out), param_hint="-o/--out")
    spec = _portfolio_spec(portfolio_spec) if portfolio_spec else None
    assessment = assessment_for(rules, weights, "batch", rank_by, jobs)
    intake = read_intake(file, lang)
    ranking = assessment.rank(intake.columns)
    movement = None
    if baseline:
        from ..engine.diff import compare

        old_intake = read_intake(baseline, lang)
        from .diff import is_ranking_intake

        if is_ranking_intake(old_intake):
            from ..views.labels_decision import diff_text

            raise click.BadParameter(diff_text(lang, "dr_baseline_ranking", path=baseline), param_hint="--baseline")
        movement = compare(old_intake.columns, intake.columns, assessment.rank(old_intake.columns), ranking)
    sensitivity = None
    if draws:
        try:
            from ..engine.sensitivity import Sensitivity
        except ImportError:
            raise click.UsageError(message(lang, "report_no_sensitivity")) from None
        if len(ranking):
            sensitivity = Sensitivity(draws=draws, concentration=50.0, top_k=10, seed=0, jobs=jobs).fit(ranking)
    chosen = _solve_portfolio(ranking, spec, lang) if spec is not None else None
    sha = file_sha256(file) if file != "-" and Path(file).is_file() else ""
    context = build_context(ranking, lang=lang, source=Path(file).name if file != "-" else "stdin",
                            source_sha256=sha, total_rows=intake.total, rejects=intake.rejects, top=top,
                            sensitivity=sensitivity, rank_by=rank_by, version=__version__, budget=budget,
                            baseline=movement, baseline_source=Path(baseline).name if baseline else "",
                            baseline_sha256=file_sha256(baseline) if baseline else "", portfolio=chosen,
                            portfolio_spec=spec)
    try:
        size = write_report(out, render_html(context))
    except OSError as err:
        raise DataError(message(lang, "cannot_write_to", out=out, err=err.strerror or err)) from None
    click.echo(message(lang, "report_written", total=intake.total, ranked=len(ranking), rejected=intake.rejected_rows,
                       shown=context["n_shown"], out=out, kib=size / 1024), err=True)
    font = context.get("font")
    if font and font.get("missing"):
        click.echo(message(lang, "no_cjk_font"), err=True)


def _portfolio_spec(path: str):
    """The portfolio Spec of a constraints file, read by `polex portfolio`'s own reader (every option
    it would take from the command line left unset)."""
    import inspect

    from .portfolio import build_spec

    unset = {name: (p.default if p.default is not inspect.Parameter.empty else
                    (() if name in ("capacity", "max_per", "include", "exclude") else None))
             for name, p in inspect.signature(build_spec).parameters.items() if name != "constraints"}
    try:
        return build_spec(constraints=path, **unset)
    except click.BadParameter as err:
        err.param_hint = "--portfolio"
        raise


def _solve_portfolio(ranking, spec, lang: str):
    """The portfolio `polex portfolio` chooses for this ranking and spec (no weight draws)."""
    from ..engine.portfolio import PortfolioError, portfolio
    from ..views.labels_commands import portfolio_error_text
    from ..views.labels_decision import decision

    try:
        return portfolio(ranking, spec, draws=0, lang=lang, time_limit=60.0)
    except PortfolioError as err:
        raise DataError(decision(lang, "pf_infeasible", why=portfolio_error_text(str(err), lang))) from None
