"""The sixth carrier from outside (`tests/fixtures/outside_carrier/`, 志愿服务), installed for a
test run the way pip installs a package: its metadata, with the `culture_ledger.plugins` entry
point its own pyproject.toml declares, in a site folder; its code where it lies. Nothing of it
is named anywhere else: the registry finds it through the entry point."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent / "fixtures" / "outside_carrier"
CARRIER = "volunteer"
"""Its id, as its manifest says (the tests ask the registry for everything else)."""


def install(site: Path) -> list[str]:
    """Write the package's dist-info into `site`; returns the folders to put on the path."""
    project = tomllib.loads((PACKAGE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    name, version = project["name"], project["version"]
    dist = site / f"{name.replace('-', '_')}-{version}.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8")
    points = project["entry-points"]["culture_ledger.plugins"]
    (dist / "entry_points.txt").write_text(
        "[culture_ledger.plugins]\n" + "".join(f"{key} = {value}\n" for key, value in points.items()), encoding="utf-8"
    )
    return [str(site), str(PACKAGE)]


@pytest.fixture(scope="module")
def outside_carrier(tmp_path_factory):
    """The outside carrier installed for the tests of one module (import this fixture to use it)."""
    paths = install(tmp_path_factory.mktemp("site"))
    sys.path[:0] = paths
    yield CARRIER
    for path in paths:  # the module stays imported: only the entry point goes away
        sys.path.remove(path)
