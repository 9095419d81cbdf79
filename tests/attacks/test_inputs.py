"""Attack stories on what people type and send: passwords, uploaded files, markup in titles.

Each story: who tries what, that it is refused with a message in Chinese, and that nothing was
written (no event in the log, no password stored, no file left on disk)."""

from __future__ import annotations

import pytest

from culture_ledger.periods import Period
from domain import clock
from domain.errors import InvalidCommand, LoginRefused
from domain.vocabulary import FIVE_ORGAN_TYPES
from event_store.evidence import MAX_EVIDENCE_MB, Upload
from tests import evidence_files

pytestmark = pytest.mark.backends("sqlite", "postgresql")


def chinese(ledger, refused: InvalidCommand) -> list[str]:
    """The refusal's messages as the Chinese screen says them."""
    return [ledger.catalog.t("zh", key, **params) for _, key, params in refused.errors]


def files_on_disk(ledger) -> list[str]:
    root = ledger.activities.evidence.root
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def session(office, **over) -> dict:
    return {
        "carrier": "political",
        "kind": "education_session",
        "title": "家风家教专题学习",
        "occurred_on": clock.today(),
        "department_id": office.general,
        "expected": 2,
        "present": 2,
        "details": {"theme": "family_virtue"},
        **over,
    }


# --- passwords -------------------------------------------------------------------------------------


def test_an_admin_who_gives_an_administrator_a_weak_password_is_told_which_rule_it_breaks(ledger, admin):
    weak = {
        "12345678": ("validation.password_too_short", "密码至少 10 个字符"),
        "\u200b" * 12: ("validation.password_too_short", "看不见的字符不算"),
        "aaaaaaaaaaaa": ("validation.password_repeated", "同一个字符"),
        "chief": ("validation.password_too_short", "密码至少"),
        "chief-2026!": ("validation.password_is_username", "不能是用户名"),
        "2026 CHIEF 2026": ("validation.password_is_username", "不能是用户名"),
        "Password123": ("validation.password_common", "常见密码"),
        "qwertyuiop": ("validation.password_common", "常见密码"),
    }
    head = ledger.app.head()
    for password, (key, words) in weak.items():
        with pytest.raises(InvalidCommand) as refused:
            ledger.accounts.create(
                {"username": "chief", "display_name": "主任", "roles": ["admin"], "password": password}, admin
            )
        assert [k for _, k, _ in refused.value.errors] == [key], password
        assert any(words in said for said in chinese(ledger, refused.value)), password
        assert password not in str(refused.value)  # the refused password is never repeated
    assert ledger.app.head() == head  # no account was created
    ledger.accounts.create({"username": "chief", "display_name": "主任", "roles": ["admin"]}, admin)
    head = ledger.app.head()
    for password in weak:  # a reset refuses the same passwords, and writes nothing
        with pytest.raises(InvalidCommand):
            ledger.accounts.reset_password("chief", password, admin)
    assert ledger.app.head() == head
    assert ledger.accounts.credentials.get("chief") is None  # no password stored


def test_a_password_is_kept_as_typed_spaces_and_all_and_full_width_letters_sign_in_as_their_plain_forms(ledger, admin):
    typed = "  Ｈｅｙｅｒ-ｔａｋｅ 2026  "  # spaces around it, full-width letters (a Chinese input method)
    ledger.accounts.create({"username": "chief", "display_name": "主任", "roles": ["leader"], "password": typed}, admin)
    assert ledger.accounts.authenticate("chief", typed).account == "chief"
    assert ledger.accounts.authenticate("chief", "  Heyer-take 2026  ").account == "chief"  # NFKC: the same
    with pytest.raises(LoginRefused):
        ledger.accounts.authenticate("chief", "Heyer-take 2026")  # nothing stripped: not the same password
    ledger.accounts.reset_password("chief", " Ｓｅｃｏｎｄ-ｓｐｒｉｎｇ ", admin)
    assert ledger.accounts.authenticate("chief", " Second-spring ").account == "chief"
    with pytest.raises(LoginRefused):
        ledger.accounts.authenticate("chief", "Second-spring")


