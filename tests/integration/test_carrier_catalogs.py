"""Every carrier speaks both languages: its name, its messages, its vocabulary, its indicators."""

from __future__ import annotations

import pytest

from culture_ledger.registry import Registry

CARRIERS = [p.id for p in Registry.load(entry_point_group=None).carriers]


@pytest.mark.parametrize("carrier", CARRIERS)
def test_each_carrier_message_exists_in_chinese_and_english(carrier):
    catalog = Registry.load(entry_point_group=None).plugin(carrier).translations
    assert set(catalog["zh"]) == set(catalog["en"])
    assert all(text.strip() for lang in ("zh", "en") for text in catalog[lang].values())


@pytest.mark.parametrize("carrier", CARRIERS)
def test_each_carrier_names_itself_and_its_kinds_indicators_and_fields_in_both_languages(carrier):
    registry = Registry.load(entry_point_group=None)
    plugin = registry.plugin(carrier)
    own = plugin.translations
    assert own["zh"][plugin.title] and own["en"][plugin.title]  # its name, from its own catalog
    catalogs = registry.translations()
    keys = [key for i in plugin.indicators for key in (i.title, i.definition)]
    keys += [f"{carrier}.kind.{kind}" for kind in plugin.carrier.kinds]
    keys += [f"{carrier}.field.{field}" for model in plugin.carrier.kinds.values() for field in model.model_fields]
    for lang in ("zh", "en"):
        assert [k for k in keys if k not in catalogs[lang]] == [], lang
    assert all(i.carrier == carrier and i.records is not None for i in plugin.indicators)
