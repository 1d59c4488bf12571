"""The language server: ``storylint lsp``, on pygls and lsprotocol.

``server`` holds the protocol handlers, ``session`` the open documents and the work done
for them, ``text`` the document model (LSP line breaks, an edit log), ``convert``
positions and protocol types, ``settings`` the editor's configuration.
"""
