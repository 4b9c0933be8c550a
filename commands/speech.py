"""How a run speaks, settled before click parses it: the language of a run (`usage_lang`),
click's own texts in that language (`click_speaks`, `help_speaks`), and what a command may import
(`without_pandas`). Used by commands/common.PolexGroup.main around every run."""

from __future__ import annotations

import gettext
import os
import re
import sys
from contextlib import contextmanager

import click

LANGS = click.Choice(["en", "ko"])


def usage_lang(args: list[str]) -> str:
    """The language of a run, known before click parses it (a usage error can stop parsing before
    --lang is read): the last `--lang ko` or `--lang=ko` on the command line, else POLEX_LANG, else en."""
    lang = None
    words = iter(args)
    for word in words:
        if word == "--":
            break
        if word == "--lang":
            lang = next(words, None)
        elif word.startswith("--lang="):
            lang = word.split("=", 1)[1]
    if lang in LANGS.choices:
        return lang
    env = os.environ.get("POLEX_LANG")
    return env if env in LANGS.choices else "en"


# The click modules whose texts go through gettext when they are shown. click.decorators is left
# alone: the texts it words (the help option's) are built once and kept for later runs.
CLICK_MODULES = ("click.core", "click.exceptions", "click.types", "click.parser", "click._parser",
                 "click.formatting", "click.termui")


@contextmanager
def click_speaks(lang: str):
    """click's own texts (usage errors, prompts' errors, the help's headings) in `lang` for the
    duration of a run: click wraps them in gettext, so its modules' `_` and `ngettext` look them up
    in the label table (`click:` keys, views/labels_commands.py) and are put back afterwards. A
    msgid the table lacks stays English; an English run leaves click untouched."""
    if lang == "en":
        yield
        return
    from ..views.labels_commands import COMMAND_MESSAGES

    table = COMMAND_MESSAGES[lang]

    class Worded(str):
        """A text into which click puts one of its English words ({number_type}, a path's {name})."""

        def format(self, *args, **values):
            for key in ("number_type", "name"):
                if isinstance(values.get(key), str) and (key != "name" or "filename" in values):
                    values[key] = table.get("click:" + values[key], values[key])
            return str.format(self, *args, **values)

    def text(msgid: str) -> str:
        out = table.get("click:" + msgid, msgid)
        return Worded(out) if "{number_type}" in out or "{filename!r}" in out else out

    def ntext(singular: str, plural: str, n: int) -> str:
        return text(singular if n == 1 else plural)

    swapped = []
    for name in CLICK_MODULES:
        module = sys.modules.get(name)
        for attr, original, ours in (("_", gettext.gettext, text), ("ngettext", gettext.ngettext, ntext)):
            if module is not None and getattr(module, attr, None) is original:
                swapped.append((module, attr, original))
                setattr(module, attr, ours)
    try:
        yield
    finally:
        for module, attr, original in swapped:
            setattr(module, attr, original)


# A wide character (Hangul, CJK) takes two columns on a terminal: a Korean help wraps by its width on screen.
WIDE = re.compile("[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")


@contextmanager
def help_speaks(lang: str):
    """Every `--help` of a run in `lang`: while click makes a help page, the command's help, its
    options' and its subcommands' short help are swapped for the table's (views/labels_help.py,
    imported only then; an entry the table lacks stays English) and put back afterwards. An English
    run leaves click untouched."""
    if lang == "en":
        yield
        return
    import click.formatting as formatting

    get_help, wrap = click.Context.get_help, formatting.wrap_text

    def wide_wrap(text: str, *args, **kwargs) -> str:
        return wrap(WIDE.sub("\\g<0>\0", text), *args, **kwargs).replace("\0", "")

    def page(ctx: click.Context) -> str:
        from ..views.labels_help import help_texts

        swaps = [(obj, attr, text) for obj, attr, text in help_texts(ctx, lang) if text]
        saved = [(obj, attr, getattr(obj, attr)) for obj, attr, _ in swaps]
        try:
            for obj, attr, text in swaps:
                setattr(obj, attr, text)
            formatting.wrap_text = wide_wrap
            return get_help(ctx)
        finally:
            formatting.wrap_text = wrap
            for obj, attr, text in saved:
                setattr(obj, attr, text)

    click.Context.get_help = page
    try:
        yield
    finally:
        click.Context.get_help = get_help


class _NoPandas:
    """An import hook that refuses pandas (see without_pandas)."""

    def find_spec(self, name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError("polex's command line does not use pandas", name=name)
        return None


@contextmanager
def without_pandas():
    """While a command runs, pandas cannot be imported: pyarrow imports it (0.2-0.4 s), when it is
    installed, on its first array only to ask whether that array is a pandas one, and no command
    hands it one. pyarrow asks again after the hook is gone, so a caller that imported pandas
    itself, or uses it later in the same process, is not affected."""
    if "pandas" in sys.modules:
        yield
        return
    hook = _NoPandas()
    sys.meta_path.insert(0, hook)
    try:
        yield
    finally:
        sys.meta_path.remove(hook)
