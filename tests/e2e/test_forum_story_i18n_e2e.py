"""The forum story in Brazilian Portuguese and in Spanish, end to end through the real client.

A freelancer whose Discord speaks pt-BR (or es-ES) registers a fixed-price contract of three milestones,
typing amounts as their language writes them (`3.751,50`, `1.250,50`); funds, submits and releases two
of them, gets the reminder DMs (at once, and after the clock moves a week), ends the contract with the
third never funded, records the bonus, and reads everything back (/contract view, /summary, /reminders
list, /help, /faq). Every reply and DM is checked for English (tests/e2e/language_check.py): the catalog's
English sentences, and every run of English words the same story shows when told in English. The synced
command tree is read from the local server as Discord keeps it, with the names a user of each language
sees. A user who only reads gets their DMs in the language they now use, and a `/settings language`
choice holds for DMs whatever Discord says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from bot.app import MilestoneBot
from bot.clock import ManualClock
from bot.localdiscord import FakeUser, LocalDiscord, Message
from bot.localdiscord.harness import running_bot
from bot.localdiscord.results import InteractionResult
from bot.settings import Settings
from storage.users import Users
from tests.e2e.language_check import LanguageCheck, english_runs, shown
from tests.e2e.scheduling import GUARD, settled

NBSP = "\xa0"
WEEK = timedelta(days=7, minutes=1)  # past the 72-hour warning of a milestone due in 10 days


@dataclass(frozen=True)
class Tongue:
    """A language of the story: how its user's data reads and what they should see."""

    locale: str
    currency: str
    contract: str
    money: str  # how 1.250,50 of the currency is written
    agreed: str  # and 3.751,50
    # Specific phrases a user of the language would notice, by step
    view_words: tuple[str, ...]
    due_soon_title: str
    due_soon_buttons: tuple[str, ...]
    fund_button: str
    ended_buttons_count: int = 3


PORTUGUESE = Tongue(
    locale="pt-BR",
    currency="BRL",
    contract="Pesquisa jurídica",
    money=f"R${NBSP}1.250,50",
    agreed=f"R${NBSP}3.751,50",
    view_words=("Dana · Upwork · combinado", "Dinheiro (BRL)", "Milestones"),
    due_soon_title="Prazo chegando e sem depósito",
    due_soon_buttons=("Marcar depósito", "Adiar…", "Silenciar este milestone"),
    fund_button="Marcar depósito",
)
SPANISH = Tongue(
    locale="es-ES",
    currency="EUR",
    contract="Investigación jurídica",
    money=f"1.250,50{NBSP}€",
    agreed=f"3.751,50{NBSP}€",
    view_words=("Dana · Upwork · acordado", "Dinero (EUR)", "Hitos"),
    due_soon_title="Vence pronto y sin financiar",
    due_soon_buttons=("Marcar financiado", "Posponer…", "Silenciar este hito"),
    fund_button="Marcar financiado",
)
TONGUES = [pytest.param(PORTUGUESE, id="pt-BR"), pytest.param(SPANISH, id="es-ES")]
PARTS = (("Parte 1", "in 3 days"), ("Parte 2", "in 10 days"), ("Parte 3", "in 17 days"))

# The commands the story uses, as a user of each language finds them in Discord's command picker.
STORY_COMMANDS = {
    "contract add": ("contrato adicionar", "contrato añadir"),
    "contract view": ("contrato ver", "contrato ver"),
    "contract list": ("contrato listar", "contrato listar"),
    "contract end": ("contrato encerrar", "contrato cerrar"),
    "contract bonus": ("contrato bônus", "contrato bonus"),
    "milestone add": ("milestone adicionar", "hito añadir"),
    "milestone fund": ("milestone depositar", "hito financiar"),
    "milestone submit": ("milestone entregar", "hito entregar"),
    "milestone release": ("milestone liberar", "hito liberar"),
    "summary": ("resumo", "resumen"),
    "reminders list": ("lembretes listar", "recordatorios listar"),
    "settings language": ("configurações idioma", "ajustes idioma"),
    "help": ("ajuda", "ayuda"),
    "faq show": ("faq mostrar", "faq mostrar"),
}


