"""/faq-admin set without a body opens a multi-line form, prefilled with what members see for the topic now."""

from __future__ import annotations

from typing import Any

from bot.app import MilestoneBot
from bot.localdiscord import FakeUser, LocalDiscord


def _fields(modal: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        item["label"]: item
        for top in modal["components"]
        for item in top.get("components") or [top.get("component") or {}]
        if item.get("type") == 4
    }


async def test_an_existing_topic_opens_prefilled_and_paragraphs_are_kept(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, admin: FakeUser, alice: FakeUser
) -> None:
    opened = await discord_server.command(admin, "faq-admin set", {"topic": "review-period"})
    assert opened.modal is not None and opened.modal["title"] == "FAQ topic: review-period"
    fields = _fields(opened.modal)
    assert fields["Answer (Markdown)"]["style"] == 2  # a paragraph, not one line
    shown = await discord_server.command(alice, "faq show", {"topic": "review-period"})
    assert fields["Title"]["value"] == shown.embeds[0]["title"]
    assert fields["Answer (Markdown)"]["value"] == shown.embeds[0]["description"]

    body = "Our rule here:\n\n- submit through the platform\n- then wait 14 days"
    saved = await discord_server.submit_modal(admin, opened, {"Answer (Markdown)": body})
    assert saved.ephemeral and "instead of the built-in answer" in saved.text
    shown = await discord_server.command(alice, "faq show", {"topic": "review-period"})
    assert shown.embeds[0]["description"] == body

    again = await discord_server.command(admin, "faq-admin set", {"topic": "review-period"})
    assert again.modal is not None and _fields(again.modal)["Answer (Markdown)"]["value"] == body


async def test_a_new_topic_opens_empty_a_bad_key_is_refused_first_and_bad_text_changes_nothing(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, admin: FakeUser, alice: FakeUser
) -> None:
    bad = await discord_server.command(admin, "faq-admin set", {"topic": "Late payments!"})
    assert bad.modal is None and bad.ephemeral and "lowercase letters, digits and dashes" in bad.text

    opened = await discord_server.command(
        admin, "faq-admin set", {"topic": "late-payments", "title": "Late payments"}
    )
    assert opened.modal is not None
    fields = _fields(opened.modal)
    assert fields["Title"]["value"] == "Late payments" and not fields["Answer (Markdown)"].get("value")
    refused = await discord_server.submit_modal(admin, opened, {"Answer (Markdown)": "   "})
    assert refused.ephemeral and "Something went wrong" not in refused.text
    missing = await discord_server.command(alice, "faq show", {"topic": "late-payments"})
    assert "no FAQ topic" in missing.text

    opened = await discord_server.command(admin, "faq-admin set", {"topic": "late-payments"})
    added = await discord_server.submit_modal(
        admin, opened, {"Title": "Late payments", "Answer (Markdown)": "Chase politely.\nThen again."}
    )
    assert "Added `late-payments`" in added.text


async def test_a_member_without_manage_server_gets_no_form(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    discord_server.let_everyone_use("faq-admin")
    refused = await discord_server.command(alice, "faq-admin set", {"topic": "review-period"})
    assert refused.modal is None and "Manage Server" in refused.text
