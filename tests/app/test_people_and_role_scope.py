"""An administrator keeps the roll from the page: renames a department, moves a cadre, retires one;
and an auditor's carrier pages offer no recording tab they cannot use."""

from __future__ import annotations

import pytest

from culture_ledger.ledger import Ledger
from domain.actor import Actor
from tests.app.pages import every_text, run_page
from tests.screen_words import code_words

ADMIN = Actor("demo-admin", "admin", "form")
AUDITOR = Actor("demo-auditor", "auditor", "form")


@pytest.fixture(scope="module")
def office(demo_office_copy):
    return demo_office_copy("people-page")


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def _roll(url):
    led = Ledger(url=url)
    try:
        return {
            r["name"]: r
            for r in led.query(
                "SELECT c.id, c.name, d.name AS department, c.retired_on FROM cadres c JOIN departments d ON d.id = c.department_id"
            )
        }, {r["name"]: r["id"] for r in led.query("SELECT id, name FROM departments")}
    finally:
        led.close()


def test_an_admin_renames_a_department_moves_a_cadre_and_retires_another_from_the_page(office):
    cadres, departments = _roll(office)
    first, second = sorted(departments)[:2]
    mover = next(n for n, c in sorted(cadres.items()) if c["department"] == first and not c["retired_on"])
    leaver = next(
        n for n, c in sorted(cadres.items()) if c["department"] == second and not c["retired_on"] and n != mover
    )

    at = run_page("people", office, ADMIN)
    assert not at.exception
    assert code_words(every_text(at)) == {}
    at.selectbox(key="people_rename_department").set_value(departments[first])
    at.text_input(key="people_rename_name").set_value(f"{first}（新）")
    _button(at, "科室更名").click().run()
    assert not at.error, [e.value for e in at.error]
    assert any(f"已更名为“{first}（新）”" in str(t.value) for t in at.toast)
    cadres, departments = _roll(office)
    assert f"{first}（新）" in departments and first not in departments
    assert cadres[mover]["department"] == f"{first}（新）"  # its people go with it

    at.selectbox(key="people_transfer_cadre").set_value(cadres[mover]["id"])
    at.selectbox(key="people_transfer_department").set_value(departments[second])
    _button(at, "干部调动（调往其他科室）").click().run()
    assert not at.error, [e.value for e in at.error]
    assert any(f"{mover}已调往{second}" in str(t.value) for t in at.toast)
    assert _roll(office)[0][mover]["department"] == second
    # The roll on the page shows the move at once.
    shown = at.dataframe[0].value
    assert shown[shown["姓名"] == mover]["科室"].tolist() == [second]

    at.selectbox(key="people_retire_cadre").set_value(cadres[leaver]["id"])
    _button(at, "干部退休").click().run()
    assert not at.error
    assert any(f"{leaver}已登记退休" in str(t.value) for t in at.toast)
    assert _roll(office)[0][leaver]["retired_on"]


def test_moving_a_cadre_without_choosing_a_department_is_refused_in_chinese_and_writes_nothing(office):
    led = Ledger(url=office)
    head = led.app.head()
    at = run_page("people", office, ADMIN)
    cadres, _ = _roll(office)
    serving = next(c for c in cadres.values() if not c["retired_on"])
    at.selectbox(key="people_transfer_cadre").set_value(serving["id"])
    _button(at, "干部调动（调往其他科室）").click().run()
    assert any("科室" in e.value and "必填" in e.value for e in at.error), [e.value for e in at.error]
    assert led.app.head() == head
    led.close()


@pytest.mark.parametrize("path", ("political", "overall", "standards", "innovation", "integrity"))
def test_an_auditor_sees_the_carriers_records_and_no_recording_tab(office, path):
    at = run_page(path, office, AUDITOR)
    assert not at.exception
    labels = [tab.label for tab in at.tabs]
    assert labels and not [label for label in labels if label.startswith("登记")], labels
    staff = run_page(path, office, Actor("demo-staff", "staff", "form"))
    assert [tab.label for tab in staff.tabs if tab.label.startswith("登记")]  # those who record still do
