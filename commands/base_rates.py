"""`polex weights base-rates`: what an unknown condition counts for, estimated from outcome records."""

from __future__ import annotations

from pathlib import Path

import click

from .common import CONTEXT, DataError, assessment_for, lang_option, message, read_intake, rules_option, weights_option


@click.command("base-rates", context_settings=CONTEXT)
@click.argument("records", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Write the profile with its base rates here (.yaml).")
@click.option("--smoothing", default=4.0, show_default=True, type=click.FloatRange(min=0),
              help="Pseudo-records pulling each rate toward the profile's unknown_prior (few known cases: near it).")
@weights_option
@rules_option
@lang_option
def base_rates(records, out, smoothing, weights, rules, lang):
    """Estimate each rule's base rate from RECORDS (e.g. fixtures/outcomes.csv) and write the
    --weights profile with them: an unknown condition then counts in the point score at how
    often it holds among the records where it is known, smoothed toward unknown_prior where
    few are known. Outcome labels are not read. The score range is unchanged.
    """
    import yaml

    from ..engine.calibrate import base_rates as estimate
    from ..formats import file_sha256
    from ..rules.loader import profile_path
    from ..rules.profiles import today
    from .profile_io import save_profile

    if Path(out).suffix.lower() not in (".yaml", ".yml"):
        raise click.BadParameter(message(lang, "br_not_yaml", out=out), param_hint="--out")
    assessment = assessment_for(rules, weights)
    intake = read_intake(records, lang)
    matrix = assessment.evaluate(intake.columns)
    profile = assessment.profile
    rates = estimate(matrix, [r.id for r in assessment.ruleset.rules], profile.unknown_prior, smoothing)
    data = yaml.safe_load(Path(profile_path(weights)).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise DataError(message(lang, "br_not_profile", path=profile_path(weights)))
    judged = {rid: v for rid, v in (data.get("base_rates") or {}).items() if isinstance(v, dict) and v.get("why")}
    data["base_rates"] = {rid: judged.get(rid, rates[rid]) for rid in sorted(rates)}  # a judged rate is kept
    data["base_rates_provenance"] = {
        "method": f"share of records where the condition is known and true, smoothed toward unknown_prior "
                  f"{profile.unknown_prior:g} by {smoothing:g} pseudo-records: (true + prior x m) / (known + m); "
                  "n/a and unknown records do not count; outcome labels are not read. A rate with a `why` is set by "
                  "judgement (there `known` counts every record in scope) and kept when the rates are estimated again",
        "data_sha256": file_sha256(records), "records": int(intake.columns.n), "date": today(),
        "metrics": {"data_file": Path(records).name},
    }
    save_profile(out, data, "weights base-rates")
    click.echo(message(lang, "br_written", n=len(rates), m=intake.columns.n, out=out))
