"""A plugin brings its own `culture-ledger` subcommands (`Plugin.cli`): `--help` lists them and
they run on the store the command line names. The command line itself names no plugin: audit's
`checkpoint` is there while the audit plugin is installed, and gone without it."""

import sys

import pytest

from culture_ledger import registry
from culture_ledger.cli import main

CENSUS = '''"""An outside plugin with one subcommand: `culture-ledger census` counts the log."""
from culture_ledger.registry import Plugin


def count(args) -> int:
    from culture_ledger.cli import open_ledger

    ledger = open_ledger(args)
    print(f"census: {ledger.app.head()} events")
    ledger.close()
    return 0


def add_commands(sub) -> None:
    sub.add_parser("census", help="count the events in the log").set_defaults(func=count)


plugin = Plugin(id="census", title="census", cli="census_plugin:add_commands")
'''


@pytest.fixture
def census_installed(tmp_path, monkeypatch):
    """The census plugin installed as an outside package: a module plus an entry point."""
    site = tmp_path / "site"
    dist = site / "census_plugin-1.0.dist-info"
    dist.mkdir(parents=True)
    (site / "census_plugin.py").write_text(CENSUS, encoding="utf-8")
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: census_plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[culture_ledger.plugins]\ncensus = census_plugin:plugin\n")
    monkeypatch.syspath_prepend(str(site))
    yield
    sys.modules.pop("census_plugin", None)


def help_text(capsys) -> str:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def test_an_outside_plugin_s_subcommand_is_listed_in_help_and_runs(census_installed, ledger, office, store_url, capsys):
    assert "census" in help_text(capsys)
    assert main(["--store", store_url, "census"]) == 0
    assert capsys.readouterr().out == f"census: {ledger.app.head()} events\n"


def test_checkpoint_comes_from_the_audit_plugin_not_from_the_command_line(monkeypatch, capsys):
    assert "checkpoint" in help_text(capsys)
    monkeypatch.setattr(registry, "BUILTIN_PLUGINS", tuple(p for p in registry.BUILTIN_PLUGINS if p != "plugins.audit"))
    assert "checkpoint" not in help_text(capsys)
