"""Short, polite messages for the client, ready to copy: the bot never sends anything on your behalf.

One place words every draft, for the reminder DMs' [Message for the client] and `/contract view`'s
[Draft a message]. Dates are written out in the user's own zone and the text is plain (it leaves Discord,
where timestamps and markdown would not work); each draft ends with the platform's help link, if it has one.

A draft is written in the reader's language, with amounts and dates as it writes them. Many freelancers
write to their clients in English whatever their own language is, so a reader of another language gets the
English draft too, in a second block to copy.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date

from bot.domain.asks import Ask, Situation
from bot.i18n.locales import ENGLISH, babel_name, language_of
from bot.i18n.speaking import N_, _, current_locale, speaking
from cogs.common import limits
from cogs.common.render import amount

# What a button offering each draft says (with the milestone's title after it, where there is one).
CHOICE_LABELS = {
    Ask.FUND: N_("Ask to fund"),
    Ask.RELEASE: N_("Ask to release"),
    Ask.REFUND: N_("Answer the refund request"),
    Ask.BONUS: N_("Ask for a bonus"),
    Ask.SUBMITTED: N_("Say it's submitted"),
}
BUTTON_LABEL_MAX = 80


def _date(at: datetime, zone: ZoneInfo) -> str:
    """`Sunday 6 December 2026` in English, `domingo, 6 de dezembro de 2026` in Portuguese: in the user's zone."""
    local = at.astimezone(zone)
    language = language_of(current_locale())
    if language == ENGLISH:
        return f"{local:%A} {local.day} {local:%B %Y}"
    return format_date(local.date(), "full", locale=Locale.parse(babel_name(language)))


def choice_label(situation: Situation) -> str:
    label = _(CHOICE_LABELS[situation.ask])
    if situation.milestone is not None:
        label = f"{label}: {situation.milestone.title}"
    return label[:BUTTON_LABEL_MAX]


def draft_text(situation: Situation, zone: ZoneInfo) -> str:
    """The message itself, in plain text, in the language being spoken (`speaking`)."""
    contract = situation.contract
    milestone = situation.milestone
    at = situation.at
    values = {
        "client": contract.client,
        "platform": contract.rules.name,
        "name": milestone.title if milestone else contract.title,
        "amount": amount(situation.amount),
        "date": _date(at, zone) if at else "",
    }
    ask = situation.ask
    # Each variant is a whole message, so each language words it as a whole.
    if ask is Ask.FUND:
        if at:
            text = _(
                "Hi {client}, before I start on \u201c{name}\u201d ({amount}, due {date}), could you fund that "
                "milestone on {platform}? Funding it first protects us both. Thank you!"
            )
        else:
            text = _(
                "Hi {client}, before I start on \u201c{name}\u201d ({amount}), could you fund that milestone on "
                "{platform}? Funding it first protects us both. Thank you!"
            )
    elif ask is Ask.RELEASE:
        if contract.review_ends_at(milestone) if milestone else None:
            if at:
                text = _(
                    "Hi {client}, the review period for \u201c{name}\u201d ended on {date}. Could you release the "
                    "payment ({amount}) on {platform}, or tell me what still needs changing? Thank you!"
                )
            else:
                text = _(
                    "Hi {client}, the review period for \u201c{name}\u201d has ended. Could you release the "
                    "payment ({amount}) on {platform}, or tell me what still needs changing? Thank you!"
                )
        elif at:
            text = _(
                "Hi {client}, I submitted \u201c{name}\u201d on {date}. If you're happy with it, could you release "
                "the payment ({amount}) on {platform}? If anything needs changing, just tell me. Thank you!"
            )
        else:
            text = _(
                "Hi {client}, I submitted \u201c{name}\u201d. If you're happy with it, could you release the "
                "payment ({amount}) on {platform}? If anything needs changing, just tell me. Thank you!"
            )
    elif ask is Ask.REFUND:
        if at:
            text = _(
                "Hi {client}, I saw your refund request for \u201c{name}\u201d ({amount}). The work was delivered "
                "as agreed, so I'd like to understand what isn't right before we settle it. Could you tell me "
                "what you need? I'll answer it on {platform} by {date}."
            )
        else:
            text = _(
                "Hi {client}, I saw your refund request for \u201c{name}\u201d ({amount}). The work was delivered "
                "as agreed, so I'd like to understand what isn't right before we settle it. Could you tell me "
                "what you need?"
            )
    elif ask is Ask.SUBMITTED:
        text = _(
            "Hi {client}, I've submitted \u201c{name}\u201d on {platform}. Let me know if you'd like any "
            "changes. Thank you!"
        )
    else:
        values["name"] = contract.title
        if contract.rules.bonus_after_end_days and at:
            text = _(
                "Hi {client}, thank you for working with me on \u201c{name}\u201d. Part of the work ({amount}) was "
                "never funded on {platform}, so it couldn't be paid through a milestone. If you were happy with "
                "it, could you send it as a bonus on {platform}? {platform} allows a bonus until {date}. Thank you!"
            )
        elif contract.rules.bonus_after_end_days:
            text = _(
                "Hi {client}, thank you for working with me on \u201c{name}\u201d. Part of the work ({amount}) was "
                "never funded on {platform}, so it couldn't be paid through a milestone. If you were happy with "
                "it, could you send it as a bonus on {platform}? Thank you!"
            )
        else:
            text = _(
                "Hi {client}, thank you for working with me on \u201c{name}\u201d. Part of the work ({amount}) was "
                "never funded on {platform}, so it couldn't be paid through a milestone. If you were happy with "
                "it, could you pay it to me directly? Thank you!"
            )
    text = text.format_map(values)
    help_url = contract.rules.help_url
    if help_url:
        text += "\n\n" + _("{platform}'s help pages: {url}").format(
            platform=contract.rules.name, url=help_url
        )
    return text


def _block(text: str) -> str:
    # A backtick typed in a title would end the code block early.
    return "```\n" + text.replace(chr(96), chr(39)) + "\n```"


def copy_ready(situation: Situation, zone: ZoneInfo) -> str:
    """The draft in a code block, so Discord offers to copy it, under a line saying whom it is for. A reader
    of another language than English also gets the draft in English, in a second block (when both fit)."""
    client = situation.contract.client
    mine = _("Here is a message you can copy and send to {client}:").format(client=client)
    shown = f"{mine}\n{_block(draft_text(situation, zone))}"
    if language_of(current_locale()) == ENGLISH:
        return shown
    with speaking(ENGLISH):
        english = draft_text(situation, zone)
    also = _("The same message in English, if you write to {client} in English:").format(client=client)
    both = f"{shown}\n{also}\n{_block(english)}"
    return both if limits.size(both) <= limits.CONTENT else shown
