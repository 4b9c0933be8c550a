"""`polex portfolio`: the best set of eligible candidates under a budget, capacities, caps per
country/region/field, must-include and must-exclude ids and a minimum of strategic-country
projects; exact (HiGHS MILP), with how often each choice survives weight draws. Best = the highest
total score, or, with a profile calibrated on outcomes, the highest expected number of successes."""

from __future__ import annotations

from pathlib import Path

import click

from .common import (
    CONTEXT,
    DataError,
    assessment_for,
    check_output_target,
    error_text,
    file_error_text,
    input_format_option,
    jobs_option,
    lang_option,
    make_console,
    message,
    os_reason,
    rank_by_option,
    read_intake,
    rules_option,
    weights_option,
)

SPEC_KEYS = ("budget", "cost_field", "assume_cost", "capacity", "max_per", "max_count", "min_strategic", "include",
             "exclude", "eligible_only")
OUT_COLUMNS = ("status", "eligibility", "id", "name", "partner_city", "country", "region", "field", "score", "cost", "stays_chosen",
               "reason")
CONSTRAINT_COLUMNS = ("constraint", "used", "limit", "slack", "binding", "detail")

# The objective line (en/ko). It stays here, beside the one option it reports on, rather than in
# views/labels: the view that prints the rest of the portfolio does not know the objective.
OBJECTIVE_TEXT = {
    "en": {
        "score": "objective: the total score{why}{proof}",
        "score_why": " (the profile '{profile}' has no calibrated probability of success)",
        "successes": "objective: the expected number of successes, the sum of P(success) = 1 / (1 + exp(-({a:.4f} + "
                     "{b:.6f} x score))) as calibrated in the profile '{profile}': {total:.2f} expected successes among "
                     "the {n} chosen (total score {score:.2f}){proof}",
        "proof": "; proven optimal to within {gap:g}",
    },
    "ko": {
        "score": "목적함수: 총점{why}{proof}",
        "score_why": " (프로파일 '{profile}'에는 보정된 성공 확률이 없음)",
        "successes": "목적함수: 기대 성공 건수, 곧 프로파일 '{profile}'에서 보정한 성공 확률 P = 1 / (1 + exp(-({a:.4f} + "
                     "{b:.6f} x 점수)))의 합: 선정 {n}건의 기대 성공 {total:.2f}건 (총점 {score:.2f}){proof}",
        "proof": "; 오차 {gap:g} 이내의 최적해로 증명됨",
    },
}


def objective_line(result, profile, lang: str, asked: str | None) -> str:
    """Which objective was maximised, with its total (and to what precision it is proven optimal)."""
    from ..engine.portfolio import ABS_GAP

    t = OBJECTIVE_TEXT.get(lang, OBJECTIVE_TEXT["en"])
    proof = t["proof"].format(gap=ABS_GAP) if result.proven else ""
    if result.objective == "successes":
        m = profile.success_probability
        return t["successes"].format(a=m.intercept, b=m.slope, profile=profile.name, total=result.total_successes,
                                     n=result.count, score=result.total_value, proof=proof)
    why = t["score_why"].format(profile=profile.name) if asked is None else ""
    return t["score"].format(why=why, proof=proof)


def _say(lang: str, what: str, /, **values) -> str:
    from ..views.labels_decision import portfolio_option_text

    return portfolio_option_text(lang, what, **values)


def _pair(text: str, option: str, kind, lang: str = "en") -> tuple[str, float]:
    if "=" not in text:
        raise click.BadParameter(_say(lang, "pair", text=text), param_hint=option)
    name, value = text.split("=", 1)
    try:
        number = kind(value)
    except ValueError:
        raise click.BadParameter(_say(lang, "not_whole" if kind is int else "not_number", text=text, value=value),
                                 param_hint=option) from None
    if number < 0:
        raise click.BadParameter(_say(lang, "negative", text=text), param_hint=option)
    return name.strip(), number


def _check_field(name: str, option: str, numeric: bool, lang: str = "en") -> None:
    from ..models.vocabulary import BOOL, FIELD_BY_NAME, FLOAT, INT, LIST, suggest

    spec = FIELD_BY_NAME.get(name)
    if spec is None:
        hint = suggest(name, list(FIELD_BY_NAME))
        raise click.BadParameter(_say(lang, "no_field", name=name, hint=message(lang, "did_you_mean", hint=hint)
                                      if hint else ""), param_hint=option)
    if numeric and spec.kind not in (INT, FLOAT):
        raise click.BadParameter(_say(lang, "not_numeric", name=name), param_hint=option)
    if not numeric and spec.kind in (INT, FLOAT, LIST, BOOL):
        raise click.BadParameter(_say(lang, "cannot_group", name=name, kind=spec.kind), param_hint=option)


