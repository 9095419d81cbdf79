"""Every carrier speaks both languages: its messages, its vocabulary, its indicators."""

from __future__ import annotations

import importlib

import pytest

from culture_ledger.registry import Registry

CARRIERS = ("political", "overall", "standards", "innovation", "integrity")


@pytest.mark.parametrize("carrier", CARRIERS)
def test_each_carrier_message_exists_in_chinese_and_english(carrier):
    locale = importlib.import_module(f"plugins.{carrier}.locale")
    assert set(locale.ZH) == set(locale.EN)
    assert all(text.strip() for catalog in (locale.ZH, locale.EN) for text in catalog.values())


@pytest.mark.parametrize("carrier", CARRIERS)
def test_each_carrier_indicator_kind_and_field_has_words_in_both_languages(carrier):
    registry = Registry.load()
    plugin = registry.plugin(carrier)
    catalogs = registry.translations()
    keys = [key for i in plugin.indicators for key in (i.title, i.definition)]
    keys += [f"{carrier}.kind.{kind}" for kind in plugin.activity_kinds]
    keys += [f"{carrier}.field.{field}" for model in plugin.activity_kinds.values() for field in model.model_fields]
    for lang in ("zh", "en"):
        assert [k for k in keys if k not in catalogs[lang]] == [], lang
    assert all(i.carrier == carrier and i.records is not None for i in plugin.indicators)
