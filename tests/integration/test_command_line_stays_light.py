"""The command line imports no page library: `culture-ledger verify`, `digest`, `export`,
`import`, `rebuild`, `worker` and `--help` load every plugin's manifest, and none of them
pulls in Streamlit, pandas or altair (nor what only reports and charts use). Pages and the
overview's figures are named as `"module:function"` and imported when first used."""

import subprocess
import sys
from pathlib import Path

import pytest

from event_store.exchange import export_file

pytestmark = pytest.mark.backends("sqlite")  # what is imported does not depend on the store

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("streamlit", "pandas", "altair", "pyarrow", "vl_convert", "openpyxl", "docx")


def imports_of(args: list[str]) -> tuple[subprocess.CompletedProcess, list[tuple[int, str]]]:
    """Run `python -X importtime -m culture_ledger.cli ARGS`; the modules it imported, with their depth."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "culture_ledger.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    modules = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2 and "imported package" not in line:
            name = line.rsplit("|", 1)[1]
            modules.append(((len(name) - len(name.lstrip())) // 2, name.strip()))
    return done, modules


def who_imported(modules: list[tuple[int, str]], index: int) -> str:
    """`pandas <- plugins.study.daily.queries <- plugins.study`: importtime lists a module after what it imported."""
    chain, depth = [modules[index][1]], modules[index][0]
    for level, name in modules[index + 1 :]:
        if level < depth:
            chain.append(name)
            depth = level
    return " <- ".join(chain)


def heavy_imports(modules: list[tuple[int, str]]) -> list[str]:
    return [
        who_imported(modules, i) for i, (_, name) in enumerate(modules) if name in HEAVY
    ]  # the package itself, once, at the top of its own chain


COMMANDS = {
    "verify": (["verify", "--quiet"], 0),
    "digest": (["digest"], 0),
    "export": (["export", "--out", "{tmp}/out.jsonl", "--quiet"], 0),
    "import": (["import", "{tmp}/log.jsonl", "--quiet"], 0),
    "rebuild": (["rebuild", "--quiet"], 0),
    "worker": (["worker"], 2),  # on SQLite it explains that the app keeps its own read models, and stops
    "--help": (["--help"], 0),
    "report --help": (["report", "--help"], 0),  # the report's options, before it draws anything
}


@pytest.mark.slow
@pytest.mark.parametrize("command", list(COMMANDS))
def test_the_command_imports_neither_streamlit_nor_pandas_nor_altair(command, ledger, office, store_url, tmp_path):
    args, expected = COMMANDS[command]
    store = store_url
    if command == "import":
        export_file(ledger.app, tmp_path / "log.jsonl")
        store = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    ledger.close()
    done, modules = imports_of(["--store", store, *(a.format(tmp=tmp_path) for a in args)])

    assert done.returncode == expected, done.stderr[-2000:]
    if command in ("verify", "digest"):  # they read the log as stored: not even the plugins are loaded
        assert not any(name == "culture_ledger.registry" for _, name in modules)
        assert not any(name.startswith("psycopg") for _, name in modules)  # nor, on SQLite, the PostgreSQL driver
    else:
        assert any(name == "culture_ledger.registry" for _, name in modules)  # it did load the plugins
    heavy = heavy_imports(modules)
    assert not heavy, f"`culture-ledger {command}` imported what only pages need:\n  " + "\n  ".join(heavy)


@pytest.mark.slow
def test_the_to_do_sources_import_no_page_library():
    # The navigation counts open tasks before it draws itself, and `culture-ledger remind` asks the
    # same sources: computing them must not wait for pandas or Streamlit to load.
    code = (
        "import importlib, sys\n"
        "from culture_ledger.registry import Registry\n"
        "for todo in Registry.load().todos:\n"
        "    importlib.import_module(todo.compute.reference.partition(':')[0])\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
