"""The domain's refusals read in the user's language through the one error path (cogs/common/errors.py),
their values shown as that language writes them: an amount as `R$ 1.250,50`, a command by its localized
name, a milestone's status in its words. `error.message` stays English plain text for logs and tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.errors import UserFacingError
from bot.domain.lifecycle import EventKind, Milestone, apply_step, check_amount_edit
from bot.domain.money import Money, parse_money
from bot.domain.platforms import Platform, parse_platform
from bot.i18n.speaking import speaking
from cogs.common.errors import user_message

NBSP = "\xa0"  # babel keeps a symbol and its number together
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _refusal(attempt: Callable[[], object]) -> UserFacingError:
    with pytest.raises(UserFacingError) as refused:
        attempt()
    return refused.value


def _read(error: UserFacingError, locale: str) -> str:
    with speaking(locale):
        message = user_message(error)
    assert message is not None
    return message


def _funded(amount: Money) -> Milestone:
    milestone = Milestone(1, 1, 1, "Sketches", amount, None, changed_at=T0)
    return apply_step(milestone, EventKind.FUND, T0 + timedelta(days=1))[0]


def test_a_funded_amount_refusal_shows_the_amount_and_the_commands_in_each_language() -> None:
    refused = _refusal(lambda: check_amount_edit(_funded(Money(125_050, "BRL")), Money(100, "BRL")))

    portuguese = _read(refused, "pt-BR")
    assert portuguese.startswith(f"O cliente depositou R${NBSP}1.250,50 para este milestone")
    assert "`/milestone liberar`" in portuguese and "`/milestone adicionar`" in portuguese
    spanish = _read(refused, "es-ES")
    assert spanish.startswith(f"El cliente financió 1.250,50{NBSP}BRL para este hito")
    assert "`/hito liberar`" in spanish and "`/hito añadir`" in spanish
    # English, for logs and tests, as before
    assert refused.message.startswith("The client funded 1,250.50 BRL for this milestone")
    assert "/milestone release" in refused.message


def test_the_largest_amount_is_written_as_the_reader_writes_amounts() -> None:
    refused = _refusal(lambda: parse_money("9.999.999.999", "EUR", "es-ES"))
    assert _read(refused, "es-ES") == (
        f"`9.999.999.999` es más de lo que puedo controlar: 1.000.000.000,00{NBSP}€ como máximo."
    )
    assert _read(refused, "pt-BR") == (
        f"`9.999.999.999` é mais do que consigo acompanhar: no máximo €{NBSP}1.000.000.000,00."
    )
    assert _read(refused, "en-US") == "`9.999.999.999` is more than I can track: €1,000,000,000.00 at most."


def test_a_final_milestone_names_its_status_in_the_readers_words() -> None:
    released = apply_step(_funded(Money(5_000, "USD")), EventKind.RELEASE, T0 + timedelta(days=2))[0]
    refused = _refusal(lambda: apply_step(released, EventKind.FUND, T0 + timedelta(days=3)))
    assert _read(refused, "pt-BR") == (
        "Este milestone já está liberado, o que é definitivo, então não pode mais receber depósito."
    )
    assert (
        _read(refused, "es-ES")
        == "Este hito ya está liberado, que es definitivo, así que ya no se puede financiar."
    )
    assert refused.message == "This milestone is already released, which is final, so it can't be funded now."


def test_typed_text_stays_as_typed_and_inert_inside_the_translated_sentence() -> None:
    refused = _refusal(lambda: parse_money("1,234", "BRL", "pt-BR"))
    assert _read(refused, "pt-BR") == (
        "`1,234` pode ser 1234 (milhares separados por vírgula) ou 1,234. "
        "Escreva `1234` ou `1.234` para o primeiro, `1,234` para o segundo."
    )
    braces = _refusal(lambda: parse_money("{amount}`x", "BRL", "es-ES"))
    assert _read(braces, "es-ES").startswith("No he encontrado ningún importe en `{amount}'x`.")


def test_too_many_decimals_are_suggested_back_with_the_locales_decimal_comma() -> None:
    refused = _refusal(lambda: parse_money("10,5", "JPY", "pt-BR"))
    assert (
        _read(refused, "pt-BR")
        == "`10,5` tem mais casas decimais do que JPY permite (0). Tente `10` ou `11`."
    )
    tiny = _refusal(lambda: parse_money("0,001", "BRL", "pt-BR"))
    assert _read(tiny, "pt-BR").endswith("Tente `0,01`.")  # the only amount above zero near it
    cents = _refusal(lambda: parse_money("1,2345", "BRL", "es-ES"))
    assert _read(cents, "es-ES").endswith("Prueba con `1,23` o `1,24`.")
    assert cents.message.endswith("Try `1,23` or `1,24`.")  # as the user types them back


def test_a_locale_with_a_decimal_comma_is_told_its_own_rule_for_a_number_no_way_reads() -> None:
    refused = _refusal(lambda: parse_money("1,2,3", "BRL", "pt-BR"))
    assert "`,` marks the decimals, as in `1.250,50`" in refused.message
    assert "a `,` marca os decimais, como em `1.250,50`" in _read(refused, "pt-BR")


def test_the_platforms_named_in_a_refusal_are_the_platforms_there_are() -> None:
    refused = _refusal(lambda: parse_platform("etsy"))
    listed = refused.message.split("Pick one of ", 1)[1].rstrip(".")
    assert listed == ", ".join(f"`{platform.value}`" for platform in Platform)
    empty = _refusal(lambda: parse_platform(" "))
    assert empty.message.split(": ", 1)[1].rstrip(".") == listed
