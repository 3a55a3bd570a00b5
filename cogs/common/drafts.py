"""Short, polite messages for the client, ready to copy: the bot never sends anything on your behalf.

One place words every draft, for the reminder DMs' [Message for the client] and `/contract view`'s
[Draft a message]. Dates are written out in the user's own zone and the text is plain (it leaves Discord,
where timestamps and markdown would not work); each draft ends with the platform's help link, if it has one.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.asks import Ask, Situation

# What a button offering each draft says (with the milestone's title after it, where there is one).
CHOICE_LABELS = {
    Ask.FUND: "Ask to fund",
    Ask.RELEASE: "Ask to release",
    Ask.REFUND: "Answer the refund request",
    Ask.BONUS: "Ask for a bonus",
    Ask.SUBMITTED: "Say it's submitted",
}
BUTTON_LABEL_MAX = 80


def _date(at: datetime, zone: ZoneInfo) -> str:
    """`Sunday 6 December 2026`, in the user's zone."""
    local = at.astimezone(zone)
    return f"{local:%A} {local.day} {local:%B %Y}"


def choice_label(situation: Situation) -> str:
    label = CHOICE_LABELS[situation.ask]
    if situation.milestone is not None:
        label += f": {situation.milestone.title}"
    return label[:BUTTON_LABEL_MAX]


def draft_text(situation: Situation, zone: ZoneInfo) -> str:
    """The message itself, in plain text."""
    contract = situation.contract
    client, platform = contract.client, contract.rules.name
    milestone = situation.milestone
    name = f"\u201c{milestone.title if milestone else contract.title}\u201d"
    amount, at = situation.amount, situation.at
    ask = situation.ask
    if ask is Ask.FUND:
        due = f", due {_date(at, zone)}" if at else ""
        text = (
            f"Hi {client}, before I start on {name} ({amount}{due}), could you fund that milestone on "
            f"{platform}? Funding it first protects us both. Thank you!"
        )
    elif ask is Ask.RELEASE:
        if contract.review_ends_at(milestone) if milestone else None:
            ended = f" ended on {_date(at, zone)}" if at else " has ended"
            text = (
                f"Hi {client}, the review period for {name}{ended}. Could you release the payment ({amount}) "
                f"on {platform}, or tell me what still needs changing? Thank you!"
            )
        else:
            sent = f" on {_date(at, zone)}" if at else ""
            text = (
                f"Hi {client}, I submitted {name}{sent}. If you're happy with it, could you release the payment "
                f"({amount}) on {platform}? If anything needs changing, just tell me. Thank you!"
            )
    elif ask is Ask.REFUND:
        by = f" I'll answer it on {platform} by {_date(at, zone)}." if at else ""
        text = (
            f"Hi {client}, I saw your refund request for {name} ({amount}). The work was delivered as agreed, "
            f"so I'd like to understand what isn't right before we settle it. Could you tell me what you need?{by}"
        )
    elif ask is Ask.SUBMITTED:
        text = f"Hi {client}, I've submitted {name} on {platform}. Let me know if you'd like any changes. Thank you!"
    else:
        name = f"\u201c{contract.title}\u201d"
        if contract.rules.bonus_after_end_days:
            until = f" {platform} allows a bonus until {_date(at, zone)}." if at else ""
            how = f"could you send it as a bonus on {platform}?{until}"
        else:
            how = "could you pay it to me directly?"
        text = (
            f"Hi {client}, thank you for working with me on {name}. Part of the work ({amount}) was never "
            f"funded on {platform}, so it couldn't be paid through a milestone. If you were happy with it, {how} "
            "Thank you!"
        )
    help_url = contract.rules.help_url
    if help_url:
        text += f"\n\n{platform}'s help pages: {help_url}"
    return text


def copy_ready(situation: Situation, zone: ZoneInfo) -> str:
    """The draft in a code block, so Discord offers to copy it, under a line saying whom it is for."""
    client = situation.contract.client
    # A backtick typed in a title would end the code block early.
    text = draft_text(situation, zone).replace(chr(96), chr(39))
    return f"Here is a message you can copy and send to {client}:\n```\n{text}\n```"
