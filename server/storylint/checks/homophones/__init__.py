"""Homophones, confusables and eggcorns, decided from the words around them.

The confusion sets (``sets`` in ``rules/homophones*.toml``) are judged by a model of
the contexts each word is written in, counted in published fiction
(:mod:`~storylint.checks.homophones.model`, kind ``confusable``); phrases, cries and
the patterns the model does not make redundant are ``pattern`` rules.
"""

from storylint.checks.homophones import model  # noqa: F401
