"""Nothing but the tests imports the tests. Inside the packages `lint-imports` (make lint,
make test) checks this and the apps' layer order; bench/ and scripts/ are not packages, so
this test reads their imports itself."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", ".tools", "node_modules", "tests", "var", "staticfiles"}


def modules_imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def python_files_outside_the_tests():
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIPPED.intersection(path.relative_to(ROOT).parts):
            yield path


def test_no_file_outside_the_tests_imports_them():
    importers = {
        str(path.relative_to(ROOT)): sorted(
            name for name in modules_imported(path) if name.split(".")[0] == "tests"
        )
        for path in python_files_outside_the_tests()
    }
    assert {path: names for path, names in importers.items() if names} == {}


def test_the_check_sees_bench_and_scripts():
    seen = {path.relative_to(ROOT).parts[0] for path in python_files_outside_the_tests()}
    assert {"bench", "scripts", "harness", "voting"} <= seen
