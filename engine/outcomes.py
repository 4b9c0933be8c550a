"""Outcome codes, one place for every executor, the scorer and the explanations.

int8 per rule and candidate: 1 true, 0 false, -1 unknown (a condition read an unknown
field), 2 n/a (the rule's `applies` scope is false for this candidate: it counts neither
in the points earned nor in the points possible, and is never unknown or suggested).
"""

TRUE, FALSE, UNKNOWN, NA = 1, 0, -1, 2
NAMES = {TRUE: "true", FALSE: "false", UNKNOWN: "unknown", NA: "n/a"}
CODES = {name: code for code, name in NAMES.items()}
