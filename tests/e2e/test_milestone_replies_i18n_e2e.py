"""A milestone's whole life in the user's language, end to end through the real client: a Brazilian and a
Spanish freelancer add a contract and milestones, then fund, submit and release them; every reply (and the
autocomplete) is written in their language, with amounts as it writes them and commands named as their
Discord lists them. Their mistakes are answered in their language too, and the drafts for the client come in
their language with the English draft beside it."""

from __future__ import annotations

from bot.app import MilestoneBot
from bot.i18n.commands import command_name
from bot.localdiscord import FakeUser, LocalDiscord
from bot.localdiscord.results import InteractionResult

NBSP = "\xa0"  # babel keeps a symbol and its number together: `R$ 1.250,50`


def _speaking(server: LocalDiscord, name: str, locale: str) -> FakeUser:
    user = server.add_user(name)
    user.locale = locale
    return user


def _title(result: InteractionResult) -> str:
    return str(result.embeds[0]["title"])


def _named(qualified: str, locale: str) -> str:
    """A command as the reply names it to this locale: `/milestone liberar`."""
    return f"`/{command_name(qualified, locale)}`"


async def test_a_brazilian_freelancer_records_a_milestone_from_start_to_payment_in_portuguese(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    ana = _speaking(discord_server, "ana", "pt-BR")
    logo = {"contract": "Logo"}

    added = await discord_server.command(
        ana, "contract add", {"title": "Logo", "client": "Dana", "price": "1.250,50", "currency": "BRL"}
    )
    assert _title(added) == "Adicionado: Logo"
    assert f"Dana · Upwork · combinado R${NBSP}1.250,50 · ativo" in added.text
    footer = added.embeds[0]["footer"]["text"]
    assert footer.startswith(f"Próximo passo: /{command_name('milestone add', 'pt-BR')} para cada milestone")

    sketches = await discord_server.command(
        ana, "milestone add", {**logo, "title": "Esboços", "amount": "500,25", "due": "in 3 days"}
    )
    assert _title(sketches) == "Adicionado: Esboços"
    assert f"**Esboços** · R${NBSP}500,25 · sem depósito" in sketches.text
    assert f"Ainda sem depósito: **R${NBSP}500,25**" in sketches.text
    assert "Os milestones somam" in sketches.text  # 500,25 of 1.250,50: the rest is in no milestone
    final = await discord_server.command(
        ana, "milestone add", {**logo, "title": "Arte final", "amount": "750,25"}
    )
    assert f"Milestones: **R${NBSP}1.250,50** dos **R${NBSP}1.250,50** combinados" in final.text
    assert "somam" not in final.text  # they match the agreed price now

    step = {**logo, "milestone": "Esboços"}
    funded = await discord_server.command(ana, "milestone fund", step)
    assert _title(funded) == "Depositado: Esboços"
    assert f"R${NBSP}500,25 · com depósito" in funded.text
    assert (
        f"Em escrow: **R${NBSP}500,25** · aguarda uma liberação ({_named('milestone release', 'pt-BR')})"
        in (funded.text)
    )

    submitted = await discord_server.command(ana, "milestone submit", step)
    assert _title(submitted) == "Entregue: Esboços"
    assert "A revisão termina <t:" in submitted.text
    assert "a Upwork libera o pagamento nesse momento. Eu te lembro antes." in submitted.text
    assert f"Em revisão: **R${NBSP}500,25**" in submitted.text

    part = await discord_server.command(ana, "milestone release", {**step, "amount": "200"})
    assert _title(part) == "Liberado: Esboços"
    assert f"Liberado R${NBSP}200,00; R${NBSP}300,25 continua em escrow." in part.text
    assert f"registre com {_named('milestone release', 'pt-BR')}" in part.text
    assert f"se você discordar, {_named('milestone dispute', 'pt-BR')}" in part.text

    rest = await discord_server.command(ana, "milestone release", step)
    assert _title(rest) == "Liberado: Esboços"
    assert f"R${NBSP}500,25 · liberado" in rest.text
    assert f"Liberado: **R${NBSP}500,25**" in rest.text
    assert "Released" not in rest.text and "Next" not in rest.text

    listed = await discord_server.command(ana, "contract list")
    assert _title(listed) == "Seus contratos (ativos)"
    assert (
        f"Liberado R${NBSP}500,25 · em escrow R${NBSP}0,00 · ainda sem depósito R${NBSP}750,25" in listed.text
    )


async def test_a_spanish_freelancer_records_a_milestone_from_start_to_payment_in_spanish(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    lucia = _speaking(discord_server, "lucia", "es-ES")
    web = {"contract": "Web"}

    added = await discord_server.command(
        lucia, "contract add", {"title": "Web", "client": "Pablo", "price": "2.000", "currency": "EUR"}
    )
    assert _title(added) == "Añadido: Web"
    assert f"Pablo · Upwork · acordado 2.000,00{NBSP}€ · activo" in added.text

    mockup = await discord_server.command(
        lucia, "milestone add", {**web, "title": "Maqueta", "amount": "1.250,50"}
    )
    assert _title(mockup) == "Añadido: Maqueta"
    assert f"**Maqueta** · 1.250,50{NBSP}€ · sin financiar" in mockup.text
    assert "Los hitos suman" in mockup.text

    contracts = await discord_server.autocomplete(lucia, "contract view", {"contract": ""}, "contract")
    assert [c["name"] for c in contracts] == [f"Web · 2.000,00{NBSP}€ · activo"]
    milestones = await discord_server.autocomplete(
        lucia, "milestone fund", {"contract": contracts[0]["value"], "milestone": ""}, "milestone"
    )
    assert [m["name"] for m in milestones] == [f"Maqueta · 1.250,50{NBSP}€ · sin financiar"]

    step = {**web, "milestone": "Maqueta"}
    funded = await discord_server.command(lucia, "milestone fund", step)
    assert _title(funded) == "Financiado: Maqueta"
    assert f"En escrow: **1.250,50{NBSP}€**" in funded.text

    submitted = await discord_server.command(lucia, "milestone submit", step)
    assert _title(submitted) == "Entregado: Maqueta"
    assert "La revisión termina <t:" in submitted.text
    assert "Upwork libera el pago en ese momento. Te lo recordaré antes." in submitted.text

    part = await discord_server.command(lucia, "milestone release", {**step, "amount": "1.000"})
    assert _title(part) == "Liberado: Maqueta"
    assert f"Liberado 1.000,00{NBSP}€; 250,50{NBSP}€ sigue en escrow." in part.text
    assert f"si quiere que se le devuelva, {_named('milestone refund-request', 'es-ES')}" in part.text

    rest = await discord_server.command(lucia, "milestone release", step)
    assert _title(rest) == "Liberado: Maqueta"
    assert f"Liberado: **1.250,50{NBSP}€**" in rest.text
    assert "Released" not in rest.text


async def test_mistakes_are_answered_in_the_users_language(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    ana = _speaking(discord_server, "ana", "pt-BR")
    lucia = _speaking(discord_server, "lucia", "es-ES")

    none = await discord_server.command(
        ana, "milestone add", {"contract": "Logo", "title": "X", "amount": "5"}
    )
    assert none.ephemeral
    assert f"Você ainda não tem contratos: adicione um com {_named('contract add', 'pt-BR')}." in none.text

    await discord_server.command(lucia, "contract add", {"title": "Web", "client": "Pablo", "price": "100"})
    await discord_server.command(
        lucia, "milestone add", {"contract": "Web", "title": "Maqueta", "amount": "50"}
    )
    twice = await discord_server.command(
        lucia, "milestone add", {"contract": "Web", "title": "Maqueta", "amount": "50"}
    )
    assert twice.ephemeral and "`Web` ya tiene un hito llamado `Maqueta`." in twice.text
    typo = await discord_server.command(lucia, "milestone fund", {"contract": "Web", "milestone": "Maquet"})
    assert typo.ephemeral
    assert "`Web` no tiene ningún hito llamado `Maquet`. ¿Quisiste decir `Maqueta`?" in typo.text
    wrong = await discord_server.command(
        lucia, "milestone release", {"contract": "Web", "milestone": "Maqueta", "amount": "10 GBP"}
    )
    assert wrong.ephemeral and "`Web` está en USD; indica el importe en USD." in wrong.text


async def test_a_draft_for_the_client_comes_in_the_users_language_with_the_english_one_beside_it(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    ana = _speaking(discord_server, "ana", "pt-BR")
    await discord_server.command(ana, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
    await discord_server.command(
        ana, "milestone add", {"contract": "Logo", "title": "Esboços", "amount": "150", "due": "in 3 days"}
    )
    viewed = await discord_server.command(ana, "contract view", {"contract": "Logo"})
    assert [b.label for b in viewed.buttons] == ["Rascunhar uma mensagem"]

    draft = await discord_server.press(ana, viewed, label="Rascunhar uma mensagem")
    assert draft.ephemeral
    intro, mine, between, english, _ = draft.text.split("```")
    assert intro.strip() == "Aqui está uma mensagem que você pode copiar e enviar para Dana:"
    assert mine.strip().startswith(f"Olá, Dana! Antes de eu começar “Esboços” (US${NBSP}150,00, prazo ")
    assert "você pode fazer o depósito desse milestone na Upwork?" in mine
    assert mine.strip().endswith("Páginas de ajuda da Upwork: https://support.upwork.com/hc/en-us")
    assert between.strip() == "A mesma mensagem em inglês, se você fala com Dana em inglês:"
    assert english.strip().startswith("Hi Dana, before I start on “Esboços” ($150.00, due ")
    assert english.strip().endswith("Upwork's help pages: https://support.upwork.com/hc/en-us")