def _load_constraints(path: str, lang: str = "en") -> dict:
    """A constraints YAML file: a mapping of SPEC_KEYS (safe loader; anything else is a usage error)."""
    import yaml

    hint = "--constraints"
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except OSError as err:
        raise click.BadParameter(_say(lang, "cannot_read", path=path, why=os_reason(err, lang)), param_hint=hint) \
            from None
    except (UnicodeDecodeError, yaml.YAMLError) as err:
        raise click.BadParameter(_say(lang, "cannot_read", path=path, why=error_text(str(err).splitlines()[0], lang)),
                                 param_hint=hint) from None
    keys = ", ".join(SPEC_KEYS)
    if not isinstance(data, dict):
        raise click.BadParameter(_say(lang, "not_mapping", path=path, keys=keys), param_hint=hint)
    unknown = sorted(set(map(str, data)) - set(SPEC_KEYS))
    if unknown:
        raise click.BadParameter(_say(lang, "unknown_key", path=path, key=unknown[0], keys=keys), param_hint=hint)
    return data


def build_spec(constraints, budget, cost_field, assume_cost, capacity, max_per, max_count, min_strategic, include,
               exclude, eligible_only: bool = False, lang: str = "en"):
    """The Spec from a constraints file, then the options (which add to it or override it)."""
    from ..engine.portfolio import DEFAULT_COST_FIELD, Spec

    data = _load_constraints(constraints, lang) if constraints else {}
    hint = "--constraints"

    def number(key, kind=float, minimum=0):
        v = data.get(key)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v < minimum or (kind is int and v != int(v)):
            raise click.BadParameter(_say(lang, "bad_whole" if kind is int else "bad_number", key=key,
                                          minimum=minimum, value=v), param_hint=hint)
        return kind(v)

    def mapping(key, kind):
        v = data.get(key) or {}
        if not isinstance(v, dict):
            raise click.BadParameter(_say(lang, "bad_limits", key=key), param_hint=hint)
        return {str(k): _pair(f"{k}={val}", hint, kind, lang)[1] for k, val in v.items()}

    def ids(key):
        v = data.get(key) or []
        if isinstance(v, str) or not isinstance(v, list):
            raise click.BadParameter(_say(lang, "bad_ids", key=key), param_hint=hint)
        return [str(i) for i in v]

    flag = data.get("eligible_only", False)
    if not isinstance(flag, bool):
        raise click.BadParameter(_say(lang, "bad_flag", key="eligible_only", value=flag), param_hint=hint)
    spec = Spec(budget=number("budget"), cost_field=str(data.get("cost_field") or DEFAULT_COST_FIELD),
                assume_cost=number("assume_cost"), capacity=mapping("capacity", float),
                max_per={k: int(v) for k, v in mapping("max_per", int).items()}, max_count=number("max_count", int),
                min_strategic=number("min_strategic", int), include=tuple(ids("include")), exclude=tuple(ids("exclude")),
                eligible_only=flag or bool(eligible_only))
    if budget is not None:
        spec.budget = budget
    if cost_field:
        spec.cost_field = cost_field
    if assume_cost is not None:
        spec.assume_cost = assume_cost
    spec.capacity.update(dict(_pair(c, "--capacity", float, lang) for c in capacity))
    spec.max_per.update({k: int(v) for k, v in (_pair(m, "--max-per", int, lang) for m in max_per)})
    if max_count is not None:
        spec.max_count = max_count
    if min_strategic is not None:
        spec.min_strategic = min_strategic
    spec.include = tuple(dict.fromkeys((*spec.include, *include)))
    spec.exclude = tuple(dict.fromkeys((*spec.exclude, *exclude)))
    _check_field(spec.cost_field, "--cost-field", numeric=True, lang=lang)
    for name in spec.capacity:
        _check_field(name, "--capacity", numeric=True, lang=lang)
    for name in spec.max_per:
        _check_field(name, "--max-per", numeric=False, lang=lang)
    both = sorted(set(spec.include) & set(spec.exclude))
    if both:
        raise click.BadParameter(_say(lang, "both", id=both[0]), param_hint="--include/--exclude")
    return spec


