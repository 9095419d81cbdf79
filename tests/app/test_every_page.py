"""Every registered page renders, in Chinese and in English, with nothing left untranslated."""

import pytest

from culture_ledger.i18n import MISSING
from culture_ledger.ledger import Ledger
from culture_ledger.registry import Registry
from domain.actor import Actor
from tests.app.charts import charts_not_in
from tests.app.pages import TYPED, every_text, rendered_markup, run_page, type_markup_into, visible_text

PAGES = [p.path for p in Registry.load(entry_point_group=None).pages]


@pytest.fixture(scope="module")
def demo_store(demo_office_copy):
    url = demo_office_copy("every-page", weeks=3)
    ledger = Ledger(url=url)
    # a rule, the talent plan and an activity named in markdown and an image
    type_markup_into(ledger, demo_office_copy.office(weeks=3))
    ledger.close()
    return url


def actor_for(path: str) -> Actor:
    """The demo account of a role the page is for (admin where admins may open it)."""
    page = next(p for p in Registry.load(entry_point_group=None).pages if p.path == path)
    role = page.roles[0] if "admin" not in page.roles else "admin"
    return Actor(f"demo-{role}", role, "form")


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_renders_on_the_demo_office_with_every_string_translated_and_typed_markup_as_text(
    demo_store, path, lang
):
    at = run_page(path, demo_store, actor_for(path), lang)
    assert not at.exception, [e.value for e in at.exception]
    untranslated = [text for text in visible_text(at) if MISSING.format("")[0] in text]
    assert untranslated == []
    assert charts_not_in(at, lang) == []  # dates and numbers in the reader's language
    # what people typed shows as typed: no markdown renders, no image loads from it
    assert rendered_markup(at) == []
    if path in ("study-rules", "staffing-plan", "inbox"):  # where the typed names do show
        assert any(TYPED.split()[0] in text or "粗体" in text for text in every_text(at)), path


def test_every_catalog_key_exists_in_both_languages():
    from culture_ledger.i18n import Catalog

    assert Catalog(Registry.load(entry_point_group=None).translations()).missing() == {}


def test_every_key_the_code_asks_for_is_in_the_catalog():
    import re
    from pathlib import Path

    from culture_ledger.i18n import Catalog

    catalog = Catalog(Registry.load(entry_point_group=None).translations())
    root = Path(__file__).resolve().parents[2]
    asked = set()
    for source in [*root.glob("dashboard/**/*.py"), *root.glob("plugins/**/*.py"), *root.glob("culture_ledger/*.py")]:
        asked |= set(
            re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']\s*[,)]""", source.read_text(encoding="utf-8"))
        )
    assert sorted(k for k in asked if not catalog.has("zh", k)) == []
