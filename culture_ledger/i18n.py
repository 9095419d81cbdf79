"""One translation mechanism for every visible string: catalogs keyed by message id,
Simplified Chinese first, English selectable; plugins extend them with their own."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
MISSING = "⟦{}⟧"
"""How an untranslated key shows, so a test (and a user) can spot it."""


class Catalog:
    """Merged message catalogs for every language."""

    def __init__(self, catalogs: Mapping[str, Mapping[str, str]], strict: bool | None = None):
        self.catalogs = {lang: dict(catalogs.get(lang, {})) for lang in LANGUAGES}
        self.strict = os.environ.get("CULTURE_LEDGER_STRICT_I18N") == "1" if strict is None else strict
        """A text whose placeholders do not match what the code passes raises (the test suite
        sets CULTURE_LEDGER_STRICT_I18N=1); users meanwhile see the text unformatted."""

    def t(self, lang: str, key: str, **params: Any) -> str:
        text = self.catalogs.get(lang, {}).get(key)
        if text is None:
            return MISSING.format(key)
        try:
            return text.format(**params) if params or self.strict else text
        except (KeyError, IndexError, ValueError):
            if self.strict:
                raise
            return text

    def field_label(self, lang: str, field: str, source: str | None = None) -> str | None:
        """How a form field is called: the plugin's own label (`<source>.field.<name>`), else the
        shared one (`field.<name>`); None when neither exists."""
        for key in ((f"{source}.field.{field}",) if source else ()) + (f"field.{field}",):
            if self.has(lang, key):
                return self.t(lang, key)
        return None

    def has(self, lang: str, key: str) -> bool:
        return key in self.catalogs.get(lang, {})

    def missing(self) -> dict[str, set[str]]:
        """Keys present in one language but not in another."""
        every = set().union(*(c.keys() for c in self.catalogs.values()))
        return {lang: every - set(c) for lang, c in self.catalogs.items() if every - set(c)}
