"""The catalogs match the code: every message the code wraps (found by babel's extractor, configured by
babel.cfg as `pybabel extract` is) is translated in pt-BR and es-ES, no catalog keeps one the code no longer
uses, and a translation keeps its placeholders and markdown. The command catalogs hold exactly the tree's
strings, and every localized name follows Discord's naming rules."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from discord import app_commands

from bot.i18n.catalog import COMMANDS, MESSAGES, catalog_of
from bot.i18n.commands import CatalogTranslator, tree_strings
from bot.i18n.locales import TRANSLATED
from bot.localdiscord.validation import COMMAND_NAME, check_commands

ROOT = Path(__file__).resolve().parents[2]


def _extracted() -> set[str]:
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config, str(ROOT / "babel.cfg"))
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(ROOT, method_map, options_map):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_no_translation_is_left_fuzzy() -> None:
    """gettext skips a fuzzy entry (a guess `pybabel update` made) and shows English: none may stay."""
    for language in TRANSLATED:
        for domain in (MESSAGES, COMMANDS):
            fuzzy = [m.id for m in catalog_of(language, domain) if m.id and m.fuzzy]
            assert fuzzy == [], f"{language} {domain}: check these translations and drop the fuzzy flag"


def _entries(language: str, domain: str) -> dict[tuple[str | None, str], tuple[str, ...]]:
    """(context, msgid) -> the translations (one, or each plural form) of every message in a catalog."""
    return {
        (m.context, m.id if isinstance(m.id, str) else m.id[0]): (m.string,)
        if isinstance(m.string, str)
        else tuple(m.string)
        for m in catalog_of(language, domain)
        if m.id
    }


def _placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_in_the_code_is_translated_and_none_is_left_over(language: str) -> None:
    in_code = _extracted()
    in_catalog = {msgid for (_context, msgid) in _entries(language, MESSAGES)}
    assert sorted(in_code - in_catalog) == [], "missing from the catalog: run pybabel update (see babel.cfg)"
    assert sorted(in_catalog - in_code) == [], "no longer used by the code: remove from the catalog"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_their_placeholders_and_markdown(language: str) -> None:
    for (_context, msgid), forms in _entries(language, MESSAGES).items():
        for form in forms:
            assert form.strip(), f"{msgid!r} has an empty translation"
            assert _placeholders(form) == _placeholders(msgid), (msgid, form)
            for mark in ("**", "`"):
                assert form.count(mark) == msgid.count(mark), (msgid, form)


@pytest.mark.parametrize("language", TRANSLATED)
async def test_the_command_catalog_holds_exactly_the_trees_strings(
    tree: app_commands.CommandTree, language: str
) -> None:
    in_tree = set(tree_strings(tree.get_commands()))
    entries = _entries(language, COMMANDS)
    assert sorted(in_tree - set(entries)) == [], "missing from the commands catalog"
    assert sorted(set(entries) - in_tree) == [], "no longer in the command tree"
    assert all(forms[0].strip() for forms in entries.values())


def _localized(payload: dict, locale: str) -> str:
    return (payload.get("name_localizations") or {}).get(locale, payload["name"])


def _check_names(items: list[dict], locale: str, where: str) -> None:
    """Names in this locale: Discord's pattern, lowercase, and distinct among siblings (an option's also
    from the other options' English names)."""
    shown = [_localized(item, locale) for item in items]
    assert len(set(shown)) == len(shown), f"{where}: two share a name in {locale}: {shown}"
    for item, name in zip(items, shown, strict=True):
        assert COMMAND_NAME.match(name) and name == name.lower(), f"{where}: {name!r} in {locale}"
        others = {other["name"] for other in items if other is not item}
        assert name not in others, f"{where}: {name!r} in {locale} is another option's English name"
        description = (item.get("description_localizations") or {}).get(locale, item.get("description"))
        assert description is None or 1 <= len(description) <= 100, (where, description)
        for choice in item.get("choices") or []:
            assert 1 <= len((choice.get("name_localizations") or {}).get(locale, choice["name"])) <= 100
        _check_names(item.get("options") or [], locale, f"{where} {item['name']}")


@pytest.mark.parametrize("locale", TRANSLATED)
async def test_every_localized_name_follows_discords_naming_rules(
    tree: app_commands.CommandTree, locale: str
) -> None:
    translator = CatalogTranslator()
    payload = [await command.get_translated_payload(tree, translator) for command in tree.get_commands()]
    slash = [item for item in payload if item.get("type", 1) == 1]
    _check_names(slash, locale, "/")
    by_name = {item["name"]: item for item in slash}
    assert by_name["contract"]["name_localizations"][locale] == "contrato"
    check_commands(payload, is_global=True)  # and the local Discord server, which checks them as Discord does
    menus = [item for item in payload if item.get("type") == 3]
    assert [_localized(item, locale) for item in menus] == [
        {"pt-BR": "Acompanhar como milestone", "es-ES": "Seguir como hito"}[locale]
    ]


def test_names_and_words_match_the_faq_translations() -> None:
    """The commands speak as the translated FAQ does: milestone stays `milestone` in pt-BR, and is `hito`
    in es-ES."""
    faq = ROOT / "bot" / "faq" / "topics"
    assert re.search(r"\bmilestone\b", (faq / "pt-BR" / "milestones.md").read_text(encoding="utf-8"))
    assert re.search(r"\bhito\b", (faq / "es-ES" / "milestones.md").read_text(encoding="utf-8"))
    assert _entries("pt-BR", COMMANDS)[("command", "milestone")] == ("milestone",)
    assert _entries("es-ES", COMMANDS)[("command", "milestone")] == ("hito",)
