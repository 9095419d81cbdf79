"""Whatever anyone types, pastes or imports: it is either recorded exactly, or refused
with a message in the user's language and nothing written. Never a crash.

Property-based (hypothesis): every command model a plugin registers, and the services
that take them, are fed hostile input: oversized text, control characters, right-to-left
and mixed scripts (Uyghur and Kazakh in Arabic script, Kazakh in Cyrillic, Chinese),
HTML, markdown and script, wrong types, out-of-range numbers and dates.
"""

from __future__ import annotations

import json
import typing
from datetime import date, timedelta
from types import SimpleNamespace
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from culture_ledger.i18n import Catalog
from culture_ledger.ledger import Ledger
from culture_ledger.registry import Registry
from culture_ledger.validation import validate
from domain import clock
from domain.errors import InvalidCommand, LedgerError
from domain.vocabulary import IDEAS
from plugins.study.daily.commands import AmendStudy, RecordStudy, WithdrawStudy
from tests import evidence_files
from tests.conftest import holding_fixture_accounts

CHECKS = settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)

NAMES = ["ئابدۇرېھىم", "Нұрлан Серікұлы", "阿依古丽·努尔兰", "ئەركىن Ерлан 王", "Äйгерім", "جانار", "Гүлнар"]
MARKUP = [
    "<script>alert(1)</script> **bold**",
    "<img src=x onerror=alert(1)>",
    "[链接](javascript:alert(1))",
    "# 标题\n- 列表\n> 引用",
    "`code` $x^2$ :red[红] :material/home:",
    "&lt;b&gt; &amp;",
    "'; DROP TABLE study_entries; --",
    "{minutes} {0} %s ? ?",
    "\u202eRTL override\u202c",
    "\u200f\u200e\u200b\ufeff مرحبا",
    "\x07\x1b[31mred\x1b[0m",
    "line\r\nbreak\ttab",
    " 王建国 ",
    "\u3000全角空格\u3000",
    "🧧📚👨‍👩‍👧",
]
BROKEN = ["a\x00b", "\ud800 lone surrogate", "", "   ", "\t\n\u3000"]
oversized = st.sampled_from([61, 101, 201, 501, 5001, 20001]).flatmap(
    lambda n: st.sampled_from(["中", "x", "ئ", "Ұ", "<b>", " "]).map(lambda unit: unit * n)
)
# Text a person might really type or paste: scripts of the region, markup, control characters.
plausible_text = st.one_of(
    st.sampled_from(NAMES + MARKUP),
    st.lists(st.one_of(st.sampled_from(NAMES + MARKUP), st.text(max_size=10)), min_size=1, max_size=4).map("".join),
    st.text(min_size=1, max_size=40),
)
hostile_text = st.one_of(
    plausible_text,
    plausible_text,
    st.sampled_from(BROKEN),
    oversized,
    st.text(alphabet=st.characters(codec="utf-8"), min_size=480, max_size=520),
)
anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    hostile_text,
    st.dates(),
    st.uuids(),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
)
recent_days = st.dates(min_value=clock.today() - timedelta(days=300), max_value=clock.today())
days = st.one_of(
    recent_days,
    recent_days,
    recent_days.map(date.isoformat),
    st.dates(min_value=clock.today(), max_value=clock.today() + timedelta(days=3)),
    st.dates(),
    hostile_text,
)


def annotation_values(annotation: typing.Any) -> st.SearchStrategy:
    """Values of a field's declared type, mostly plausible, often hostile."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Union or str(origin) == "<class 'types.UnionType'>":
        return st.one_of(*(annotation_values(a) for a in args))
    if origin is typing.Literal:
        return st.one_of(st.sampled_from(args), st.sampled_from(args), hostile_text)
    if annotation is str:
        return hostile_text
    if annotation is int:
        return st.one_of(st.integers(0, 120), st.integers(0, 120), st.integers(-10, 2000), st.integers(), hostile_text)
    if annotation is date:
        return days
    if origin is list:
        return st.lists(annotation_values(args[0]) if args else anything, max_size=4)
    if annotation is typing.Any:
        return anything
    if origin is dict:
        return st.dictionaries(st.text(max_size=8), anything, max_size=3)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return st.fixed_dictionaries(
            {}, optional={n: annotation_values(f.annotation) for n, f in annotation.model_fields.items()}
        )
    if isinstance(annotation, type) and annotation in (bool, float, UUID):
        return st.one_of(st.from_type(annotation), anything)
    return anything


def text_under_test(annotation: typing.Any) -> st.SearchStrategy:
    """Well-formed values for everything but text, which stays hostile: what the exact-storage checks need."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Union or str(origin) == "<class 'types.UnionType'>":
        return text_under_test(next(a for a in args if a is not type(None)))
    if origin is typing.Literal:
        return st.sampled_from(args)
    if annotation is str:
        return plausible_text
    if annotation is int:
        return st.integers(1, 60)
    if annotation is date:
        return recent_days
    if origin is list:
        return st.lists(text_under_test(args[0]), max_size=3)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return st.fixed_dictionaries({n: text_under_test(f.annotation) for n, f in annotation.model_fields.items()})
    return annotation_values(annotation)


