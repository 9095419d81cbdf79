"""A manifest may name what it contributes as `"module:function"`: loading the manifest imports
nothing, the first call imports the module, and a name that is not such a reference is refused
when the manifest is made, not when a leader opens the overview."""

import sys

import pytest

from culture_ledger.registry import Gap, Indicator, Lazy, Page, Plugin, RegistryError, resolve


@pytest.fixture
def figures_module(tmp_path, monkeypatch):
    """An importable module, not imported yet."""
    (tmp_path / "fake_figures.py").write_text(
        "def share(ledger, scope):\n    return 0.5\n"
        "def rows(ledger, scope):\n    return [{'id': 'a'}]\n"
        "def seed(ledger, office):\n    ledger.append(office)\n"
        "drawn = []\n"
        "def draw():\n    drawn.append('page')\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "fake_figures"
    sys.modules.pop("fake_figures", None)


def test_an_indicator_named_by_reference_is_imported_on_its_first_call_only(figures_module):
    indicator = Indicator("share", "title", "definition", f"{figures_module}:share", records=f"{figures_module}:rows")
    gap = Gap("missing", "title", f"{figures_module}:rows")
    assert figures_module not in sys.modules

    assert indicator.compute(None, None) == 0.5
    assert indicator.records(None, None) == [{"id": "a"}] == gap.compute(None, None)
    assert figures_module in sys.modules and indicator.events is None


def test_a_plugin_hook_named_by_reference_runs_like_the_function_itself(figures_module):
    plugin = Plugin(id="fake", title="fake", demo=f"{figures_module}:seed")
    assert isinstance(plugin.demo, Lazy) and figures_module not in sys.modules
    seeded: list[str] = []
    plugin.demo(seeded, "office")
    assert seeded == ["office"]
    # A manifest copied field by field (as tests do) keeps the same hook.
    assert type(plugin)(**{**plugin.__dict__, "id": "copy"}).demo == plugin.demo


def test_a_name_that_is_not_a_module_function_reference_is_refused_when_the_manifest_is_made():
    with pytest.raises(RegistryError, match='not a "module:function" reference'):
        Indicator("share", "title", "definition", "share_of_cadres")
    with pytest.raises(RegistryError, match="Plugin.cli"):
        Plugin(id="fake", title="fake", cli="add_commands")


def test_a_page_is_drawn_through_the_same_resolver(figures_module):
    page = Page("fake", "title", f"{figures_module}:draw")
    assert figures_module not in sys.modules
    page.render()
    assert resolve(f"{figures_module}:drawn") == ["page"]
    assert resolve(len) is len  # a function given as itself is used as it is
    with pytest.raises(RegistryError):
        resolve("no_colon_here")