@dataclass
class Told:
    """One telling of the story: what the user read at each step, and the bot's reminder DMs."""

    check: LanguageCheck
    view: str = ""
    due_soon_dm: str = ""
    ended_dm: str = ""


async def _dm(server: LocalDiscord, user: FakeUser, count: int) -> Message:
    return (await server.wait_for_dm(user, count=count, timeout=GUARD))[count - 1]


async def _tell(
    server: LocalDiscord,
    bot: MilestoneBot,
    clock: ManualClock,
    user: FakeUser,
    tongue: Tongue,
    check: LanguageCheck,
) -> Told:
    """The forum story, as `user` lives it in whatever language their Discord speaks."""
    told = Told(check)
    c = check.check
    english = user.locale == "en-US"
    story = {"contract": tongue.contract}
    price, part_amount = ("3,751.50", "1,250.50") if english else ("3.751,50", "1.250,50")  # as each types it

    async def run(
        step: str, name: str, options: dict[str, Any] | None = None, *expected: str
    ) -> InteractionResult:
        reply = await server.command(user, name, options)
        c(step, reply, *(() if english else expected))
        return reply

    await run(
        "/contract add",
        "contract add",
        {"title": tongue.contract, "client": "Dana", "price": price, "currency": tongue.currency},
        tongue.agreed,
    )
    for number, (part, due) in enumerate(PARTS, start=1):
        await run(
            f"/milestone add {part}",
            "milestone add",
            {**story, "title": part, "amount": part_amount, "due": due},
            tongue.money,
        )
        if number == 1:  # due in 3 days and not funded: the 72-hour warning goes out at once
            dm = await _dm(server, user, 1)
            c(
                "DM: Parte 1 due soon and not funded",
                dm,
                *(() if english else (tongue.due_soon_title, tongue.money)),
            )

    first = {**story, "milestone": "Parte 1"}
    await run("/milestone fund Parte 1", "milestone fund", first, tongue.money)
    await run("/milestone submit Parte 1", "milestone submit", first)
    await run("/milestone release Parte 1", "milestone release", first, tongue.money)

    clock.advance(WEEK)  # Parte 2 is due in three days and still not funded
    await settled(bot)
    dm = await _dm(server, user, 2)
    told.due_soon_dm = c(
        "DM: Parte 2 due soon, a week later", dm, *(() if english else (tongue.due_soon_title, tongue.money))
    )
    check.expect(
        "DM: Parte 2 due soon, a week later",
        english or [b.label for b in dm.buttons] == list(tongue.due_soon_buttons),
        f"buttons {[b.label for b in dm.buttons]}",
    )
    await server.press(user, dm, label="Mark funded" if english else tongue.fund_button)
    c("DM: Parte 2 after pressing the fund button", dm)

    await run(
        "/contract view with Parte 2 funded from the DM",
        "contract view",
        story,
        *tongue.view_words,
        tongue.agreed,
        tongue.money,
    )
    third = {**story, "milestone": "Parte 3"}
    refused = await run("/milestone release Parte 3, never funded (refused)", "milestone release", third)
    check.expect("/milestone release Parte 3", refused.ephemeral, "the refusal is not private")

    second = {**story, "milestone": "Parte 2"}
    await run("/milestone submit Parte 2", "milestone submit", second)
    await run(
        "/milestone release Parte 2 (amount typed 1.250,50)",
        "milestone release",
        {**second, "amount": part_amount},
        tongue.money,
    )

    await run("/summary with the contract running", "summary", None, tongue.money)
    await run("/reminders list with Parte 3 ahead", "reminders list", None, "Parte 3")
    await run("/contract end", "contract end", story, tongue.money)
    await settled(bot)
    dm = await _dm(server, user, 3)  # the contract ended with Parte 3 never funded
    told.ended_dm = c("DM: the contract ended with money left", dm, *(() if english else (tongue.money,)))
    await run("/contract bonus 1.250,50", "contract bonus", {**story, "amount": part_amount}, tongue.money)

    view = await run(
        "/contract view", "contract view", story, *tongue.view_words, tongue.agreed, tongue.money
    )
    told.view = shown(view)
    await run("/contract list", "contract list", {"status": "all"}, tongue.contract)
    await run("/summary once it ended", "summary")
    await run("/help", "help")
    await run("/faq show milestones", "faq show", {"topic": "milestones"})
    return told


