"""The screen-reading checker catches what a stranger should not read, and lets an office's words pass."""

from tests.screen_words import offending


def test_code_words_event_names_ids_and_english_are_caught():
    assert offending("quota_type") == ["quota_type"]
    assert offending("事件：Activity.Recorded") == ["Activity.Recorded"]
    assert offending("记录：9e01cfa024504783b69b9b16588e0cf2") == ["9e01cfa024504783b69b9b16588e0cf2"]
    assert offending("评定人：demo-leader") == ["demo-leader"]
    assert offending("Choose an option") == ["an", "option", "Choose"]


def test_an_offices_own_words_pass():
    assert offending("2026-12-07 11:55（北京时间） · 下载 Excel 文件（.xlsx）") == []
    assert offending("链哈希：0ea2edf26e1c75b79b08acd73821b510794f53fab450161387b28901859cfad7") == []
    assert offending("现场照片.png · 2218 B · SHA-256 d02a2cbffcd9ac24…") == []
    assert offending("完整日志请用命令 `culture-ledger export` 导出") == []
