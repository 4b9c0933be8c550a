"""The base of every error polex reports about its input, and the one ' (did you mean ...?)'.

`PolexError` is a `ValueError` (so `except ValueError` keeps working) that carries what went
wrong as attributes, the way rule-engine's and attrs' errors do: `field` (the field, column, file
or rule concerned), `value` (what was received), `expected` (what would have been accepted) and
`suggestion` (the likely fix, a close known name). Its message is built from them in one place,
`describe`: ``field: got 'value', expected ...`` and, when a close name exists, the one
" (did you mean 'x'?)". An error that needs another sentence passes its message; the attributes
are kept either way (None where they do not apply).
"""

from __future__ import annotations

from typing import Any


def suggest(name: str, choices) -> str | None:
    """The closest known name, for a 'did you mean' (case and punctuation forgiven)."""
    import difflib

    choices = list(choices)
    norm = {c.lower().replace("-", "_").replace(" ", "_"): c for c in choices}
    key = str(name).lower().strip().replace("-", "_").replace(" ", "_")
    if key in norm:
        return norm[key]
    hits = difflib.get_close_matches(key, list(norm), n=1, cutoff=0.6)
    return norm[hits[0]] if hits else None


def did_you_mean(hint: str | None) -> str:
    """The ' (did you mean ...?)' every error message appends when a close name exists."""
    return f" (did you mean {hint!r}?)" if hint else ""


def shown(value: Any, limit: int = 60) -> str:
    """A received value as a message quotes it: its repr, a long string cut to `limit` characters."""
    if isinstance(value, str) and len(value) > limit:
        return repr(value[:limit - 3] + "...")
    return repr(value)


def describe(field: str, value: Any, expected: str, suggestion: str | None = None) -> str:
    """The message of one bad value: 'field: got 'value', expected ... (did you mean 'x'?)'."""
    return f"{field}: got {shown(value)}, expected {expected}" + did_you_mean(suggestion)


class PolexError(ValueError):
    """An input polex cannot take: a file, a column, a candidate, a rule, a condition, a matrix.

    `PolexError(field=..., value=..., expected=..., suggestion=...)` words itself with `describe`;
    `PolexError(message, ...)` keeps a message of its own (and the attributes beside it).
    """

    field: str | None
    value: Any
    expected: str | None
    suggestion: str | None

    def __init__(self, message: str | None = None, *, field: str | None = None, value: Any = None,
                 expected: str | None = None, suggestion: str | None = None):
        self.field, self.value, self.expected, self.suggestion = field, value, expected, suggestion
        if message is None:
            message = describe(field or "", value, expected or "", suggestion)
        super().__init__(message)
