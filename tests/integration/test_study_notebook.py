"""学记一本: notes and reflections in one book, each counted by its length, searchable, tied to a day's study."""

from datetime import timedelta

import pytest

from domain import clock
from domain.errors import InvalidCommand
from plugins.study.notebook.queries import notebook, search_notebooks
from tests.conftest import last_workday


def note(office, **over):
    return {
        "cadre_id": office.wang,
        "occurred_on": last_workday(),
        "kind": "reflection",
        "title": "学习《机构编制工作条例》心得",
        "text": "机构编制工作 要严格 按照条例办事。",
        **over,
    }


def test_a_notebook_reads_as_one_book_in_date_order_with_lengths_counted(ledger, office, staff):
    day = last_workday()
    later = ledger.notebook.write(note(office, occurred_on=day, title="第二篇"), staff)
    earlier = ledger.notebook.write(
        note(office, occurred_on=day - timedelta(days=3), title="第一篇", kind="note", text="严控总量 盘活存量"), staff
    )
    book = notebook(ledger, office.wang.hex)
    assert [e["id"] for e in book] == [earlier.hex, later.hex]
    assert book[0]["length"] == 8  # characters, whitespace not counted
    assert notebook(ledger, office.li.hex) == []


def test_an_entry_tied_to_a_study_sitting_shows_what_was_studied(ledger, office, staff):
    study = ledger.study.record_study(
        {"cadre_id": office.wang, "occurred_on": last_workday(), "minutes": 60, "material": "《中国共产党章程》"}, staff
    )
    ledger.notebook.write(note(office, study_entry_id=study), staff)
    assert notebook(ledger, office.wang.hex)[0]["study_material"] == "《中国共产党章程》"


def test_an_entry_cannot_be_tied_to_another_cadres_study(ledger, office, staff, staff_of):
    study = ledger.study.record_study(
        {"cadre_id": office.li, "occurred_on": last_workday(), "minutes": 60, "material": "党章"}, staff_of(office.li)
    )  # 李秀英's own study
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as refused:
        ledger.notebook.write(note(office, study_entry_id=study), staff)
    assert refused.value.errors[0][:2] == ("study_entry_id", "validation.unknown_study_entry")
    assert ledger.app.head() == head


@pytest.mark.parametrize(
    "bad, field, key",
    [
        ({"title": "  "}, "title", "validation.string_too_short"),
        ({"text": ""}, "text", "validation.string_too_short"),
        ({"kind": "diary"}, "kind", "validation.literal_error"),
        ({"occurred_on": clock.today() + timedelta(days=1)}, "occurred_on", "validation.date_future"),
    ],
)
def test_a_bad_notebook_entry_is_refused_and_writes_nothing(ledger, office, staff, bad, field, key):
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as refused:
        ledger.notebook.write(note(office, **bad), staff)
    assert (field, key) in [(f, k) for f, k, _ in refused.value.errors]
    assert ledger.app.head() == head


def test_notebooks_are_searched_by_full_text_and_withdrawn_entries_drop_out(ledger, office, staff, staff_of):
    hit = ledger.notebook.write(note(office, text="关于乡镇站所管理体制改革的思考"), staff)
    li = staff_of(office.li)  # 李秀英 writes in her own notebook
    ledger.notebook.write(note(office, cadre_id=office.li, text="学习党章的体会"), li)
    ledger.notebook.write(note(office, cadre_id=office.li, title="100% 完成", text="进度"), li)
    assert [r["id"] for r in search_notebooks(ledger, "站所管理")] == [hit.hex]
    assert len(search_notebooks(ledger, "%")) == 1  # a literal percent sign, not a wildcard
    assert search_notebooks(ledger, "党章", cadre_id=office.wang.hex) == []
    ledger.notebook.withdraw(hit, {"reason": "重复"}, staff)
    assert search_notebooks(ledger, "站所管理") == []


def test_amending_an_entrys_text_recounts_its_length(ledger, office, staff):
    entry = ledger.notebook.write(note(office, text="一二三"), staff)
    ledger.notebook.amend(entry, {"text": "一二三四五", "reason": "补充"}, staff)
    assert notebook(ledger, office.wang.hex)[0]["length"] == 5
