"""No user-facing sentence bypasses the catalogs: a test fails when one is written in English only.

The catalog test (test_catalogs) proves that what is wrapped in `_()` is translated; this one proves that
what a user reads is wrapped. It reads the code's syntax tree:
- every error a user reads (`InvalidInput`, `NotAllowed`, `NotFound` and the rest of `UserFacingError`) is
  raised with a message marked `N_("...")`, so the error path can word it in the reader's language;
- no text with words in it is handed to what Discord shows (a reply, an embed, a field, a button, a menu,
  a form) without passing through `_()`, `ngettext()` or a helper that words it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Where the bot's replies, DMs and errors are written; the offline mode reuses them.
SOURCES = sorted(
    path
    for folder in ("cogs", "bot/services", "bot/domain", "bot/faq", "bot/scheduler.py", "bot/app.py")
    for path in ([ROOT / folder] if folder.endswith(".py") else (ROOT / folder).rglob("*.py"))
)
ERRORS = {"UserFacingError", "InvalidInput", "NotAllowed", "NotFound", "NotInstalledHere"}
# The catalogs' own calls, and the names of commands and menus, which the commands catalog words.
WORDING = {"_", "N_", "ngettext", "pgettext", "command", "menu_name"}
# Calls whose text arguments Discord shows to a user, and which of their keywords are text.
SHOWN_KEYWORDS = {
    "title",
    "description",
    "name",
    "value",
    "label",
    "placeholder",
    "content",
    "text",
    "default",
}
SHOWN_CALLS = {
    "send",
    "send_message",
    "edit_message",
    "edit_original_response",
    "followup_send",
    "Embed",
    "add_field",
    "set_footer",
    "set_author",
    "Button",
    "SelectOption",
    "Select",
    "TextInput",
    "Modal",
    "Reply",
    "add",
    "Choice",
}
# Two words of letters: a sentence, not an identifier, a custom id or a format such as `{name} · {value}`.
_WORDS = re.compile(r"[^\W\d_]{2,}[ \u00a0][^\W\d_]{2,}")


def _called(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _literal_text(node: ast.AST) -> str | None:
    """The words of a string literal or f-string as written (None for anything else)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value
            for part in node.values
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )
    return None


def _unworded(node: ast.AST) -> Iterator[ast.AST]:
    """Literals with words inside this expression that no wording call encloses."""
    if isinstance(node, ast.Call) and _called(node) in WORDING:
        return
    text = _literal_text(node)
    if text is not None:
        if _WORDS.search(text):
            yield node
        if isinstance(node, ast.JoinedStr):
            for part in node.values:
                if isinstance(part, ast.FormattedValue):
                    yield from _unworded(part.value)
        return
    for child in ast.iter_child_nodes(node):
        yield from _unworded(child)


def _marked(node: ast.AST, marked_names: set[str]) -> bool:
    if isinstance(node, ast.Call) and _called(node) == "N_":
        return True
    if isinstance(node, ast.Subscript):  # a table of marked messages: `_FINAL[kind]`
        node = node.value
    return isinstance(node, ast.Name) and node.id in marked_names


def _is_mark(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Call) and _called(node) == "N_"


def _module_marks(tree: ast.Module) -> set[str]:
    """Module constants holding marked messages: `NOT_INSTALLED_HERE = N_("...")`, or a table whose every
    value is one (`_FINAL: Mapping[...] = MappingProxyType({kind: N_("..."), ...})`)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign):
            targets, value = [node.target], node.value
        else:
            continue
        if isinstance(value, ast.Call) and _called(value) != "N_" and len(value.args) == 1:
            value = value.args[0]  # MappingProxyType({...})
        table = isinstance(value, ast.Dict) and value.values and all(_is_mark(v) for v in value.values)
        if _is_mark(value) or table:
            names |= {target.id for target in targets if isinstance(target, ast.Name)}
    return names


def _findings(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    marks = _module_marks(tree)
    where = path.relative_to(ROOT)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _called(node)
        if name in ERRORS and node.args and not _marked(node.args[0], marks):
            yield f"{where}:{node.lineno}: {name}(...) without an N_() message"
        elif name in SHOWN_CALLS:
            shown = [*node.args, *(kw.value for kw in node.keywords if kw.arg in SHOWN_KEYWORDS)]
            for argument in shown:
                for literal in _unworded(argument):
                    text = (_literal_text(literal) or "")[:60]
                    yield f"{where}:{literal.lineno}: {name}(...) shows {text!r} unworded"


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
def test_what_a_user_reads_goes_through_the_catalogs(path: Path) -> None:
    assert list(_findings(path)) == []