async def _english_story(
    server: LocalDiscord, bot: MilestoneBot, clock: ManualClock, tongue: Tongue
) -> frozenset[str]:
    """The same story with the same data, told to a user whose Discord speaks English: its English words."""
    sam = server.add_user("sam")
    told = await _tell(server, bot, clock, sam, tongue, LanguageCheck("en-US"))
    said = "\n".join(text for _, text in told.check.seen)
    assert "Due soon and not funded" in said and "Pesquisa" not in said.replace(tongue.contract, "")
    return english_runs((text for _, text in told.check.seen), typed=(tongue.contract, "Dana", "Parte"))


@pytest.mark.parametrize("tongue", TONGUES)
async def test_the_forum_story_in_the_users_language(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, tongue: Tongue
) -> None:
    english = await _english_story(discord_server, milestone_bot, clock, tongue)
    user = discord_server.add_user("ana" if tongue is PORTUGUESE else "lucia")
    user.locale = tongue.locale
    check = LanguageCheck(tongue.locale, english)

    told = await _tell(discord_server, milestone_bot, clock, user, tongue, check)

    print(f"\n===== {tongue.locale}: /contract view =====\n{told.view}")
    print(f"\n===== {tongue.locale}: reminder DM (Parte 2, a week later) =====\n{told.due_soon_dm}")
    print(f"\n===== {tongue.locale}: DM when the contract ended =====\n{told.ended_dm}")
    check.verdict()


def _as_shown(item: dict[str, Any], key: str, locale: str) -> str:
    """What Discord shows a user of `locale`: the localized text, the default one when there is none."""
    default = item["name"] if key == "name" else item["description"]
    return str((item.get(f"{key}_localizations") or {}).get(locale, default))


@pytest.mark.parametrize("tongue", TONGUES)
async def test_the_synced_tree_names_the_storys_commands_in_the_users_language(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, tongue: Tongue
) -> None:
    index = 0 if tongue is PORTUGUESE else 1
    registered = {command["name"]: command for command in discord_server.commands}  # as the bot synced them
    shown_names: dict[str, str] = {}
    untranslated: list[str] = []
    for path in STORY_COMMANDS:
        top, *sub = path.split()
        items = [registered[top]]
        if sub:
            items += [option for option in registered[top]["options"] if option["name"] == sub[0]]
        shown_names[path] = " ".join(_as_shown(item, "name", tongue.locale) for item in items)
        leaf = items[-1]
        options = [option for option in leaf.get("options") or [] if option["type"] > 2]
        for item in (*items, *options):  # every description, and every option a user fills in
            if _as_shown(item, "description", tongue.locale) == item["description"]:
                untranslated.append(f"{path}: {item['name']}: {item['description']!r}")
    assert shown_names == {path: names[index] for path, names in STORY_COMMANDS.items()}
    assert untranslated == []


