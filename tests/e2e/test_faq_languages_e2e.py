"""The help FAQ in the reader's language, end to end through the real client: built-in topics, search and
autocomplete in Portuguese and Spanish, and a server's own text for one language or for all of them."""

from __future__ import annotations

from bot.app import MilestoneBot
from bot.localdiscord import FakeUser, InteractionResult, LocalDiscord

SPANISH_TEXT = "Aquí pedimos a un mentor que revise la entrega antes de que acabe la revisión."
EVERYONE_TEXT = "Here a mentor looks at the delivery before the review ends."


def _speaking(server: LocalDiscord, name: str, locale: str, *, manage_guild: bool = False) -> FakeUser:
    user = server.add_user(name, manage_guild=manage_guild)
    user.locale = locale
    return user


def _topic_lines(result: InteractionResult) -> list[str]:
    description = result.embeds[0].get("description", "")
    return [line.split("`")[1] for line in description.splitlines() if line.startswith("`")]


async def test_a_brazilian_member_reads_and_finds_the_built_in_topics_in_portuguese(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    ana = _speaking(discord_server, "ana", "pt-BR")

    shown = await discord_server.command(ana, "faq show", {"topic": "review-period"})
    embed = shown.embeds[0]
    assert embed["title"] == "Período de revisão e liberação automática"
    assert "14 dias" in embed["description"] and "Submit work" in embed["description"]
    assert [field["name"] for field in embed["fields"]] == ["Fontes"]
    assert embed["footer"]["text"].startswith("Resposta padrão.")

    # A Portuguese word finds the Portuguese topic; the reply around it is in Portuguese too.
    found = await discord_server.command(ana, "faq search", {"query": "reembolso"})
    assert _topic_lines(found)[0] == "refunds-and-disputes"
    assert "Pedidos de reembolso e disputas" in found.text
    assert found.embeds[0]["title"] == "Busca no FAQ: reembolso"
    # Typed without the accent, as on a phone.
    assert _topic_lines(await discord_server.command(ana, "faq search", {"query": "deposito"}))[0] == (
        "funding-and-escrow"
    )

    listed = await discord_server.command(ana, "faq list")
    assert listed.embeds[0]["title"] == "Tópicos do FAQ neste servidor"
    assert "Liberado, pendente, disponível: cadê meu dinheiro?" in listed.text

    choices = await discord_server.autocomplete(ana, "faq show", {"topic": "cadê"}, "topic")
    assert [choice["value"] for choice in choices] == ["payment-hold"]

    # An English reader of the same server still reads English.
    bob = _speaking(discord_server, "bob", "en-US")
    english = await discord_server.command(bob, "faq show", {"topic": "review-period"})
    assert english.embeds[0]["title"] == "Review period and auto-release"


async def test_a_servers_text_for_one_language_comes_before_its_text_for_all_and_reset_restores(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    admin = _speaking(discord_server, "ada", "es-ES", manage_guild=True)
    lucia = _speaking(discord_server, "lucia", "es-ES")
    mateo = _speaking(discord_server, "mateo", "es-419")  # Latin American Spanish reads the Spanish text
    ana = _speaking(discord_server, "ana", "pt-BR")
    bob = _speaking(discord_server, "bob", "en-US")

    async def title_for(user: FakeUser) -> str:
        shown = await discord_server.command(user, "faq show", {"topic": "review-period"})
        return str(shown.embeds[0]["title"])

    spanish = await discord_server.command(
        admin,
        "faq-admin set",
        {"topic": "review-period", "title": "Revisión aquí", "body": SPANISH_TEXT, "language": "es-ES"},
    )
    assert spanish.ephemeral and "que leen en español" in spanish.text
    # Only Spanish readers see it; everyone else still reads the built-in topic in their language.
    assert await title_for(lucia) == "Revisión aquí"
    assert await title_for(mateo) == "Revisión aquí"
    assert await title_for(ana) == "Período de revisão e liberação automática"
    assert await title_for(bob) == "Review period and auto-release"
    assert _topic_lines(await discord_server.command(lucia, "faq search", {"query": "mentor"})) == [
        "review-period"
    ]
    assert _topic_lines(await discord_server.command(bob, "faq search", {"query": "mentor"})) == []

    everyone = await discord_server.command(
        admin, "faq-admin set", {"topic": "review-period", "title": "Review here", "body": EVERYONE_TEXT}
    )
    assert "en lugar de la respuesta predefinida" in everyone.text
    assert await title_for(lucia) == "Revisión aquí"  # their own language's text comes first
    assert await title_for(ana) == "Review here"
    assert await title_for(bob) == "Review here"
    shown = await discord_server.command(ana, "faq show", {"topic": "review-period"})
    assert shown.embeds[0]["footer"]["text"].startswith("Resposta própria deste servidor")
    # The server's text for all languages keeps every language's keywords: a Portuguese word finds it.
    assert (
        _topic_lines(await discord_server.command(ana, "faq search", {"query": "revisão"}))[0]
        == "review-period"
    )

    back_for_spanish = await discord_server.command(
        admin, "faq-admin reset", {"topic": "review-period", "language": "es-ES"}
    )
    assert "ven su texto para todos los idiomas" in back_for_spanish.text
    assert await title_for(lucia) == "Review here"

    back = await discord_server.command(admin, "faq-admin reset", {"topic": "review-period"})
    assert "vuelve a mostrar el texto predefinido" in back.text
    assert await title_for(lucia) == "Período de revisión y liberación automática"
    assert await title_for(ana) == "Período de revisão e liberação automática"
    assert await title_for(bob) == "Review period and auto-release"


async def test_hiding_a_topic_for_one_language_leaves_it_for_the_others(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    admin = _speaking(discord_server, "ada", "pt-BR", manage_guild=True)
    ana = _speaking(discord_server, "ana", "pt-BR")
    bob = _speaking(discord_server, "bob", "en-US")

    hidden = await discord_server.command(
        admin, "faq-admin remove", {"topic": "bonuses", "language": "pt-BR"}
    )
    assert "está oculto neste servidor para os membros que leem em português" in hidden.text
    assert "bonuses" not in _topic_lines(await discord_server.command(ana, "faq list"))
    gone = await discord_server.command(ana, "faq show", {"topic": "bonuses"})
    assert gone.ephemeral and "Não há tópico do FAQ `bonuses` aqui" in gone.text
    assert "bonuses" in _topic_lines(await discord_server.command(bob, "faq list"))

    refused = await discord_server.command(admin, "faq-admin reset", {"topic": "milestones"})
    assert refused.ephemeral and "já mostra o texto padrão" in refused.text
    await discord_server.command(admin, "faq-admin reset", {"topic": "bonuses", "language": "pt-BR"})
    assert "bonuses" in _topic_lines(await discord_server.command(ana, "faq list"))


async def test_a_topic_written_for_one_language_is_offered_for_removal_in_that_language(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    admin = _speaking(discord_server, "ada", "en-US", manage_guild=True)
    lucia = _speaking(discord_server, "lucia", "es-ES")
    added = await discord_server.command(
        admin,
        "faq-admin set",
        {"topic": "bizum", "title": "Pagos con Bizum", "body": "Cómo cobrar por Bizum.", "language": "es-ES"},
    )
    assert "for members who read Spanish" in added.text
    assert "bizum" in _topic_lines(await discord_server.command(lucia, "faq list"))
    assert "bizum" not in _topic_lines(await discord_server.command(admin, "faq list"))

    offered = await discord_server.autocomplete(
        admin, "faq-admin remove", {"topic": "biz", "language": "es-ES"}, "topic"
    )
    assert [(choice["value"], choice["name"]) for choice in offered] == [
        ("bizum", "Pagos con Bizum (bizum) · this server")
    ]
    removed = await discord_server.command(admin, "faq-admin remove", {"topic": "bizum", "language": "es-ES"})
    assert "who read Spanish no longer see its topic `bizum`" in removed.text
    assert "bizum" not in _topic_lines(await discord_server.command(lucia, "faq list"))