# --- uploads ---------------------------------------------------------------------------------------


def test_a_staff_member_who_uploads_a_program_named_as_a_photo_or_a_huge_file_has_the_whole_form_refused(
    ledger, office, staff
):
    program = Upload("签到表.jpg", b"MZ\x90\x00" + b"\x00" * 200)  # a Windows program, named as a photo
    huge = Upload("现场照片.jpg", evidence_files.photo("huge") + b"\x00" * (MAX_EVIDENCE_MB * 1024 * 1024))
    photo = Upload("现场照片2.jpg", evidence_files.photo("a real photo"))
    head = ledger.app.head()
    for bad, key, words in (
        (program, "validation.evidence_type", "“签到表.jpg”不是照片或文档"),
        (huge, "validation.evidence_too_large", f"“现场照片.jpg”超过 {MAX_EVIDENCE_MB} MB"),
        (Upload("空白.pdf", b""), "validation.evidence_empty", "“空白.pdf”是空文件"),
    ):
        with pytest.raises(InvalidCommand) as refused:
            ledger.activities.record(session(office), staff, uploads=[photo, bad])
        assert [k for _, k, _ in refused.value.errors] == [key]
        assert any(words in said and "未保存任何内容" in said for said in chinese(ledger, refused.value))
    # a good photo with a form that does not add up (3 present of 2 expected): refused, and not kept
    with pytest.raises(InvalidCommand):
        ledger.activities.record(session(office, present=3), staff, uploads=[photo])
    # nor by a correction that is refused
    activity = ledger.activities.record(session(office), staff)
    head = ledger.app.head()
    with pytest.raises(InvalidCommand):
        ledger.activities.amend(activity, {}, "补充佐证材料", staff, uploads=[program])
    with pytest.raises(InvalidCommand):
        ledger.activities.amend(activity, {"present": 9}, "补充佐证材料", staff, uploads=[photo])
    assert ledger.app.head() == head
    assert files_on_disk(ledger) == []  # nothing orphaned on disk
    # the same photo with a sound form: kept, and its type read from its content
    ledger.activities.amend(activity, {}, "补充佐证材料", staff, uploads=[Upload("现场照片2.png", photo.content)])
    (kept,) = ledger.query("SELECT evidence FROM activities WHERE id=?", (activity.hex,))
    assert '"media_type": "image/jpeg"' in kept["evidence"]
    assert len(files_on_disk(ledger)) == 1


def test_a_leader_whose_assessment_carries_a_disguised_file_records_nothing(ledger, office, leader):
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as refused:
        ledger.integrity.assess(
            {
                "department_id": office.general,
                "period": Period.containing("quarter", clock.today()).code,
                **dict.fromkeys(FIVE_ORGAN_TYPES, 90),
                "occurred_on": clock.today(),
            },
            leader,
            uploads=[Upload("创建材料.pdf", b"<html><script>alert(1)</script></html>")],
        )
    assert "“创建材料.pdf”不是照片或文档" in chinese(ledger, refused.value)[0]
    assert ledger.app.head() == head
    assert files_on_disk(ledger) == []


# --- markup in what people type ----------------------------------------------------------------------


@pytest.mark.backends("sqlite")  # what a page shows does not depend on the store
def test_a_staff_member_who_titles_an_activity_with_markdown_and_an_image_shows_the_leader_only_text(
    ledger, office, staff, leader, store_url
):
    from tests.app.pages import TYPED, every_text, rendered_markup, run_page

    ledger.activities.record(session(office, title=f"活动 {TYPED}"), staff)

    inbox = run_page("inbox", store_url, leader)

    assert not inbox.exception
    assert rendered_markup(inbox) == []  # no emphasis, no colour, no image loaded from the title
    assert any("粗体" in text for text in every_text(inbox))  # the title is there, as typed
