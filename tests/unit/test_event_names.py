"""Every event type has a name a person reads, in Chinese and in English: the event views show it
instead of the class's name (`Activity.Recorded`)."""

from eventsourcing.domain import Aggregate

from culture_ledger.events import event_key, event_name
from culture_ledger.i18n import LANGUAGES
from culture_ledger.ledger import Ledger
from culture_ledger.registry import Plugin, Registry
from tests.screen_words import code_words


def every_aggregates_events() -> set[str]:
    """The stored topic of every event of every aggregate class the built-in plugins and the domain
    define, found by walking the aggregates (not the registry): an event type a plugin defines but
    forgot to register is named too (an example plugin another test defines is not walked). Abstract bases (an aggregate with subclasses: the record lifecycle) store nothing themselves."""
    Registry.load()  # imports every plugin's aggregates
    seen, stack = set(), [Aggregate]
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub not in seen and sub.__module__.startswith(("plugins.", "domain.")):
                seen.add(sub)
                stack.append(sub)
    leaves = tuple(a for a in seen if not any(s in seen for s in a.__subclasses__()))
    return Plugin(id="every", title="every", aggregates=leaves).event_topics()


def test_every_event_type_a_plugin_registers_or_defines_has_a_name_in_both_catalogs():
    registry = Registry.load()
    catalogs = registry.translations()
    topics = set(registry.event_topics) | every_aggregates_events()
    assert len(topics) > 100  # every plugin's, the framework's form submission among them
    for lang in LANGUAGES:
        unnamed = sorted(t for t in topics if event_key(t) not in catalogs[lang])
        assert not unnamed, f"event types with no name in {lang}: {unnamed}"


def test_an_event_is_named_by_its_type_and_a_carriers_activity_by_its_carrier_first(tmp_path):
    ledger = Ledger(url=f"sqlite:///{tmp_path / 'ledger.db'}")
    try:
        assert event_name(ledger, "zh", "domain.activity:Activity.Recorded", "political") == "政治坚定·活动已登记"
        assert event_name(ledger, "en", "domain.activity:Activity.Recorded", "political") == (
            "Politically firm: Activity recorded"
        )
        assert event_name(ledger, "zh", "plugins.study.domain:StudyEntry.Amended") == "日学一时学习已更正"
        assert event_name(ledger, "zh", "domain.submissions:Submission.Claimed") == "表单已提交"
        # a carrier no longer installed, an event type no plugin names: the log still reads whole
        assert event_name(ledger, "zh", "domain.activity:Activity.Recorded", "sports") == "活动已登记"
        assert event_name(ledger, "zh", "gone.module:Gone.Happened") == "Gone.Happened"
    finally:
        ledger.close()


def test_no_event_name_reads_as_a_code_word_on_a_chinese_screen():
    registry = Registry.load()
    zh = registry.translations()["zh"]
    names = [text for key, text in zh.items() if key.startswith(("event.", "record.")) and "{" not in text]
    assert len(names) > 100
    assert code_words(names) == {}
