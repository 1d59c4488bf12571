"""storylint: a proofreader for fiction.

The package is a pipeline: ``read`` (bytes to text, Markdown to prose spans) ->
``parse`` (paragraphs, tokens, dialogue vs narration) -> ``checks`` (rule families)
-> findings -> ``outputs`` (CLI formats) and ``lsp`` (the language server).
"""

__version__ = "0.1.0"
