"""Short, polite messages for the client, ready to copy: the bot never sends anything on your behalf.

Dates are written out in the user's own zone (the text leaves Discord, where timestamps would not work).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.reminders import Topic
from bot.services.reminders import About


def _date(at: datetime, zone: ZoneInfo) -> str:
    return at.astimezone(zone).strftime("%A %d %B %Y")


def draft_for(about: About) -> str:
    """A message about what the reminder is about, in a code block so Discord offers to copy it."""
    contract = about.view.contract
    client, platform = contract.client, contract.rules.name
    zone = about.settings.zone
    milestone = about.milestone
    name = f"\u201c{milestone.title}\u201d" if milestone else f"\u201c{contract.title}\u201d"
    amount = str(milestone.amount) if milestone else ""
    topic = about.topic
    if topic in (Topic.UNFUNDED, Topic.OVERDUE):
        text = (
            f"Hi {client}, before I start on {name} ({amount}, due {_date(about.event_at, zone)}), could you "
            f"fund that milestone on {platform}? Funding it first protects us both. Thank you!"
        )
    elif topic is Topic.REVIEW:
        text = (
            f"Hi {client}, the review period for {name} ended on {_date(about.event_at, zone)}. Could you release "
            f"the payment ({amount}) on {platform}, or tell me what still needs changing? Thank you!"
        )
    elif topic is Topic.REFUND:
        text = (
            f"Hi {client}, I saw your refund request for {name}. The work was delivered as agreed, so I'd like to "
            "understand what isn't right before we settle it. Could you tell me what you need?"
        )
    elif topic is Topic.SUBMIT:
        text = f"Hi {client}, I've submitted {name} on {platform}. Let me know if you'd like any changes. Thank you!"
    else:
        never = about.view.figures.never_funded
        text = (
            f"Hi {client}, thank you for working with me on {name}. Part of the work ({never}) was never funded "
            f"on {platform}, so it couldn't be paid through a milestone. If you were happy with it, could you send "
            "it as a bonus? Thank you!"
        )
    # A backtick typed in a title would end the code block early.
    return f"Here is a message you can copy and send to {client}:\n```\n{text.replace(chr(96), chr(39))}\n```"
