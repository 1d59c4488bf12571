"""LanguageTool as an optional second opinion on general grammar and spelling.

Off unless a project (``[languagetool]`` in its config), an editor setting or the
``--languagetool URL`` option names a server. The pieces, each in its own module:
:mod:`~storylint.languagetool.settings` (config -> what to ask),
:mod:`~storylint.languagetool.annotate` (prose blocks -> LanguageTool's annotated text,
and its UTF-16 offsets back to the source), :mod:`~storylint.languagetool.client` (the
calls, through language-tool-python, imported only when LanguageTool is used),
:mod:`~storylint.languagetool.mapping` (matches -> storylint findings) and
:mod:`~storylint.languagetool.backend` (per-paragraph cache, filtering, failures).
"""
