"""The command-line interface: ``storylint check``, ``rules``, ``names`` and ``lsp``.

A thin shell over the engine: it finds files and configs, runs the engine and prints.
"""
