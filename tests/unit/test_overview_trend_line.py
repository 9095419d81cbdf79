"""A figure's trend on its card reads as a line of bars, from its lowest value to its highest (text:
a chart on each of some thirty cards kept the browser busy for most of a second on every visit)."""

from plugins.overview.pages import trend_line


def test_a_trend_reads_from_its_lowest_to_its_highest_period_and_periods_without_data_are_left_out():
    assert trend_line([0.5, None, 0.75, 1.0, 0.5]) == "▁▅█▁"
    assert trend_line([0.9, 0.9, 0.9]) == "▄▄▄"  # steady: neither low nor high
    assert trend_line([None, 3]) == ""  # one period with data is no trend
