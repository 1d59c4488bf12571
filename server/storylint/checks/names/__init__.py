"""Character names: the names index, variant spellings, the cast list, possessives."""

from storylint.checks.names import kinds, provider  # noqa: F401
