"""Dialogue punctuation: quotation marks, speech tags, action beats, interruptions."""

from storylint.checks.dialogue import (  # noqa: F401
    address,
    interrupt,
    lead_in,
    marks,
    placement,
    quotes,
    spacing,
    speakers,
    tags,
)
