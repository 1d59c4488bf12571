"""Homophones, confusables and eggcorns, decided from the words around them.

Most rules of this family are data only (``rules/homophones.toml``), run by the shared
``pattern`` kind.
"""
