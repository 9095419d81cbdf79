"""The audit pages speak Chinese first and English, and name every kind of tampering verify reports."""

from culture_ledger.i18n import Catalog
from event_store.integrity import KINDS
from plugins.audit.locale import TRANSLATIONS


def test_every_audit_message_exists_in_chinese_and_in_english():
    assert Catalog(TRANSLATIONS).missing() == {}


def test_every_kind_of_tampering_has_a_name_for_the_auditor():
    for lang in ("zh", "en"):
        assert {f"audit.kind.{kind}" for kind in KINDS} <= set(TRANSLATIONS[lang])
