"""The config that applies to each folder of a project.

A folder's config is the project's config file found from it (or the one file named with
``--config`` or an editor's ``config`` setting), laid over an editor's settings when
there are any, with the command line's ``--select``/``--ignore`` applied. Folders that
share a config file share one :class:`~storylint.config.Config` object, so they share an
engine (see :class:`~storylint.project.Project`).

A mistake in a config (an unknown key, an unknown rule) is a
:class:`~storylint.config.ConfigError`; a *lenient* set of configs (the language server,
which must keep working while the user edits the file) records the message in
:attr:`Configs.errors` and uses the editor's settings alone for that folder instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from storylint.checks import all_rules
from storylint.checks.selection import check_selectors, enabled_rules
from storylint.config import DEFAULT, Config, ConfigError, ConfigResolver, load

#: Combines an editor's settings with a folder's config file (None: no file applies).
Layered = Callable[[Config | None], Config]


class Configs:
    """Finds, combines, validates and caches the config of each folder."""

    def __init__(
        self,
        explicit: Path | None = None,
        *,
        settings: Layered | None = None,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] = (),
        lenient: bool = False,
    ) -> None:
        self._settings = settings
        self._select = tuple(select) if select is not None else None
        self._ignore = tuple(ignore)
        if self._select is not None:
            check_selectors(self._select, all_rules(), "--select")
        if self._ignore:
            check_selectors(self._ignore, all_rules(), "--ignore")
        self._lenient = lenient
        #: Messages of the config mistakes met (lenient configs only).
        self.errors: list[str] = []
        self._by_folder: dict[Path | None, Config] = {}
        self._layered: dict[int, tuple[Config | None, Config]] = {}
        self._resolver = ConfigResolver()
        self._explicit: Config | None = None
        self._broken = False  # the named file is broken: settings alone, everywhere
        if explicit is not None:
            try:
                self._explicit = load(explicit)
            except ConfigError as error:
                if not lenient:
                    raise
                self.errors.append(str(error))
                self._broken = True

    def for_folder(self, folder: Path | None) -> Config:
        """The config of documents in ``folder`` (None: a document with no folder, such
        as an editor's unsaved buffer)."""
        config = self._by_folder.get(folder)
        if config is None:
            config = self._by_folder[folder] = self._resolve(folder)
        return config

    def for_file(self, path: Path | None) -> Config:
        """The config of the document at ``path`` (None: one with no path)."""
        return self.for_folder(path.parent if path is not None else None)

    def _resolve(self, folder: Path | None) -> Config:
        try:
            return self._finished(self._file_config(folder))
        except ConfigError as error:
            if not self._lenient:
                raise
            self.errors.append(str(error))
            return self._finished(None)

    def _file_config(self, folder: Path | None) -> Config | None:
        """The config file's config that applies in ``folder``, or None."""
        if self._broken:
            return None
        if self._explicit is not None:
            return self._explicit
        if folder is None:
            return None
        found = self._resolver.for_folder(folder)
        return None if found is DEFAULT else found

    def _finished(self, found: Config | None) -> Config:
        """``found`` (a file's config, or None) with the settings under it and the
        command line's selection over it: one object per file, checked once."""
        key = id(found)
        known = self._layered.get(key)
        if known is not None and known[0] is found:
            return known[1]
        config = self._settings(found) if self._settings is not None else found or DEFAULT
        if self._select is not None or self._ignore:
            config = config.with_overrides(self._select, self._ignore)
        enabled_rules(config, all_rules())  # an unknown rule in select/ignore is a mistake
        self._layered[key] = (found, config)
        return config
