"""Streamlit's own words in the reader's language (dashboard/streamlit_words.py): every picker is
given its placeholder, every text the page script rewrites is one Streamlit 1.67 still draws, and
the words it writes instead are Chinese."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest
import streamlit

from culture_ledger.i18n import Catalog
from culture_ledger.registry import Registry
from dashboard.streamlit_words import WORDS, rules, script
from tests.screen_words import offending

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = Path(streamlit.__file__).parent / "static" / "static" / "js"


@cache
def catalog() -> Catalog:
    return Catalog(Registry.load(entry_point_group=None).translations())


def words(lang: str):
    return lambda key, **params: catalog().t(lang, key, **params)


@cache
def bundle() -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in BUNDLE.glob("*.js"))


def pickers_without_placeholder() -> list[str]:
    """Every selectbox and multiselect call in the app's code that leaves Streamlit to say "Choose an option"."""
    missing = []
    for folder in ("dashboard", "plugins", "culture_ledger"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("selectbox", "multiselect")
                    and not any(k.arg in ("placeholder", None) for k in node.keywords)
                ):
                    missing.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return missing


def test_every_picker_says_choose_in_the_readers_language():
    assert pickers_without_placeholder() == []


def test_a_picker_without_its_placeholder_is_found(tmp_path, monkeypatch):
    monkeypatch.setattr("tests.unit.test_streamlit_words.ROOT", tmp_path)
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "page.py").write_text(
        'st.selectbox(t("x"), [1, 2])\nst.multiselect("y", [], placeholder="")\n'
    )
    assert pickers_without_placeholder() == ["plugins/page.py:1"]


@cache
def templates() -> list[tuple[str, str]]:
    """The texts in Streamlit's frontend: its template strings (each `${…}` standing for any text),
    each with its longest literal part (to look up quickly)."""
    found = set(re.findall(r"`([^`$]*(?:\$\{[^`}]*\}[^`$]*)*)`", bundle()))
    return [(t, max(re.split(r"\$\{[^}]*\}", t), key=len)) for t in found if re.search(r"[A-Za-z]{2}", t)]


def drawn_by_streamlit(text: str) -> bool:
    for template, longest in templates():
        if longest in text:
            parts = re.split(r"(\$\{[^}]*\})", template)
            if re.fullmatch("".join(".+" if p.startswith("${") else re.escape(p) for p in parts), text):
                return True
    return False


COMPOSED = {
    # react-aria joins the calendar's "Choose date" and the month in view
    "streamlit.choose_date_in": ["`Choose date`"],
    "streamlit.choose_dates_in": ["`Choose date range`"],
    # a template within a template: Press ${mac ? `⌘` : `Ctrl`}+Enter to ${"submit form" or "apply"}
    "streamlit.ctrl_enter_submit": ["`Ctrl`", "+Enter to ${e}", "`submit form`"],
    "streamlit.ctrl_enter_apply": ["`Ctrl`", "+Enter to ${e}", "`apply`"],
}
"""Texts Streamlit puts together from pieces: each piece must still be in its frontend."""

SAMPLES = {"streamlit.ctrl_enter_submit": "Ctrl", "streamlit.ctrl_enter_apply": "Ctrl", "streamlit.per_file": "50MB"}


@pytest.mark.parametrize(("pattern", "key"), WORDS)
def test_each_text_rewritten_is_one_streamlit_still_draws(pattern, key):
    english = words("en")(key, value=SAMPLES.get(key, "3"))
    assert re.fullmatch(pattern, english), english
    if key in COMPOSED:
        assert all(piece in bundle() for piece in COMPOSED[key])
    else:
        assert drawn_by_streamlit(english), f"Streamlit 1.67 draws no {english!r}: update WORDS"


@pytest.mark.parametrize(("pattern", "key"), WORDS)
def test_the_words_written_instead_are_chinese(pattern, key):
    chinese = words("zh")(key, value="50MB")
    assert offending(chinese) == [], chinese


def test_an_english_reader_keeps_streamlits_own_words():
    assert rules(words("en"), "en") == []
    assert '"RULES"' not in script(words("en"), "en") and "RULES.map" not in script(words("en"), "en")


def test_a_size_or_a_count_in_the_english_is_kept_in_the_chinese():
    said = dict((pattern, words) for pattern, words in rules(words("zh"), "zh"))
    assert said["^(.+) per file$"] == "单个文件不超过 $1"
    assert said["^Select all$"] == "全选"
