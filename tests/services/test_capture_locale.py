"""Track as milestone reads the amounts in a client's message the way the reader's locale writes them, as
`/milestone` options are read: in pt-BR and es-ES `1.250,50` is 1,250.50, and in English it is asked about."""

from __future__ import annotations

import pytest

from bot.domain.capture import NoteKind
from bot.domain.money import Money
from bot.i18n.speaking import speaking
from tests.services.conftest import World

OWNER = 42


@pytest.mark.parametrize(
    ("locale", "message", "amount"),
    [
        ("pt-BR", "Oi! O logo sai por R$ 1.250,50, pode ser?", Money(125_050, "BRL")),
        ("es-ES", "Hola, el milestone es de 1.250,50 € en total", Money(125_050, "EUR")),
        ("pt-BR", "Milestone: BRL 2.000", Money(200_000, "BRL")),
        ("es-ES", "Budget 1,5k EUR", Money(150_000, "EUR")),
        (
            "pt-BR",
            "Budget $1,250.50 please",
            Money(125_050, "USD"),
        ),  # the English way, unambiguous, still reads
    ],
)
async def test_amounts_in_a_message_are_read_as_the_readers_locale_writes_them(
    services: World, locale: str, message: str, amount: Money
) -> None:
    with speaking(locale):
        start = await services.capture.read(OWNER, message, None)  # type: ignore[attr-defined]
    assert start.captured.amount == amount


async def test_in_english_the_same_amount_is_not_guessed(services: World) -> None:
    start = await services.capture.read(OWNER, "Logo design, budget BRL 1.250,50 please", None)  # type: ignore[attr-defined]
    assert start.captured.amount is None
    assert NoteKind.AMOUNT_NOT_READ in [note.kind for note in start.captured.notes]


async def test_the_form_checks_the_amount_as_the_reader_writes_it(services: World) -> None:
    with speaking("pt-BR"):
        checked = await services.capture.check(  # type: ignore[attr-defined]
            OWNER, title="Logo", amount="1.250,50", due=None
        )
    assert checked.amount == "1.250,50"


async def test_a_message_that_names_nothing_prefills_a_title_in_the_readers_language(services: World) -> None:
    with speaking("pt-BR"):
        start = await services.capture.read(OWNER, "Hi! $150", None)  # type: ignore[attr-defined]
    assert start.captured.title == "Novo milestone"
    with speaking("es-ES"):
        start = await services.capture.read(OWNER, "Hi! $150", None)  # type: ignore[attr-defined]
    assert start.captured.title == "Nuevo hito"
