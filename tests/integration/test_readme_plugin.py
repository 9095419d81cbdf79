"""The plugin in the README works as written: installed through the entry-point group, its
event type is accepted, its projection fills, and its page renders. The carrier in the README is
the outside carrier the tests install (tests/outside_carrier.py), word for word."""

import re
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from culture_ledger.ledger import Ledger
from culture_ledger.registry import Carrier, Plugin, Registry, RegistryError
from tests.conftest import create_fixture_accounts
from tests.outside_carrier import PACKAGE

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture(scope="module")
def installed_plugin(tmp_path_factory):
    """Install the README's plugin as an outside package: a module plus an entry point."""
    tmp_path = tmp_path_factory.mktemp("site")
    text = README.read_text(encoding="utf-8")
    code = re.search(r"### Writing a plugin.*?```python\n(.*?)```", text, re.S).group(1)
    entry = re.search(r'\[project.entry-points."culture_ledger.plugins"\]\n(\w+) = "(\w+):plugin"', text)
    name, module = entry.group(1), entry.group(2)
    (tmp_path / f"{module}.py").write_text(code, encoding="utf-8")
    dist = tmp_path / f"{module}-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(f"[culture_ledger.plugins]\n{name} = {module}:plugin\n")
    sys.path.insert(0, str(tmp_path))
    yield module
    # The module stays imported: the library caches event classes by topic for the process.
    sys.path.remove(str(tmp_path))


def test_the_readme_plugin_is_found_through_its_entry_point_and_records_its_event(installed_plugin, store_url, admin):
    registry = Registry.load()
    assert "reading_club" in [p.id for p in registry.plugins]
    ledger = Ledger(registry, url=store_url)
    create_fixture_accounts(ledger)
    ledger.club.hold_meeting({"occurred_on": date(2026, 11, 20), "book": "《平凡的世界》", "readers": 12}, admin)
    assert ledger.query("SELECT book, readers FROM club_meetings") == [{"book": "《平凡的世界》", "readers": 12}]
    assert "reading_club:ClubMeeting.Held" in registry.event_topics


def test_the_readme_plugin_page_renders(installed_plugin, store_url, admin):
    ledger = Ledger(Registry.load(), url=store_url)
    create_fixture_accounts(ledger)
    ledger.club.hold_meeting({"occurred_on": date(2026, 11, 20), "book": "《红岩》", "readers": 9}, admin)

    def page(url):
        import os

        os.environ["CULTURE_LEDGER_STORE"] = url
        from dashboard.chrome import ledger

        next(p for p in ledger().registry.pages if p.path == "reading-club").render()

    at = AppTest.from_function(page, args=(store_url,), default_timeout=30).run()
    assert not at.exception
    assert at.title[0].value == "读书会"


def test_a_plugin_that_repeats_an_event_type_is_rejected(installed_plugin):
    import importlib

    plugin = importlib.import_module(installed_plugin).plugin
    twin = type(plugin)(**{**plugin.__dict__, "id": "twin", "pages": (), "projections": (), "services": {}})
    with pytest.raises(RegistryError, match="duplicate event type"):
        Registry.of([plugin, twin])


def test_duplicate_page_paths_and_projection_names_are_rejected():
    base = Registry.load(entry_point_group=None)
    study = base.plugin("study")
    copy_pages = type(study)(id="copy", title="x", pages=study.pages)
    with pytest.raises(RegistryError, match="duplicate page path 'study-record'"):
        Registry.of([*base.plugins, copy_pages])
    copy_projection = type(study)(id="copy", title="x", projections=study.projections)
    with pytest.raises(RegistryError, match="duplicate projection name 'study'"):
        Registry.of([*base.plugins, copy_projection])


def test_the_readme_shows_the_outside_carriers_code_as_the_tests_install_it():
    section = README.read_text(encoding="utf-8").partition("### Writing a carrier")[2].partition("\n## ")[0]
    modules = re.findall(r"```python\n(.*?)```", section, re.S)
    assert modules == [
        (PACKAGE / "volunteer_carrier" / name).read_text(encoding="utf-8") for name in ("__init__.py", "pages.py")
    ]
    [toml] = re.findall(r"```toml\n(.*?)```", section, re.S)
    project = tomllib.loads((PACKAGE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert tomllib.loads(toml)["project"]["entry-points"] == project["entry-points"]


def test_a_carrier_declares_its_kinds_of_activity_each_with_a_pydantic_model_of_its_fields():
    from pydantic import BaseModel

    class Talk(BaseModel):
        speaker: str

    base = Registry.load(entry_point_group=None).plugins
    Registry.of([*base, Plugin(id="talks", title="x", carrier=Carrier(kinds={"talk": Talk}))])
    with pytest.raises(RegistryError, match="declares no kind of activity"):
        Registry.of([*base, Plugin(id="talks", title="x", carrier=Carrier(kinds={}))])
    with pytest.raises(RegistryError, match="needs a pydantic model"):
        Registry.of([*base, Plugin(id="talks", title="x", carrier=Carrier(kinds={"talk": dict}))])
    with pytest.raises(RegistryError, match="must be a Carrier"):
        Registry.of([*base, Plugin(id="talks", title="x", carrier={"talk": Talk})])
    with pytest.raises(RegistryError, match="at most 40 characters"):
        Registry.of([*base, Plugin(id="t" * 41, title="x", carrier=Carrier(kinds={"talk": Talk}))])