def portfolio_table(ranking, result, lang: str) -> tuple[list[str], dict]:
    """Every candidate with its decision, chosen first (by score), then not chosen, then left out;
    with the objective successes, each candidate's probability of success after its score."""
    import numpy as np

    from ..views.labels import value_label

    cols = ranking.columns
    status_order = np.select([result.status == "chosen", result.status == "not_chosen"], [0, 1], 2)
    order = np.lexsort((ranking.ranks, status_order))

    def text(name):
        col = cols[name]
        return np.where(col.known[order], col.values[order], "").astype(object)

    def enum(name):
        from ..models.vocabulary import FIELD_BY_NAME

        col, values = cols[name], FIELD_BY_NAME[name].values
        return np.array([value_label(name, values[int(v)], "en").replace(" ", "_") if k else ""
                         for v, k in zip(col.values[order], col.known[order])], dtype=object)

    stay = result.stay[order] if result.stay is not None else np.full(len(order), np.nan)
    data = {
        "status": result.status[order], "id": text("id"), "name": text("name"),
        "partner_city": text("partner_city"), "country": text("country"), "region": enum("region"),
        "field": enum("field"), "score": np.round(result.value[order], 2), "cost": result.cost[order],
        "stays_chosen": np.where(result.status[order] == "chosen", np.round(stay, 3), np.nan),
        "reason": _worded(np.where(result.status[order] == "left_out", result.reason[order], result.unsure[order]), lang),
        "eligibility": result.eligibility[order],
    }
    header = list(OUT_COLUMNS)
    if getattr(result, "prob", None) is not None:
        header.insert(header.index("score") + 1, "p_success")
        data["p_success"] = np.round(result.prob[order], 4)
    return header, data


def _worded(texts, lang: str):
    """The engine's reasons (worded in English) as the output files carry them: in `lang`."""
    import numpy as np

    from ..views.labels_commands import engine_text

    return texts if lang == "en" else np.array([engine_text(t, lang) for t in texts], dtype=object)


def constraints_rows(result, lang: str = "en") -> list[list]:
    from ..views.labels_commands import engine_text

    return [[engine_text(c.text, lang), round(c.used, 6), round(c.limit, 6), round(c.slack, 6), c.binding,
             engine_text(c.detail, lang)] for c in result.constraints]


@click.command(context_settings=CONTEXT, short_help="Choose the best set of candidates under a budget and limits.")
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--constraints", "constraints", type=click.Path(exists=True, dir_okay=False),
              help="YAML file of constraints (keys: budget, cost_field, assume_cost, capacity: {field: limit}, "
                   "max_per: {field: N}, max_count, min_strategic, include: [ids], exclude: [ids]); options given "
                   "on the command line add to it or override it.")
@click.option("--budget", type=click.FloatRange(min=0), default=None,
              help="Total budget: the chosen candidates' cost field sums to at most this.")
@click.option("--cost-field", default=None, metavar="FIELD",
              help="Numeric field holding each candidate's cost (default budget_usd_m).")
@click.option("--assume-cost", type=click.FloatRange(min=0), default=None,
              help="Cost assumed for a candidate whose cost is unknown; without it such candidates are left out "
                   "(listed with the reason) when a budget is given.")
@click.option("--capacity", multiple=True, metavar="FIELD=LIMIT",
              help="The chosen candidates' numeric FIELD sums to at most LIMIT (e.g. staff on a staffing field). "
                   "Candidates with FIELD unknown are left out. Repeatable.")
@click.option("--max-per", multiple=True, metavar="FIELD=N",
              help="At most N chosen candidates per value of FIELD (country, region, field...). Candidates with "
                   "FIELD unknown are left out. Repeatable.")
@click.option("--max-count", type=click.IntRange(min=0), default=None, help="At most N candidates in all.")
@click.option("--min-strategic", type=click.IntRange(min=0), default=None,
              help="At least K chosen candidates with strategic_country = true (unknown does not count).")
@click.option("--include", multiple=True, metavar="ID", help="This candidate must be chosen. Repeatable.")
@click.option("--exclude", multiple=True, metavar="ID", help="This candidate must not be chosen. Repeatable.")
@click.option("--eligible-only", is_flag=True,
              help="Leave out possibly ineligible candidates (no gate closed, but one whose fields are unknown could "
                   "still close); by default they may be chosen and are marked, with the gates to check.")
