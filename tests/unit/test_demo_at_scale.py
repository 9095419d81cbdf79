"""`culture-ledger demo --events N`: a prefecture at scale, recorded through the bulk path."""

import pytest

from culture_ledger.demo import seed_at_scale


@pytest.mark.slow
def test_the_office_at_scale_holds_the_asked_number_of_events_all_in_the_read_models(ledger):
    office = seed_at_scale(ledger, 6000, batch=1500)
    assert ledger.app.head() == 6000
    assert len(office.cadres) > 31  # county offices joined the demo office
    study = ledger.scalar("SELECT COUNT(*) FROM study_entries")
    assert study > 0.8 * 6000  # most of a prefecture's log is daily study (the demo office's own records aside)
    assert ledger.runner.positions()["study"] == 6000
    # Years of history go back before the demo weeks, one entry per cadre and working day at most.
    assert (
        ledger.scalar(
            "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM study_entries "
            "WHERE occurred_on < ? GROUP BY cadre_id, occurred_on) AS per_day",
            (office.start.isoformat(),),
        )
        == 1
    )
