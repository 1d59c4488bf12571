"""Parse stage: paragraphs, tokens, and dialogue vs narration.

``tokens`` is the shared tokenizer, ``quotes`` the quote scanner, ``paragraph`` the
parsed paragraph the rules read, ``document`` a whole document as paragraphs with their
places in the source, and ``conventions`` the house style a document follows.
"""
