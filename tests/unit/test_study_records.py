"""The study plugin is arranged by record: every record's package is laid out alike, its words live
under its own name (`study.<record>.*`), in both languages, and no record defines another's."""

import importlib
from pathlib import Path
from types import SimpleNamespace

import pytest

import plugins.study
from plugins.study import locale

RECORDS = ("daily", "notebook", "paper", "training", "evaluation", "rules", "profile")
WRITTEN = ("commands", "services", "projections")
"""What a record that is written to has; the profile only reads the others."""
READ = ("queries", "pages", "locale")
SHARED = ("page", "validation", "field")
"""The namespaces every plugin shares: page titles, why a command was refused, and the labels of
the columns the overview's provenance tables show for a record's indicator."""


def test_every_record_is_a_package_laid_out_like_the_others():
    root = Path(plugins.study.__file__).parent
    assert sorted(p.name for p in root.iterdir() if (p / "__init__.py").exists()) == sorted(RECORDS)
    for record in RECORDS:
        expected = READ if record == "profile" else WRITTEN + READ
        assert [m for m in expected if not (root / record / f"{m}.py").exists()] == [], record


def test_every_page_is_named_in_its_records_pages_module():
    views = [p.view for p in plugins.study.plugin.pages]
    assert all(isinstance(view, str) for view in views)  # imported only when the app shows the page
    modules = {view.partition(":")[0] for view in views}
    assert modules == {f"plugins.study.{record}.pages" for record in RECORDS}


@pytest.mark.parametrize("record", RECORDS)
def test_a_records_words_are_its_own_and_in_both_languages(record):
    words = importlib.import_module(f"plugins.study.{record}.locale")
    assert set(words.ZH) == set(words.EN)
    assert all(text.strip() for catalog in (words.ZH, words.EN) for text in catalog.values())
    strays = [k for k in words.ZH if not k.startswith(f"study.{record}.") and k.split(".")[0] not in SHARED]
    assert strays == []


def test_the_plugin_speaks_both_languages_for_every_message():
    assert set(locale.ZH) == set(locale.EN)


def test_a_key_two_records_define_is_refused(monkeypatch):
    echo = SimpleNamespace(__name__="plugins.study.echo.locale", ZH={"study.daily.record.title": "回声"})
    monkeypatch.setattr(locale, "RECORDS", (*locale.RECORDS, echo))
    with pytest.raises(ValueError, match="plugins.study.echo.locale defines .*study.daily.record.title"):
        locale._merged("ZH", {})
