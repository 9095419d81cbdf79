"""Bad values: who sends what the boundary must refuse, what they read (in Chinese), and that
nothing was written and the store still opens for everyone.

Before issue 20 each of these was appended unvalidated (or ended in a raw traceback); the read
models then crashed on every later open: the CLI, `rebuild`, and the dashboard for everyone.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest

from culture_ledger.cli import main
from culture_ledger.ledger import Ledger
from domain import clock
from domain.errors import InvalidCommand, LedgerError
from domain.people import Cadre
from event_store.chain import GENESIS, link
from event_store.exchange import ExchangeError, export_file, import_file
from tests.attacks.support import ADMIN, LEADER, STAFF, open_office
from tests.reliability.checks import differences_from_a_rebuild

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """One small office for the module's stories (each story leaves it as it found it, or says so)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('bad-values') / 'ledger.sqlite3'}"
    ledger, ids = open_office(url)
    yield ledger, dict(zip(("general", "reform", "wang", "li", "entry", "activity"), ids, strict=True))
    ledger.close()


def said(ledger: Ledger, refused: LedgerError) -> str:
    """What the reader sees, in Chinese (the dashboard's `show_error`, without Streamlit)."""
    if isinstance(refused, InvalidCommand):
        return "；".join(ledger.catalog.t("zh", key, **params) for _, key, params in refused.errors)
    return ledger.catalog.t("zh", refused.key, **refused.params)


def refused_in_chinese(ledger: Ledger, call) -> str:
    """Run a call that must be refused: nothing written, a Chinese message with no code in it."""
    head = ledger.app.head()
    with pytest.raises(LedgerError) as refused:
        call()
    message = said(ledger, refused.value)
    assert CHINESE.search(message) and "validation." not in message and "{" not in message, message
    assert ledger.app.head() == head, "a refused call wrote to the log"
    return message


def opens(url: str) -> None:
    """The store opens again (read models caught up from the log) and a rebuild equals them."""
    again = Ledger(url=url)
    try:
        assert differences_from_a_rebuild(again) == {}
    finally:
        again.close()


def test_an_admin_retiring_a_cadre_on_not_a_date_is_refused_in_chinese_and_the_store_still_opens(office):
    ledger, ids = office
    assert "日期格式不正确" in refused_in_chinese(ledger, lambda: ledger.people.retire(ids["li"], "not a date", ADMIN))
    assert "必填" in refused_in_chinese(ledger, lambda: ledger.people.retire(ids["li"], None, ADMIN))
    # Years nobody served in: the ledger's plausible days are refused as such.
    assert "不能晚于今天" in refused_in_chinese(
        ledger, lambda: ledger.people.retire(ids["li"], date(9999, 12, 31), ADMIN)
    )
    assert "不能晚于今天" in refused_in_chinese(
        ledger, lambda: ledger.people.retire(ids["li"], clock.today() + timedelta(days=400), ADMIN)
    )
    assert "过早" in refused_in_chinese(ledger, lambda: ledger.people.retire(ids["li"], date(1, 1, 1), ADMIN))
    # A day the office may plan for, but not in the year 2999 (nor in 1900: before the ledger's years).
    for year, says in ((2999, "过晚"), (1900, "过早")):
        assert says in refused_in_chinese(
            ledger, lambda y=year: ledger.calendar.mark_day({"day": date(y, 1, 1), "kind": "holiday"}, ADMIN)
        )
    opens(ledger.url)


def test_an_account_linked_by_a_cadre_id_typed_as_text_is_linked_to_that_cadre_and_the_store_still_opens(office):
    ledger, ids = office
    ledger.accounts.link("director", ADMIN, cadre_id=ids["li"].hex)  # the form's picker sends text
    assert ledger.accounts.cadre_of("director")["name"] == "李秀英"
    assert refused_in_chinese(ledger, lambda: ledger.accounts.link("director", ADMIN, cadre_id="not-an-id"))
    opens(ledger.url)


def test_a_clerk_sending_a_yes_for_minutes_zero_width_text_or_a_megabyte_of_absentees_is_refused(office):
    ledger, ids = office
    study = {"cadre_id": ids["wang"], "occurred_on": clock.today(), "material": "党章", "mode": "self"}
    assert "整数" in refused_in_chinese(ledger, lambda: ledger.study.record_study({**study, "minutes": True}, STAFF))
    assert "看不见" in refused_in_chinese(
        ledger, lambda: ledger.study.record_study({**study, "minutes": 30, "material": "\u200b\u200c\u2060"}, STAFF)
    )
    activity = {
        "carrier": "political",
        "kind": "education_session",
        "title": "理想信念教育",
        "occurred_on": clock.today(),
        "department_id": ids["general"],
        "details": {"theme": "ideals"},
    }
    many = ["某某" * 50] * 10_000  # a megabyte of names
    assert refused_in_chinese(
        ledger,
        lambda: ledger.activities.record({**activity, "expected": 10_000, "present": 0, "absentees": many}, STAFF),
    )
    assert refused_in_chinese(
        ledger, lambda: ledger.activities.record({**activity, "occurred_on": date(1900, 1, 1), **_all_present()}, STAFF)
    )


