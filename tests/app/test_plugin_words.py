"""Each plugin's words stay its own: no plugin overwrites another's (or the framework's) label,
so the 四强测评 form says 测评周期, a 三争做 pledge's error says 品行最好 and a four-strong score's
says 作风优良; and a translation whose placeholders do not fit fails loudly in the test run."""

from __future__ import annotations

from uuid import uuid4

import pytest

from culture_ledger.i18n import Catalog
from culture_ledger.registry import Plugin, Registry, RegistryError
from culture_ledger.validation import validate
from domain import clock
from domain.actor import Actor
from domain.errors import InvalidCommand
from tests.app.pages import run_page


def test_two_plugins_defining_the_same_word_are_refused_naming_both():
    base = Registry.load(entry_point_group=None)
    echo = Plugin(id="echo", title="echo.title", translations={"zh": {"field.conduct": "品行最好"}})
    with pytest.raises(RegistryError, match="duplicate translation key 'field.conduct'.*'study' and 'echo'"):
        Registry.of([*base.plugins, echo])


def test_a_plugin_cannot_overwrite_the_frameworks_own_messages():
    base = Registry.load(entry_point_group=None)
    echo = Plugin(id="echo", title="echo.title", translations={"zh": {"error.invalid": "随便"}})
    with pytest.raises(RegistryError, match="duplicate translation key 'error.invalid'.*the framework"):
        Registry.of([*base.plugins, echo])


def test_the_built_in_catalogs_define_every_key_once():
    # Registry.of raises on the first clash; loading the built-ins is the check.
    assert Registry.load(entry_point_group=None).translations()["zh"]["study.evaluation.field.period"] == "测评周期"


def test_the_four_strong_evaluation_form_asks_for_the_evaluation_period(store_url, ledger, office):
    at = run_page("study-evaluation", store_url, Actor("director", "leader"))
    assert not at.exception
    labels = [s.label for s in at.selectbox]
    assert "测评周期" in labels and "季度" not in labels


@pytest.mark.parametrize(
    ("command", "field", "label"),
    [
        ("RecordPledge", "conduct", "品行最好"),
        ("ScoreCadre", "conduct", "作风优良"),
    ],
)
def test_a_refused_field_is_named_in_its_own_plugins_words(ledger, command, field, label):
    model = next(c for p in ledger.registry.plugins for c in p.commands if c.__name__ == command)
    with pytest.raises(InvalidCommand) as refused:
        validate(
            model,
            {
                "cadre_id": uuid4().hex,
                "year": clock.today().year,
                "occurred_on": clock.today(),
                "period": "2026-Q1",
                field: "",
            },
        )
    assert field in [f for f, _, _ in refused.value.errors]
    assert ledger.catalog.field_label("zh", field, refused.value.source) == label


def test_a_translation_missing_a_placeholder_fails_in_the_test_run():
    catalog = Catalog({"zh": {"greeting": "你好，{name}"}})
    assert catalog.strict  # the suite runs with CULTURE_LEDGER_STRICT_I18N=1
    with pytest.raises(KeyError):
        catalog.t("zh", "greeting", title="主任")
    assert (
        Catalog({"zh": {"greeting": "你好，{name}"}}, strict=False).t("zh", "greeting", title="主任") == "你好，{name}"
    )
