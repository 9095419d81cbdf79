"""A command's checks before it saves (the account, the cadre, the day's minutes so far) read one picture
of the store (`Service.reading`): an entry another clerk saves while they run shows to the reads after
them, never to half of them. The save itself is still checked against the day as the log has it then."""

import threading
from datetime import timedelta

import pytest

from domain.errors import InvalidCommand
from domain.people import Cadre
from plugins.study.domain import StudyDay
from tests.conftest import last_workday

pytestmark = pytest.mark.usefixtures("import_channel")


def record(ledger, clerk, cadre, day, minutes):
    return ledger.study.record_study(
        {"cadre_id": cadre, "occurred_on": day, "minutes": minutes, "material": "党章"}, clerk
    )


def another_clerk_saves_between_the_check_and_the_save(ledger, clerk, cadre, day, minutes) -> list:
    """The next command's day check is followed, once, by another clerk's entry of `minutes` on the same
    day, saved before that command saves. Returns the list the other entry's id is put in."""
    study = ledger.study
    checks, saved = study._day_and_total, []

    def then_another_clerk_saves(*args, **kwargs):
        found = checks(*args, **kwargs)
        if not saved:
            saved.append(None)  # once: the other clerk's own check passes straight through
            saver = threading.Thread(target=lambda: saved.append(record(ledger, clerk, cadre, day, minutes)))
            saver.start()
            saver.join()
        return found

    study._day_and_total = then_another_clerk_saves
    return saved


def test_checks_read_one_picture_and_an_entry_saved_meanwhile_shows_after_them(ledger, office, staff_of):
    wang = staff_of(office.wang)
    day = last_workday()
    record(ledger, wang, office.wang, day, 30)
    study = ledger.study

    with study.reading():
        first = study.day_total(office.wang, day)
        other = threading.Thread(target=record, args=(ledger, wang, office.wang, day, 45))
        other.start()
        other.join()
        assert study.day_total(office.wang, day) == first == 30  # the same picture as the first read
        with study.reading():  # a check that asks for a picture of its own inside gets the same one
            assert study.day_total(office.wang, day) == 30

    assert study.day_total(office.wang, day) == 75  # after the checks, the store as it is now


def test_an_entry_checked_against_an_older_picture_is_still_held_to_the_day_as_the_log_has_it(ledger, office, staff_of):
    wang = staff_of(office.wang)
    day = last_workday() - timedelta(days=1)
    record(ledger, wang, office.wang, day, 600)
    study = ledger.study
    another_clerk_saves_between_the_check_and_the_save(ledger, wang, office.wang, day, 700)
    with pytest.raises(InvalidCommand) as refused:
        record(ledger, wang, office.wang, day, 300)  # 600 + 700 + 300 minutes would be over 24 hours
    assert refused.value.errors == [
        ("minutes", "validation.study_day_over_24_hours", {"day": day.isoformat(), "total": 1300, "left": 140})
    ]
    assert study.day_total(office.wang, day) == 1300  # the refused entry wrote nothing


def test_an_entry_saved_on_its_second_try_leaves_the_day_counting_only_the_entries_saved(ledger, office, staff_of):
    wang = staff_of(office.wang)
    day = last_workday() - timedelta(days=2)
    first = record(ledger, wang, office.wang, day, 60)
    study = ledger.study
    others = another_clerk_saves_between_the_check_and_the_save(ledger, wang, office.wang, day, 45)
    third = record(ledger, wang, office.wang, day, 30)  # its first try meets the day moved on, its second saves

    counted = study.read(StudyDay.create_id(office.wang, day), StudyDay)
    assert counted.entries == [first, others[1], third]  # the first try's entry, never saved, is not counted
    assert counted.version == 3
    assert study.day_total(office.wang, day) == 135


@pytest.mark.backends("sqlite", "postgresql")
def test_a_record_the_checks_read_is_read_once_in_them_and_as_it_is_now_after(backend, ledger, office, admin):
    # The checks read the cadre (and the account, the day) in one query, then look at it again without
    # asking the store: a retirement recorded meanwhile shows to the next command, not halfway through.
    study = ledger.study
    with study.reading():
        assert study.read_many([office.li], Cadre)[office.li].retired_on is None
        retire = threading.Thread(target=ledger.people.retire, args=(office.li, last_workday(), admin))
        retire.start()
        retire.join()
        assert study.read(office.li, Cadre).retired_on is None  # the picture the checks began with
    assert study.read(office.li, Cadre).retired_on == last_workday()
