"""运行状况: a read model stopped by an event it cannot apply is named on the health page, where
and why, in Chinese; the pages that read it say it is behind; an administrator rebuilds it there."""

from __future__ import annotations

from datetime import date

from domain import clock
from domain.actor import Actor
from plugins.people.projections import PeopleProjection
from tests.app.pages import every_text, run_page
from tests.integration.raw_store import append_unchecked
from tests.screen_words import code_words

ADMIN = Actor("admin", "admin", "form")
AUDITOR = Actor("inspector", "auditor", "form")


def test_the_health_page_names_the_stopped_read_model_and_an_admin_resumes_it_once_fixed(
    ledger, office, admin, store_url, monkeypatch
):
    # An old store holds a retirement dated "not a date": the people read model stops there.
    cadre = ledger.app.repository.get(office.zhang)
    cadre.retire("not a date", admin)
    bad = append_unchecked(ledger, cadre)

    at = run_page("audit-health", store_url, ADMIN)
    assert not at.exception
    assert "有 1 项已暂停更新" in at.error[0].value
    assert [s.value for s in at.subheader] == ["科室与干部"]
    assert f"停在日志第 {bad} 条记录" in at.warning[0].value and "格式不对" in at.warning[0].value
    assert code_words(every_text(at)) == {}
    assert "AttributeError" in at.code[0].value  # the detail for whoever fixes it, apart from the words
    # The navigation counts it beside the page's title (运行状况 · 1 项暂停).
    ledger.catch_up()
    health = next(p for p in ledger.registry.pages if p.path == "audit-health")
    assert health.count(ledger, ADMIN, clock.today()) == 1

    # An auditor reads the same, and is told to ask an administrator (no button).
    seen = run_page("audit-health", store_url, AUDITOR)
    assert not seen.exception and not seen.button
    assert "请管理员" in " ".join(c.value for c in seen.caption)

    # The pages that read it say so above what they show; the data before the bad event is there.
    people = run_page("people", store_url, ADMIN)
    assert not people.exception
    [notice] = people.warning
    assert "「科室与干部」的数据暂停更新" in notice.value and f"第 {bad} 条记录" in notice.value
    assert code_words(every_text(people)) == {}

    # The program is fixed; the administrator rebuilds it on the page and it resumes.
    recorded = PeopleProjection.retired

    def tolerant(self, db, e, position):
        if not isinstance(e.occurred_on, date):
            return
        recorded(self, db, e, position)

    monkeypatch.setitem(PeopleProjection._handlers, "domain.people:Cadre.Retired", tolerant)
    at.button(key="audit_health_rebuild_people").click().run()
    assert not at.exception
    assert "运行正常" in at.success[0].value and not at.warning
    assert "已恢复更新" in " ".join(t.value for t in at.toast)
    assert not run_page("people", store_url, ADMIN).warning
