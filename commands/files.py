"""`polex template` and `polex schema`: an empty pipeline file, and the candidate's JSON Schema."""

from __future__ import annotations

from pathlib import Path

import click

from ..models.schema import candidate_schema
from .common import CONTEXT, DataError, lang_option, message, os_reason


@click.command(context_settings=CONTEXT, short_help='Write an empty pipeline file (xlsx with dropdowns, csv, yaml).')
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False),
              help="The file to write: .xlsx (dropdowns + a field guide), .csv (header) or .yaml.")
@lang_option
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
def template(out, lang, force):
    """Write an empty pipeline file with every field, ready to fill in and rank.

    The .xlsx has a dropdown for every enum and yes/no field, number checks, a note on each
    column, and a second sheet (`fields`) that documents each field in English and Korean.

    \b
    polex template --out pipeline.xlsx
    polex rank pipeline.xlsx --out ranking.xlsx
    """
    from ..formats import DataFileError
    from ..formats.template import TEMPLATE_FORMATS, columns, write_template

    if Path(out).exists() and not force:
        raise click.BadParameter(message(lang, "exists_force", out=out), param_hint="--out")
    try:
        fmt = write_template(out, lang)
    except DataFileError:
        raise click.BadParameter(message(lang, "expected_suffix", out=out, suffixes="." + ", .".join(TEMPLATE_FORMATS)),
                                 param_hint="--out") from None
    except OSError as err:
        raise DataError(message(lang, "cannot_write_to", out=out, err=os_reason(err, lang))) from None
    click.echo(message(lang, "template_written", path=out, n=len(columns()),
                    extra=message(lang, "template_xlsx") if fmt == "xlsx" else ""), err=True)


@click.command(context_settings=CONTEXT, short_help='Print the JSON Schema of a candidate.')
@lang_option
def schema(lang):
    """Print the JSON Schema of a candidate (every field, its type, allowed values and meaning)."""
    import json

    click.echo(json.dumps(candidate_schema(lang), ensure_ascii=False, indent=2))