def _all_present() -> dict:
    return {"expected": 1, "present": 1}


def test_a_return_with_no_reason_a_made_up_decision_or_a_paper_on_no_date_is_refused_in_chinese(office):
    ledger, ids = office
    assert "必填" in refused_in_chinese(ledger, lambda: ledger.activities.return_(ids["activity"], None, LEADER))
    assert "请填写原因" in refused_in_chinese(
        ledger, lambda: ledger.activities.return_(ids["activity"], " \u3000", LEADER)
    )
    assert "看不见" in refused_in_chinese(ledger, lambda: ledger.activities.return_(ids["activity"], "\u200b", LEADER))
    assert "请从给定选项中选择" in refused_in_chinese(
        ledger, lambda: ledger.activities.review_batch([(ids["activity"], "approve", "")], LEADER)
    )
    assert "日期格式不正确" in refused_in_chinese(ledger, lambda: ledger.papers.submit(ids["entry"], STAFF, on="…"))


def test_an_event_of_the_wrong_shape_is_refused_by_the_store_even_when_no_service_was_asked(office):
    # A plugin's own code (or a script) building the aggregate by hand, past every service.
    ledger, ids = office
    cadre = ledger.app.repository.get(ids["li"])
    assert isinstance(cadre, Cadre)
    cadre.retire("not a date", ADMIN)
    head = ledger.app.head()
    with pytest.raises(LedgerError) as refused:
        ledger.app.save(cadre)
    assert refused.value.key == "error.unsound_event"
    assert CHINESE.search(said(ledger, refused.value))
    assert ledger.app.head() == head
    opens(ledger.url)


# --- imports ----------------------------------------------------------------------------------


def _rechained(lines: list[dict]) -> list[dict]:
    """An export's lines with every hash (and the end line's digest) computed again: a chain that is
    intact, whatever the payloads say."""
    previous = GENESIS
    for line in lines:
        if "position" in line:
            previous = link(
                previous,
                line["position"],
                line["originator_id"],
                line["originator_version"],
                line["topic"],
                line["state"].encode("utf-8"),
                line["recorded_at"] if line.get("chain_format", 1) >= 2 else None,
            )
            line["hash"] = previous.hex()
        elif line.get("end"):
            line["digest"]["hash"] = previous.hex()
    return lines


def test_an_import_whose_chain_is_intact_but_whose_one_payload_is_bad_writes_nothing(office, tmp_path):
    # An auditor imports an export someone doctored with care: one date replaced by text, every
    # hash computed again so the chain checks.
    ledger, _ = office
    export_file(ledger.app, tmp_path / "log.jsonl")
    lines = [json.loads(t) for t in (tmp_path / "log.jsonl").read_text(encoding="utf-8").splitlines()]
    doctored = next(i for i, line in enumerate(lines) if line.get("topic", "").endswith("Cadre.Registered"))
    state = json.loads(lines[doctored]["state"])
    state["joined_on"] = "not a date"
    lines[doctored]["state"] = json.dumps(state, ensure_ascii=False)
    (tmp_path / "bad.jsonl").write_text(
        "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in _rechained(lines)), encoding="utf-8"
    )
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    fresh = Ledger(url=url)
    try:
        with pytest.raises(ExchangeError) as refused:
            import_file(fresh.app, tmp_path / "bad.jsonl")
        assert f"第 {doctored + 1} 行" in str(refused.value) and "未导入" in str(refused.value)
        assert fresh.app.head() == 0  # no half-imported store
    finally:
        fresh.close()
    opens(url)


@pytest.mark.parametrize(
    "content, says",
    [
        (
            '{"format": "culture-ledger-log", "version": 1, "from_position": 1, "base": {"hash": "00"}}\n[1, 2]\n',
            "第 2 行",
        ),
        (b"\xff\xfe\x00not utf-8 at all\n", "UTF-8"),
    ],
    ids=["a JSON array line", "a file that is not UTF-8"],
)
def test_an_operator_importing_a_broken_file_reads_what_is_wrong_and_nothing_is_written(
    tmp_path, capsys, content, says
):
    path = tmp_path / "broken.jsonl"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    assert main(["--store", url, "import", str(path), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
    fresh = Ledger(url=url)
    try:
        assert fresh.app.head() == 0
    finally:
        fresh.close()
