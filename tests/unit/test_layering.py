"""No import runs up the floors: domain < event_store < framework (`culture_ledger`) < plugins,
and the shell (`dashboard`) sees the framework and what lies below it, never a plugin (it
finds plugins through the registry). Every import counts, those inside functions too, and so
does a `"module:function"` reference, which is an import made later."""

import ast
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

MAY_IMPORT = {
    "domain": (),
    "event_store": ("domain",),
    "culture_ledger": ("domain", "event_store"),
    "dashboard": ("domain", "event_store", "culture_ledger"),
    "plugins": ("domain", "event_store", "culture_ledger", "dashboard"),  # plugins use the shell's page pieces
}
"""Each floor, and the project's floors it may import besides its own."""

FLOOR_NAMES = {
    "domain": "the domain",
    "event_store": "the event store",
    "culture_ledger": "the framework",
    "dashboard": "the shell",
    "plugins": "a plugin",
}

PAGE_LIBRARIES = ("streamlit", "pandas", "altair")
"""Nothing below the pages imports them: the command line never loads them (DESIGN.md)."""

DOMAIN_LIBRARIES = tuple(sorted(set(sys.stdlib_module_names) - {"sqlite3"})) + ("eventsourcing.domain",)
"""The domain is plain Python on the library's aggregate base: no Streamlit, no SQL, no store."""

REFERENCE = re.compile(r"([A-Za-z_][\w.]*):[A-Za-z_][\w.]*")


def imports_in(source: str, module: str = "") -> list[tuple[int, str]]:
    """Every module `source` imports, anywhere in it, as (line, dotted name): `from a import b` is `a.b`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's own package
                package = module.split(".")[: -node.level]
                base = ".".join([*package, *([base] if base else [])])
            found += [(node.lineno, base if alias.name == "*" else f"{base}.{alias.name}") for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and REFERENCE.fullmatch(node.value):
            found.append((node.lineno, node.value.partition(":")[0]))  # imported when the reference is resolved
    return found


def under(name: str, packages) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def modules(floor: str):
    for path in sorted((ROOT / floor).rglob("*.py")):
        dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        yield path.relative_to(ROOT), dotted, path.read_text(encoding="utf-8")


def violations(floor: str) -> list[str]:
    others = [f for f in MAY_IMPORT if f != floor and f not in MAY_IMPORT[floor]]
    found = []
    for path, dotted, source in modules(floor):
        for line, name in imports_in(source, dotted):
            if under(name, others):
                owner = name.split(".")[0]
                found.append(
                    f"{path}:{line} imports {name}: {FLOOR_NAMES[floor]} ({floor}/) may not import "
                    f"{FLOOR_NAMES[owner]} ({owner}/)"
                )
            elif floor != "plugins" and floor != "dashboard" and under(name, PAGE_LIBRARIES):
                found.append(f"{path}:{line} imports {name}: only pages draw with {name.split('.')[0]}")
            elif floor == "domain" and not under(name, ("domain", *DOMAIN_LIBRARIES)):
                found.append(
                    f"{path}:{line} imports {name}: the domain imports only the standard library (no SQL) "
                    f"and the library's aggregate base (eventsourcing.domain)"
                )
    return found


@pytest.mark.parametrize("floor", list(MAY_IMPORT))
def test_no_import_runs_up_the_floors(floor):
    assert len(list(modules(floor))) > 1  # the floor is where the test looks for it
    found = violations(floor)
    assert not found, "imports that run up the floors:\n  " + "\n  ".join(found)


def test_an_import_inside_a_function_or_by_name_is_seen():
    source = """
from . import errors

def draw():
    from plugins.study.daily.pages import record_page
    import importlib
    importlib.import_module("dashboard.chrome")
    return Page("x", "t", "plugins.audit.pages:events_page"), "plugins.study", "no: reference"
"""
    assert {name for _, name in imports_in(source, "culture_ledger.cli")} == {
        "culture_ledger.errors",
        "plugins.study.daily.pages.record_page",
        "importlib",
        "dashboard.chrome",
        "plugins.audit.pages",
    }  # not "plugins.study": a module's name as data is no import
