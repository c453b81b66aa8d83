"""TEMPORARY stand-in for the lead's stretchtui/rules.py (only strip_controls); replaced on merge."""

from __future__ import annotations

import re

_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    return _CONTROLS.sub("", text)
