"""Rule families. Importing this package registers every rule kind.

Each family is a subpackage (its kinds) plus a data file ``rules/<family>.toml`` (its
rules); ``patterns`` is the shared token-pattern kind that data-only rules use.
"""

from storylint.checks import dialogue, homophones, names  # noqa: F401