@click.option("--objective", type=click.Choice(["score", "successes"]), default=None,
              help="What to maximise: the total score, or the expected number of successes (the sum of each "
                   "candidate's probability of success, from the mapping `polex calibrate` stores in a profile). "
                   "Default: successes when the --weights profile has that mapping, else score.")
@click.option("--draws", type=click.IntRange(min=0), default=100, show_default=True,
              help="Weight draws for robustness: re-solve under each and report how often each chosen candidate "
                   "stays chosen (0 to skip).")
@click.option("--concentration", type=click.FloatRange(min=0, min_open=True), default=50.0, show_default=True,
              help="Dirichlet concentration of the weight draws (larger = closer to the profile).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the weight draws.")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              help="Seconds the solver may take per solve; a solve stopped by it is reported as not proven "
                   "optimal, with its gap.")
@click.option("--out", type=click.Path(dir_okay=False),
              help="Write every candidate with its decision (chosen, not_chosen, left_out and why) to a file; "
                   "format by extension: .csv .tsv .xlsx .json .jsonl .parquet .md (atomic).")
@click.option("--constraints-out", type=click.Path(dir_okay=False),
              help="Write the constraints with used, limit, slack and binding to a file (format by extension).")
@lang_option
@weights_option
@rules_option
@rank_by_option
@input_format_option
@jobs_option
def portfolio(file, constraints, budget, cost_field, assume_cost, capacity, max_per, max_count, min_strategic, include,
              exclude, eligible_only, objective, draws, concentration, seed, time_limit, out, constraints_out, lang, weights, rules,
              rank_by, input_format, jobs):
    """Choose the set of eligible candidates in FILE with the highest total score (or, with a
    calibrated profile, the most expected successes) under constraints.

    Exact: a 0-1 integer programme solved by HiGHS (scipy.optimize.milp) with relative gap 0 and
    absolute gap 1e-6 (no portfolio is better by more than that), not a greedy pick. Ineligible
    candidates and candidates whose constrained fields are unknown are left out and listed with the
    reason. Constraints that cannot all be met exit 1 and name the conflicting ones.

    \b
    polex portfolio pipeline.csv --budget 50 --max-per country=2 --min-strategic 1
    polex portfolio pipeline.xlsx --constraints plan.yaml --out portfolio.xlsx
    """
    from ..engine.portfolio import ObjectiveError, PortfolioError, objective_for
    from ..engine.portfolio import portfolio as solve
    from ..formats import DataFileError, write_columns, write_table
    from ..views.decision import render_portfolio
    from ..views.labels_commands import portfolio_error_text
    from ..views.labels_decision import decision

    for target, hint in ((out, "--out"), (constraints_out, "--constraints-out")):
        check_output_target(target, hint)
    spec = build_spec(constraints, budget, cost_field, assume_cost, capacity, max_per, max_count, min_strategic,
                      include, exclude, eligible_only, lang)
    assessment = assessment_for(rules, weights, "batch", rank_by, jobs)
    try:
        chosen_objective = objective_for(assessment.profile, objective)
    except ObjectiveError as err:
        raise click.BadParameter(str(err), param_hint="--objective") from None
    intake = read_intake(file, lang, input_format=input_format)
    ranking = assessment.rank(intake.columns)
    try:
        result = solve(ranking, spec, draws=draws, concentration=concentration, seed=seed, lang=lang,
                       time_limit=time_limit, objective=chosen_objective, jobs=jobs)
    except PortfolioError as err:
        raise DataError(decision(lang, "pf_infeasible", why=portfolio_error_text(str(err), lang))) from None
    header, data = portfolio_table(ranking, result, lang)
    try:
        if out:
            write_columns(out, header, data)
        if constraints_out:
            write_table(constraints_out, list(CONSTRAINT_COLUMNS), constraints_rows(result, lang))
    except DataFileError as err:
        raise DataError(file_error_text(err, lang)) from None
    except OSError as err:
        raise DataError(message(lang, "cannot_write_to", out=err.filename or out, err=os_reason(err, lang))) from None
    console = make_console()
    console.print(objective_line(result, assessment.profile, lang, objective), markup=False)
    render_portfolio(console, result, data, spec, lang, concentration=concentration, seed=seed)
    for target in (out, constraints_out):
        if target:
            click.echo(_say(lang, "written", path=target), err=True)
