"""docs/RELIABILITY.md cites a test for each promise: every test it names must exist, or the promise is
backed by nothing. (`file.py::name` is a test function, `::name` after it another of the same file.)"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "RELIABILITY.md"
_CITATION = re.compile(r"`(tests/[\w/]+\.py)((?:::\w+)?)`|`::(\w+)`")


def _tests_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}


def test_every_test_the_reliability_doc_cites_exists() -> None:
    missing: list[str] = []
    cited = 0
    for line in DOC.read_text(encoding="utf-8").splitlines():
        current: Path | None = None
        for found in _CITATION.finditer(line):
            file, name, sibling = found.groups()
            if file:
                current = ROOT / file
                if not current.exists():
                    missing.append(file)
                    current = None
                    continue
                name = name.removeprefix("::")
            else:
                name = sibling
            if not name or current is None:
                continue
            cited += 1
            if name not in _tests_in(current):
                missing.append(f"{current.relative_to(ROOT)}::{name}")
    assert cited > 50  # the doc cites tests throughout; a parsing slip must not pass by finding none
    assert missing == []
