"""Homophones, confusables and eggcorns, decided from the words around them.

The rules of this family are data (``rules/homophones*.toml``) run by the ``pattern``
kind of :mod:`~storylint.checks.homophones.patterns`, a small language of word patterns.
"""

from storylint.checks.homophones import patterns  # noqa: F401