def well_formed(model: type[BaseModel], **known: st.SearchStrategy) -> st.SearchStrategy[dict]:
    """A command with every field present and of its type, its text as people type it; often one text field hostile."""
    base = st.fixed_dictionaries(
        {
            name: known[name] if name in known else text_under_test(f.annotation)
            for name, f in model.model_fields.items()
        }
    )
    texts = [
        n
        for n, f in model.model_fields.items()
        if n not in known and str in (f.annotation, *typing.get_args(f.annotation))
    ]

    @st.composite
    def one_hostile_field(draw) -> dict:
        data = draw(base)
        if texts and draw(st.booleans()):
            data[draw(st.sampled_from(texts))] = draw(hostile_text)
        return data

    return one_hostile_field()


def commands(model: type[BaseModel], **known: st.SearchStrategy) -> st.SearchStrategy[dict]:
    """Dicts of a command's fields, any of them missing, plausible or hostile; plus unknown keys."""
    fields = {
        name: known[name] if name in known else annotation_values(f.annotation)
        for name, f in model.model_fields.items()
    }
    required = {n: s for n, s in fields.items() if model.model_fields[n].is_required()}
    optional = {n: s for n, s in fields.items() if n not in required}
    present = st.fixed_dictionaries(required, optional=optional)
    return st.one_of(
        present, present, present, present, st.fixed_dictionaries({}, optional={**fields, "unexpected": anything})
    )


def any_command(model: type[BaseModel], **known: st.SearchStrategy) -> st.SearchStrategy[dict]:
    """Half well-formed commands with hostile text, half anything at all."""
    return st.one_of(well_formed(model, **known), commands(model, **known))


def refusal_is_explained(ledger: Ledger, refused: LedgerError) -> None:
    """A refusal names catalog keys that both languages translate."""
    keys = [key for _, key, _ in refused.errors] if isinstance(refused, InvalidCommand) else [refused.key]
    for lang in ("zh", "en"):
        untranslated = [key for key in keys if not ledger.catalog.has(lang, key)]
        assert untranslated == [], f"no {lang} message for {untranslated}"


def stored_exactly(stored: str, typed: str) -> None:
    """What is stored is what was typed, less only leading and trailing whitespace."""
    assert stored and not stored.isspace(), f"blank text recorded for {typed!r}"
    at = typed.find(stored)
    assert at >= 0, (stored, typed)
    lead, trail = typed[:at], typed[at + len(stored) :]
    assert (lead == "" or lead.isspace()) and (trail == "" or trail.isspace()), (stored, typed)


# --- every command model a plugin registers --------------------------------------------

REGISTERED = [(p.id, model) for p in Registry.load().plugins for model in p.commands]


@pytest.mark.parametrize("plugin, model", REGISTERED, ids=[f"{p}.{m.__name__}" for p, m in REGISTERED])
def test_every_registered_command_either_parses_or_is_refused_with_a_translated_reason(plugin, model):
    messages = SimpleNamespace(catalog=Catalog(Registry.load().translations()))  # no store is needed here

    # Twenty hostile inputs for each of the ~85 command models: the services' own stories below take fifty.
    @settings(CHECKS, max_examples=20)
    @given(commands(model))
    def any_input(data):
        try:
            parsed = validate(model, data)
        except InvalidCommand as refused:
            refusal_is_explained(messages, refused)
            return
        assert validate(model, parsed) == parsed  # what was accepted is accepted again, unchanged

    any_input()


# --- the services that take them: accepted and recorded exactly, or refused and nothing written


@pytest.fixture
def ledger(store_url, fixture_accounts_made):
    led = holding_fixture_accounts(Ledger(Registry.load(), url=store_url), fixture_accounts_made)
    yield led
    led.close()


REFUSED = object()


def check_service(ledger: Ledger, call) -> typing.Any:
    """Run one command: either it is recorded (its result is returned) or refused with nothing written (REFUSED)."""
    head = ledger.app.head()
    try:
        result = call()
    except LedgerError as refused:
        assert ledger.app.head() == head, "a refused command wrote to the log"
        refusal_is_explained(ledger, refused)
        return REFUSED
    assert ledger.app.head() > head
    return result


def test_any_study_entry_is_recorded_exactly_or_refused(ledger, office, staff):
    @CHECKS
    @given(
        any_command(RecordStudy, cadre_id=st.sampled_from([office.wang, office.aygul, office.wang.hex, str(office.li)]))
    )
    def any_entry(data):
        entry = check_service(ledger, lambda: ledger.study.record_study(data, staff))
        if entry is not REFUSED:
            row = ledger.query("SELECT * FROM study_entries WHERE id=?", (entry.hex,))[0]
            stored_exactly(row["material"], data["material"])
            assert row["mode"] == data.get("mode", "self") and row["minutes"] == int(data["minutes"])

    any_entry()


