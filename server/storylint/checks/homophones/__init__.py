"""Homophones, confusables and eggcorns, decided from the words around them.

The rules of this family are data (``rules/homophones*.toml``). The confusion sets
(``sets``) are judged by a model of the contexts each word is written in, counted in
published fiction (:mod:`~storylint.checks.homophones.model`, kind ``confusable``);
phrases, cries and the patterns the model does not make redundant are run by the
``pattern`` kind of :mod:`~storylint.checks.homophones.patterns`, a small language of
word patterns.
"""

from storylint.checks.homophones import model, patterns  # noqa: F401
