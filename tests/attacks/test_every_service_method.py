"""Every public method of every registered service, sent arbitrary values.

The methods are found through the ledger (`ledger.services`), not listed by hand: a method a
plugin adds tomorrow is attacked tomorrow. Each call is either accepted or refused with a
message (a LedgerError whose catalog keys both languages translate), never an unexpected
exception; and whatever was accepted is an event every aggregate and read model can apply:
after the run the store still opens, every stored event reads back as sound, and a rebuild of
the read models from position 0 equals the live ones.
"""

from __future__ import annotations

import inspect
import typing
from datetime import timedelta
from uuid import UUID, uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from culture_ledger.ledger import Ledger
from domain import clock
from domain.actor import Actor
from domain.errors import LedgerError
from event_store import soundness
from tests.attacks.support import open_office
from tests.reliability.checks import differences_from_a_rebuild
from tests.reliability.test_bad_input import anything, hostile_text, refusal_is_explained

CALLS = settings(
    max_examples=5,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)

ACTORS = [
    Actor("admin", "admin", "form"),
    Actor("director", "leader", "form"),
    Actor("clerk", "staff", "form"),
    Actor("inspector", "auditor", "form"),
    Actor("admin", "admin", "import"),
    Actor("ghost", "admin", "cli"),
]


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """One store for the whole module: the small office, and what the attacks leave behind."""
    url = f"sqlite:///{tmp_path_factory.mktemp('every-method') / 'ledger.sqlite3'}"
    ledger, ids = open_office(url)
    yield ledger, ids
    ledger.close()


def public_methods() -> list[tuple[str, str]]:
    """(service name, method name) of every public method every registered service has."""
    from culture_ledger.registry import Registry

    found = []
    for plugin in Registry.load().plugins:
        for name, kind in plugin.services.items():
            for method, member in inspect.getmembers(kind, inspect.isfunction):
                if getattr(member, "__boundary__", False):
                    found.append((name, method))
    return sorted(found)


METHODS = public_methods()


def test_every_public_service_method_is_behind_the_boundary():
    """A service method a plugin adds is checked like the rest, with no line about it anywhere."""
    from culture_ledger.registry import Registry

    unchecked = [
        f"{name}.{method}"
        for plugin in Registry.load().plugins
        for name, kind in plugin.services.items()
        for method, member in inspect.getmembers(kind, inspect.isfunction)
        if not method.startswith("_") and method in vars(kind) and not getattr(member, "__boundary__", False)
    ]
    assert unchecked == []
    assert len(METHODS) > 100  # the discovery finds the services' methods, not nothing


def values_for(annotation: typing.Any, ids: list[UUID]) -> st.SearchStrategy:
    """Mostly what the parameter's type suggests (real ids, actors, recent days), often anything."""
    text = repr(annotation)
    good: list[st.SearchStrategy] = []
    if "Actor" in text:
        good.append(st.sampled_from(ACTORS))
    if "UUID" in text:
        good.append(st.sampled_from(ids))
    if "date" in text:
        good.append(st.dates(min_value=clock.today() - timedelta(days=60), max_value=clock.today()))
        good.append(st.sampled_from(["not a date", "2024-02-30", "9999-12-31", "0001-01-01"]))
    if "int" in text:
        good.append(st.sampled_from([True, False, -1, 0, 1, 60, 10**12]))
    if "str" in text:
        good.append(st.sampled_from(["管理员", "\u200b\u200b", "  ", "admin", "x" * 30_000]))
    if "dict" in text or "Command" in text or "BaseModel" in text:
        good.append(st.dictionaries(st.sampled_from(["name", "occurred_on", "cadre_id", "minutes"]), anything))
    return st.one_of(*good, anything, hostile_text) if good else st.one_of(anything, hostile_text)


@pytest.mark.parametrize("service, method", METHODS, ids=[f"{s}.{m}" for s, m in METHODS])
def test_any_value_sent_to_a_service_method_is_accepted_or_refused_with_a_message(office, service, method):
    ledger, ids = office
    bound = getattr(ledger.services[service], method)
    parameters = [p for p in inspect.signature(bound.__wrapped__).parameters.values() if p.name != "self"]

    @CALLS
    @given(st.data())
    def any_call(data):
        args, kwargs = [], {}
        for p in parameters:
            if p.kind is p.VAR_POSITIONAL or p.kind is p.VAR_KEYWORD:
                continue
            if p.default is not p.empty and data.draw(st.booleans()):
                continue  # left to its default
            value = data.draw(values_for(p.annotation, ids), label=p.name)
            if p.kind is p.KEYWORD_ONLY:
                kwargs[p.name] = value
            else:
                args.append(value)
        head = ledger.app.head()
        try:
            result = bound(*args, **kwargs)
        except LedgerError as refused:
            refusal_is_explained(ledger, refused)
            assert ledger.app.head() == head, "a refused call wrote to the log"
            return
        if inspect.isgenerator(result) or hasattr(result, "__exit__"):
            return  # a context or a stream the caller would drive: nothing ran yet
        assert result is not NotImplemented

    any_call()


def test_after_every_attack_the_store_opens_every_event_is_sound_and_a_rebuild_equals_the_read_models(office):
    ledger, _ = office
    unsound = [
        (n.id, n.topic, problems)
        for page in ledger.app.pages()
        for n in page
        for problems in [soundness.problems(ledger.app.mapper.to_domain_event(n))]
        if problems
    ]
    assert unsound == []
    for originator_id in {n.originator_id for page in ledger.app.pages() for n in page}:
        ledger.app.repository.get(originator_id)  # every record rebuilds from its events
    assert differences_from_a_rebuild(ledger) == {}
    reopened = Ledger(url=ledger.url)
    try:
        assert reopened.app.head() == ledger.app.head()
        assert reopened.people is not None
    finally:
        reopened.close()


def test_a_made_up_id_is_refused_or_not_found_never_a_crash(office):
    ledger, _ = office
    with pytest.raises(LedgerError):
        ledger.people.retire(uuid4(), clock.today(), ACTORS[0])