def test_any_amendment_or_withdrawal_of_study_is_recorded_exactly_or_refused(ledger, office, staff):
    @CHECKS
    @given(any_command(AmendStudy), any_command(WithdrawStudy))
    def any_correction(amendment, withdrawal):
        entry = ledger.study.record_study(
            {"cadre_id": office.wang, "occurred_on": clock.today(), "minutes": 10, "material": "《中国共产党章程》"},
            staff,
        )  # the clerk's own entry: ten minutes, so fifty examples never fill the day's 24 hours (refused past them)
        if check_service(ledger, lambda: ledger.study.amend_study(entry, amendment, staff, version=1)) is not REFUSED:
            if amendment.get("material") is not None:
                stored_exactly(
                    ledger.scalar("SELECT material FROM study_entries WHERE id=?", (entry.hex,)), amendment["material"]
                )
            stored_exactly(ledger.app.repository.get(entry).corrections[-1]["reason"], amendment["reason"])
        version = ledger.scalar("SELECT version FROM study_entries WHERE id=?", (entry.hex,))
        if (
            check_service(ledger, lambda: ledger.study.withdraw_study(entry, withdrawal, staff, version=version))
            is not REFUSED
        ):
            stored_exactly(ledger.app.repository.get(entry).corrections[-1]["reason"], withdrawal["reason"])

    any_correction()


def test_any_department_or_cadre_is_registered_exactly_or_refused(ledger, office, admin):
    from plugins.people import RegisterCadre, RegisterDepartment

    @CHECKS
    @given(
        any_command(RegisterDepartment),
        any_command(RegisterCadre, department_id=st.sampled_from([office.general, office.reform, office.reform.hex])),
    )
    def any_people(department, cadre):
        made = check_service(ledger, lambda: ledger.people.register_department(department, admin))
        if made is not REFUSED:
            stored_exactly(ledger.scalar("SELECT name FROM departments WHERE id=?", (made.hex,)), department["name"])
        made = check_service(ledger, lambda: ledger.people.register_cadre(cadre, admin))
        if made is not REFUSED:
            row = ledger.query("SELECT * FROM cadres WHERE id=?", (made.hex,))[0]
            stored_exactly(row["name"], cadre["name"])
            if cadre.get("position", "").strip():
                stored_exactly(row["position"], cadre["position"])

    any_people()


def test_any_activity_is_recorded_exactly_or_refused(ledger, office, staff):
    from plugins.carrier.commands import RecordActivity

    kinds = [(p.id, kind, model) for p in ledger.registry.carriers for kind, model in p.carrier.kinds.items()]
    carriers = [p.id for p in ledger.registry.carriers]
    photo = ledger.activities.put_evidence("签到表.jpg", evidence_files.photo("sign-in sheet"), "image/jpeg")

    @st.composite
    def activities(draw):
        carrier, kind, model = draw(st.sampled_from(kinds))
        common = dict(
            carrier=st.just(carrier),
            kind=st.just(kind),
            department_id=st.sampled_from([office.general, office.reform]),
            expected=st.integers(0, 6),
            present=st.integers(0, 6),
        )
        if draw(st.booleans()):
            data = draw(
                well_formed(
                    RecordActivity,
                    **common,
                    ideas=st.lists(st.sampled_from(IDEAS), max_size=3),
                    evidence=st.lists(st.just(photo), max_size=1),
                    details=well_formed(model),
                )
            )
            data["present"] = draw(st.integers(0, data["expected"]))  # attendance adds up, absentees named
            data["absentees"] = draw(
                st.lists(
                    text_under_test(str),
                    min_size=data["expected"] - data["present"],
                    max_size=data["expected"] - data["present"],
                )
            )
            return data
        else:
            data = draw(
                commands(
                    RecordActivity,
                    **{
                        **common,
                        "carrier": st.sampled_from(carriers) | hostile_text,
                        "kind": st.just(kind) | hostile_text,
                    },
                    ideas=st.lists(st.sampled_from(IDEAS) | hostile_text, max_size=3),
                    evidence=st.lists(
                        st.just(photo) | st.fixed_dictionaries({"name": hostile_text, "sha256": hostile_text}),
                        max_size=2,
                    ),
                    details=any_command(model),
                )
            )
        missing = (
            data.get("expected", 0) - data.get("present", 0)
            if all(isinstance(data.get(k), int) for k in ("expected", "present"))
            else -1
        )
        if 0 <= missing <= 6 and draw(st.booleans()):
            # Often make the attendance add up, so the text fields get recorded and read back.
            data["absentees"] = draw(st.lists(hostile_text, min_size=missing, max_size=missing))
        return data

    @CHECKS
    @given(activities())
    def any_activity(data):
        made = check_service(ledger, lambda: ledger.activities.record(data, staff))
        if made is not REFUSED:
            row = ledger.query("SELECT * FROM activities WHERE id=?", (made.hex,))[0]
            for field in ("title", "place", "organiser", "agenda", "content", "outcome"):
                if str(data.get(field, "")).strip():
                    stored_exactly(row[field], data[field])
            for stored, typed in zip(json.loads(row["absentees"]), [a for a in data.get("absentees", []) if a.strip()]):
                stored_exactly(stored, typed)

    any_activity()
