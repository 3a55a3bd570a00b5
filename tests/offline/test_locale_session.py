"""`milestone-bot try --locale`: the offline session played in another Discord language, where the bot's
replies are translated: `/contract view` and the reminder DM in Portuguese and Spanish, amounts typed
and shown with that language's separators, dates with its weekday and month names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.offline.helpers import after, run_bot

SESSION = """\
/contract add title:Logo client:Dana price:1.250,50 currency:{currency}
/milestone add contract:Logo title:Sketches amount:500,25 due:in 3 days
/contract view contract:Logo
"""


@pytest.mark.parametrize(
    ("locale", "currency", "heading", "dm_title", "when", "buttons"),
    [
        (
            "pt-BR",
            "BRL",
            "Dana · Upwork · combinado R$ 1.250,50 · ativo",
            "Prazo chegando e sem depósito",
            r"((segunda|terça|quarta|quinta|sexta)-feira|sábado|domingo), \d{1,2} de [a-zç]+ de 20\d\d \d\d:\d\d",
            "[1] Marcar depósito  [2] Adiar…  [3] Silenciar este milestone",
        ),
        (
            "es-ES",
            "EUR",
            "Dana · Upwork · acordado 1.250,50 € · activo",
            "Vence pronto y sin financiar",
            r"(lunes|martes|miércoles|jueves|viernes|sábado|domingo), \d{1,2} de [a-z]+ de 20\d\d \d{1,2}:\d\d",
            "[1] Marcar financiado  [2] Posponer…  [3] Silenciar este hito",
        ),
    ],
)
def test_the_offline_session_speaks_the_locale_it_is_given(
    tmp_path: Path, locale: str, currency: str, heading: str, dm_title: str, when: str, buttons: str
) -> None:
    result = run_bot(["try", "--locale", locale], SESSION.format(currency=currency), tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout.replace("\xa0", " ")
    viewed = after(out, "/contract view contract:Logo")
    assert heading in viewed
    # The due date, with its weekday and month in that language, however the box wrapped it.
    flowing = " ".join(re.sub(r"[│╭╮╰╯─]", " ", viewed).split())
    assert re.search(when, flowing), flowing
    assert dm_title in out and buttons in out


def test_an_unknown_locale_is_refused_with_the_ones_discord_has(tmp_path: Path) -> None:
    result = run_bot(["try", "--locale", "pt-PT"], "", tmp_path)
    assert result.returncode == 2
    assert "pt-BR" in result.stderr


def test_the_offline_session_in_spanish_answers_help_prompts_and_files_in_spanish(tmp_path: Path) -> None:
    """What the bot says and what the terminal writes around it, as Discord's client would in Spanish;
    commands are still typed by their English names (`:help` and the typing help stay English)."""
    lines = "/help\n/calendar\n/privacy delete\n2\n"
    result = run_bot(["try", "--locale", "es-ES"], lines, tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout.replace("\xa0", " ")
    assert "Milestone Bot, sin conexión: el bot real y un sustituto local de Discord" in out
    shown = " ".join(after(out, "/help").split())
    assert "Empieza en un minuto" in shown and "/contrato añadir un contrato" in shown
    assert "solo tú puedes ver este mensaje" in shown
    calendar = after(out, "/calendar")
    assert "Aún no hay plazos por delante" in calendar and "guardado en" in calendar
    asked = after(out, "/privacy delete")
    assert "¿Borrar todos tus datos?" in asked and "[1] Borrar todo  [2] Cancelar" in asked
    assert "Cancelado. No se ha cambiado nada." in after(out, "2")


def test_commands_can_be_typed_by_the_names_the_locales_discord_shows(tmp_path: Path) -> None:
    """Replies name commands as the user's Discord shows them (`/milestone adicionar`): those names, and
    the options' and choices', can be typed too; the English ones still work."""
    lines = (
        "/contrato adicionar título:Logo cliente:Dana preço:1.250,50 moeda:BRL\n"
        "/milestone adicionar contrato:Logo título:Esboços valor:500,25\n"
        "/contrato listar situação:todos\n"
        "/contract view contract:Logo\n"
    )
    result = run_bot(["try", "--locale", "pt-BR"], lines, tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout.replace("\xa0", " ")
    assert "✗" not in out, out
    assert "Dana · Upwork · combinado R$ 1.250,50 · ativo" in after(out, "/contrato listar situação:todos")
    assert "Esboços · R$ 500,25 · sem depósito" in after(out, "/contract view contract:Logo")


def test_the_demo_plays_and_checks_itself_in_spanish(tmp_path: Path) -> None:
    """`try --demo --locale es-ES`: buttons pressed by what they do, facts checked as the bot words them."""
    result = run_bot(["try", "--demo", "--locale", "es-ES"], "", tmp_path)
    out = result.stdout.replace("\xa0", " ")
    assert result.returncode == 0, out[-2000:] + result.stderr
    assert "demo check failed" not in out
    assert 'due:"en 10 días"' in out  # the due dates typed in Spanish, read as such
    assert "(Marcar liberado)" in out  # the reminder's button, pressed by its number
    ending = out.rsplit('> /contract view contract:"Legal research"', 1)[1].split("\n> ", 1)[0]
    assert "Liberado: 100,00 US$" in ending and "Final memo · 50,00 US$ · anulado" in ending
