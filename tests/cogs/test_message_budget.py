"""Every reply builder, fed the extremes: each payload it makes is within Discord's message limits, and the
pages together keep every milestone and money line.

Hypothesis picks titles and names as long as the bot accepts, made of characters that markdown escaping
doubles (and emoji that count twice in UTF-16), up to 60 milestones in various states, and up to 26
currencies. The data is made through the real services on a real SQLite file, then shown through the same
functions the commands and the reminder DMs use, in English and in each translated language (whose words are
longer), and each message is checked with `limits.problems`.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

import discord
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.clock import ManualClock
from bot.domain.errors import UserFacingError
from bot.domain.lifecycle import EventKind
from bot.domain.reminders import Topic
from bot.i18n.locales import ENGLISH, TRANSLATED
from bot.i18n.speaking import _, speaking
from bot.services.delivery import DueBatch, DueReminder
from bot.services.reminders import Pressed, ReminderAction
from cogs.common import limits
from cogs.common.layout import Reply, layout
from cogs.common.render import amount, contract_reply, ending_notes, figures_lines
from cogs.contracts.cog import contracts_reply
from cogs.milestones.cog import change_reply
from cogs.reminders.buttons import reminders_view
from cogs.reminders.cog import overview_reply
from cogs.reminders.render import DONE_FIELD, dm_parts, outcome_line
from cogs.summary.cog import summary_reply
from storage.database import Database
from tests.services.conftest import START, World

CURRENCIES = [
    "USD",
    "EUR",
    "GBP",
    "JPY",
    "CHF",
    "CAD",
    "AUD",
    "NZD",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "CZK",
    "HUF",
    "BRL",
    "MXN",
    "INR",
    "CNY",
    "HKD",
    "SGD",
    "ZAR",
    "TRY",
    "ILS",
    "KRW",
    "THB",
    "AED",
]
DOUBLED = "*_~`|>\\@#:<"  # markdown and mention escaping put a character before each of these
_owners = itertools.count(10_000)
# Each press that leaves a note in the reminder's embed (in place of its buttons).
PRESSES = [
    ReminderAction.FUND,
    ReminderAction.SUBMIT,
    ReminderAction.RELEASE,
    ReminderAction.NOT_YET,
    ReminderAction.SNOOZE,
    ReminderAction.MUTE,
    ReminderAction.UNMUTE,
]

BUDGET = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def services(db: Database) -> World:
    return World(db, ManualClock(START))


def names(marker: str) -> st.SearchStrategy[str]:
    """A name the bot accepts (up to 100 characters), starting with a marker the test finds it by."""
    body = st.text(alphabet=st.sampled_from([*DOUBLED, "🎉", "x"]), min_size=0, max_size=100 - len(marker))
    return body.map(lambda text: (marker + text)[:100])


def fits(
    embeds: list[discord.Embed], view: discord.ui.View | None = None, content: str | None = None
) -> None:
    found = limits.problems(content, embeds, view)
    assert not found, found


def pages_of(reply: Reply) -> list[discord.Embed]:
    pages = layout(reply)
    for page in pages:
        fits([page])
    return pages


def shown(pages: list[discord.Embed]) -> str:
    return "\n".join(
        "\n".join([page.title or "", page.description or ""] + [f"{f.name}\n{f.value}" for f in page.fields])
        for page in pages
    )


@given(
    title=names("T"),
    client=names("C"),
    milestone_titles=st.lists(names("M"), min_size=0, max_size=60),
    currencies=st.lists(st.sampled_from(CURRENCIES), min_size=1, max_size=26, unique=True),
    typed=st.sampled_from(["1", "999,999,999.99", "123,456.78"]),
)
@example(  # the worst case, always tried: every name at its longest, each character escaped
    title="T" + "*" * 99,
    client="C" + "_" * 99,
    milestone_titles=["M" + "~" * 97] * 60,
    currencies=CURRENCIES,
    typed="123,456.78",
)
@BUDGET
@pytest.mark.parametrize("locale", [ENGLISH, *TRANSLATED])
async def test_every_reply_builder_stays_within_discords_limits(
    services: World,
    locale: str,
    title: str,
    client: str,
    milestone_titles: list[str],
    currencies: list[str],
    typed: str,
) -> None:
    """The data is made as an English speaker types it; each reply is shown in `locale`."""
    owner = next(_owners)
    added = await services.contracts.add(owner, title=title, client=client, price="999,999,999")
    contract_id = added.contract.id
    change = None
    for number, milestone_title in enumerate(milestone_titles):
        try:
            change = await services.milestones.add(
                owner,
                contract_id,
                title=f"{number:02d}{milestone_title}"[:100],
                amount=typed,
                due="in 2 days",
            )
        except UserFacingError:  # the milestones pass the agreed price: the bot refuses, which is fine
            break
        if number % 3 == 0:
            change = await services.milestones.act(owner, contract_id, change.milestone.id, EventKind.FUND)
    if change is not None:
        with speaking(locale):
            fits(layout(change_reply(change)))

    view = await services.contracts.view(owner, contract_id)
    with speaking(locale):
        text = shown(pages_of(contract_reply(view)))
        for milestone in view.contract.milestones:
            assert amount(milestone.amount) in text
        assert text.count(figures_lines(view.contract, view.figures)[-1]) == 1  # the total, once

    reminders = [
        DueReminder(
            m.id,
            topic,
            timedelta(days=1),
            services.clock.now(),
            services.clock.now(),
            view.contract,
            m,
            view.figures,
        )
        for m, topic in zip(view.contract.milestones, itertools.cycle(Topic), strict=False)
    ][:5]
    if reminders:
        batch = DueBatch(owner, 1, None, tuple(reminders), locale=locale)
        with speaking(batch.locale):
            parts = dm_parts(batch)
            assert sum(len(part.reminders) for part in parts) == len(reminders)
            for part in parts:
                fits(part.embeds, reminders_view(part.reminders))
                for reminder, embed in zip(part.reminders, part.embeds, strict=True):
                    notes = [
                        outcome_line(
                            Pressed(
                                action,
                                reminder.id,
                                reminder.milestone.title if reminder.milestone else None,
                                snoozed_until=services.clock.now(),
                            )
                        )
                        for action in PRESSES
                    ]
                    embed.add_field(name=DONE_FIELD, value=max(notes, key=limits.size), inline=False)
                fits(part.embeds)  # the longest note a press leaves fits in the room kept for it

    ended = await services.contracts.end(owner, contract_id)
    with speaking(locale):
        pages_of(contract_reply(ended, notes=ending_notes(ended, with_never_funded=False)))

    for code in currencies:
        await services.contracts.add(
            owner, title=f"{code}{title}"[:100], client=client, price="999,999,999", currency=code
        )
    listed = await services.contracts.list_contracts(owner, "all")
    summary = await services.contracts.summary(owner)
    overview = await services.reminders.overview(owner)
    with speaking(locale):
        listed_text = shown(pages_of(contracts_reply(listed, "all")))
        for each in listed:
            assert amount(each.contract.price) in listed_text
        summary_text = shown(pages_of(summary_reply(summary)))
        for code in currencies:
            assert _("Totals in {currency}").format(currency=code) in summary_text
        pages_of(overview_reply(overview))
