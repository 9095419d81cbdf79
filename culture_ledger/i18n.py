"""One translation mechanism for every visible string: catalogs keyed by message id,
Simplified Chinese first, English selectable; plugins extend them with their own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
MISSING = "⟦{}⟧"
"""How an untranslated key shows, so a test (and a user) can spot it."""


class Catalog:
    """Merged message catalogs for every language."""

    def __init__(self, catalogs: Mapping[str, Mapping[str, str]]):
        self.catalogs = {lang: dict(catalogs.get(lang, {})) for lang in LANGUAGES}

    def t(self, lang: str, key: str, **params: Any) -> str:
        text = self.catalogs.get(lang, {}).get(key)
        if text is None:
            return MISSING.format(key)
        try:
            return text.format(**params) if params else text
        except (KeyError, IndexError, ValueError):
            return text

    def has(self, lang: str, key: str) -> bool:
        return key in self.catalogs.get(lang, {})

    def missing(self) -> dict[str, set[str]]:
        """Keys present in one language but not in another."""
        every = set().union(*(c.keys() for c in self.catalogs.values()))
        return {lang: every - set(c) for lang, c in self.catalogs.items() if every - set(c)}
