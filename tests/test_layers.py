"""Rules about where code may do what, checked by reading the code itself."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "coimpact"
SAVING = PACKAGE / "database.py"


def commit_calls(path: Path) -> list[int]:
    """The lines of `path` that call something's `.commit()`."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "commit"
    ]


def test_only_the_database_module_commits():
    """Services flush; each request, command and job commits once at its edge, and those edges
    are in coimpact/database.py (services/__init__.py says why). A `.commit()` anywhere else
    is a second place that saves."""
    elsewhere = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != SAVING
        for line in commit_calls(path)
    ]
    assert elsewhere == [], "commit outside coimpact/database.py: " + ", ".join(elsewhere)
    assert commit_calls(SAVING), "the edges themselves must commit"
