"""Dialogue punctuation: quotation marks, speech tags, action beats, interruptions."""

from storylint.checks.dialogue import quotes  # noqa: F401