@pytest.mark.parametrize("tongue", TONGUES)
async def test_a_language_chosen_with_settings_holds_for_replies_and_dms_whatever_discord_says(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, tongue: Tongue
) -> None:
    user = discord_server.add_user("kim")  # Discord in English
    check = LanguageCheck(tongue.locale)
    c = check.check
    chose = await discord_server.command(user, "settings language", {"language": tongue.locale})
    c("/settings language", chose)
    added = await discord_server.command(
        user,
        "contract add",
        {"title": tongue.contract, "client": "Dana", "price": "3.751,50", "currency": tongue.currency},
    )
    c("/contract add", added, tongue.agreed)
    await discord_server.command(
        user,
        "milestone add",
        {"contract": tongue.contract, "title": "Parte 2", "amount": "1.250,50", "due": "in 10 days"},
    )
    clock.advance(WEEK)
    await settled(milestone_bot)
    (dm,) = await discord_server.wait_for_dm(user, timeout=GUARD)
    c("DM: due soon, a week after choosing the language", dm, tongue.due_soon_title, tongue.money)
    check.verdict()


@pytest.mark.parametrize("tongue", TONGUES)
async def test_a_user_who_only_reads_gets_dms_in_the_language_they_now_use_and_reads_write_nothing_more(
    discord_server: LocalDiscord,
    milestone_bot: MilestoneBot,
    clock: ManualClock,
    tongue: Tongue,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user = discord_server.add_user("kim")
    await discord_server.command(
        user,
        "contract add",
        {"title": tongue.contract, "client": "Dana", "price": "3751.50", "currency": tongue.currency},
    )
    await discord_server.command(
        user,
        "milestone add",
        {"contract": tongue.contract, "title": "Parte 2", "amount": "1250.50", "due": "in 10 days"},
    )
    saved: list[str] = []
    remember = Users.remember_locale

    async def counted(self: Users, user_id: int, locale: str) -> None:
        saved.append(locale)
        await remember(self, user_id, locale)

    monkeypatch.setattr(Users, "remember_locale", counted)
    await discord_server.command(user, "contract view", {"contract": tongue.contract})
    assert saved == []  # the same language as what they saved: nothing written

    user.locale = tongue.locale  # they switched Discord to their language, and only read from now on
    check = LanguageCheck(tongue.locale)
    viewed = await discord_server.command(user, "contract view", {"contract": tongue.contract})
    check.check("/contract view after switching Discord", viewed, *tongue.view_words)
    check.expect("/contract view after switching Discord", saved == [tongue.locale], f"saved {saved}")
    for command, options in (
        ("summary", None),
        ("reminders list", None),
        ("contract view", {"contract": tongue.contract}),
    ):
        await discord_server.command(user, command, options)
    known = saved == [tongue.locale]  # known to be saved: the reads wrote nothing more
    check.expect("/summary, /reminders list, /contract view", known, f"saved {saved}")

    clock.advance(WEEK)
    await settled(milestone_bot)
    (dm,) = await discord_server.wait_for_dm(user, timeout=GUARD)
    check.check(
        "DM: due soon, after only reading in the new language", dm, tongue.due_soon_title, tongue.money
    )
    check.verdict()


async def test_after_a_restart_a_read_in_the_saved_language_writes_nothing(
    discord_server: LocalDiscord, settings: Settings, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana = discord_server.add_user("ana")
    ana.locale = "pt-BR"
    async with running_bot(discord_server, MilestoneBot(settings, clock=clock)):
        await discord_server.command(ana, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})

    saved: list[str] = []
    remember = Users.remember_locale

    async def counted(self: Users, user_id: int, locale: str) -> None:
        saved.append(locale)
        await remember(self, user_id, locale)

    monkeypatch.setattr(Users, "remember_locale", counted)
    async with running_bot(discord_server, MilestoneBot(settings, clock=clock)):
        viewed = await discord_server.command(ana, "contract view", {"contract": "Logo"})
        assert "combinado" in viewed.text
        assert saved == []  # read once from the database: already pt-BR, so nothing is written
        ana.locale = "es-ES"
        await discord_server.command(ana, "summary")
        assert saved == ["es-ES"]
