"""`milestone-bot try --demo`: the $150 contract paid as three $50 milestones, ended after two.

The story is typed into the session line by line, exactly as a person would type it, with the clock
moved forward between steps so the reminders go out. The first milestone is captured from the client's
chat message with **Track as milestone** (the form and the contract menu are filled as a person would; the
offline prompt can't show forms, so the demo drives them and prints what they hold); the deadlines go to a
calendar file; after the contract ends, [Draft a message] writes the bonus request for the client. At the
end the demo checks the facts it is about (what was released, what was never funded, the voided
milestone, the reminders, the captured milestone, the calendar file, the draft), so it doubles as a smoke
test of the whole bot: a broken step makes it exit with an error. With `--locale`, the bot answers in that
language: the demo presses buttons by what they do, types the due dates in that language (`em 10 dias`) and
checks the facts as the bot words them there (the narration stays English).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from icalendar import Calendar
from rich.rule import Rule

from bot.domain.money import Money
from bot.i18n.formatting import format_money
from bot.i18n.locales import ENGLISH, language_of
from bot.i18n.speaking import _, speaking
from bot.localdiscord.model import Message
from bot.offline.session import BOT_TIMEOUT, OfflineSession

CONTRACT = 'contract:"Legal research"'


@dataclass(frozen=True)
class Say:
    """A line of narration between steps."""

    text: str


@dataclass(frozen=True)
class Press:
    """Press the newest button that does this, as a person would by typing its number."""

    does: str  # its custom_id, as a pattern: the label is in the user's language
    instead: str  # the command that does the same, should the button not be there


@dataclass(frozen=True)
class Capture:
    """The client writes in the channel; you use Track as milestone on it, correct the form, pick the contract."""

    client: str
    text: str
    corrections: dict[str, str]
    contract: str


Step = str | Say | Press | Capture
CALENDAR_FILE = "milestone-deadlines.ics"

STORY: tuple[Step, ...] = (
    Say("Dana hires you for legal research: $150 fixed price, paid as three milestones of $50."),
    '/contract add title:"Legal research" client:Dana price:150',
    Say("Dana writes in the channel; you track her message as a milestone (Apps > Track as milestone)."),
    Capture(
        "Dana",
        "Hi, can you start with a Case law summary? $50 milestone, due in 3 days.",
        {"Milestone title": "Case law summary"},
        "Legal research",
    ),
    f'/milestone add {CONTRACT} title:"Draft memo" amount:50 due:"in 10 days"',
    f'/milestone add {CONTRACT} title:"Final memo" amount:50 due:"in 17 days"',
    Say("Every deadline into your calendar: import the file; import it again after a change to update it."),
    "/calendar",
    Say("Dana funds the first milestone. Three days later you deliver and press Submit on the platform."),
    f'/milestone fund {CONTRACT} milestone:"Case law summary"',
    ":advance 3d",
    f'/milestone submit {CONTRACT} milestone:"Case law summary"',
    Say("Five days on, the second milestone is due soon and still not funded: the bot says so."),
    ":advance 5d",
    f'/milestone fund {CONTRACT} milestone:"Draft memo"',
    ":advance 1d",
    f'/milestone submit {CONTRACT} milestone:"Draft memo"',
    Say("The first review period is nearly over: the bot reminds you before it ends."),
    ":advance 5d",
    Press(r"rem:release:\d+", instead=f'/milestone release {CONTRACT} milestone:"Case law summary"'),
    f'/milestone release {CONTRACT} milestone:"Draft memo"',
    Say("Dana ends the contract before funding the last milestone."),
    f"/contract end {CONTRACT}",
    Say("A message for Dana, ready to copy: the bot drafts what fits the contract now, and sends nothing."),
    f"/contract view {CONTRACT}",
    Press(r"draft:\d+", instead=f"/contract view {CONTRACT}"),
    Say("Dana pays the last $50 as a bonus, the usual way to collect work that was never funded."),
    f"/contract bonus {CONTRACT} amount:50",
    Say(
        "Where the money stands: $100 released, $50 never funded (the platform can't collect it) and paid as a bonus."
    ),
    f"/contract view {CONTRACT}",
)


def facts(locale: str) -> dict[str, str]:
    """What the final reconciliation must say, as the bot writes it in `locale`."""
    with speaking(locale):
        hundred, fifty = (format_money(Money(cents, "USD"), locale) for cents in (10_000, 5_000))
        return {
            "released $100": _("Released: **{amount}**").format(amount=hundred),
            # The line goes on with the step that would collect it: the sentence up to there.
            "never funded $50": _("Never funded: **{amount}** · {step}")
            .split("{step}")[0]
            .rstrip(" ·")
            .format(amount=fifty),
            "the bonus": _("Bonuses: **{amount}**").format(amount=fifty),
            "the voided milestone": f"**Final memo** · {fifty} · {_('voided')}",
            "the captured milestone": f"**Case law summary** · {fifty} · {_('released')}",
        }


# The draft of the bonus request, as the bot words it in English.
DRAFT = ("Hi Dana,", "($50.00) was never funded on Upwork", "send it as a bonus", "support.upwork.com")
CALENDAR_EVENTS = 3  # the three due dates, at least
# The story's due dates as a user of that language types them: the bot reads dates in the user's language.
TYPED_DATES = {
    "pt-BR": {"in 10 days": "em 10 dias", "in 17 days": "em 17 dias"},
    "es-ES": {"in 10 days": "en 10 días", "in 17 days": "en 17 días"},
}
MIN_REMINDERS = 2


async def play(session: OfflineSession) -> bool:
    """Plays the story; True when every step worked and the ending shows the facts it should."""
    screen = session.screen
    screen.say(Rule("Demo: the $150 contract ended after two of three milestones"))
    for step in STORY:
        if isinstance(step, Say):
            screen.say("")
            screen.note(step.text)
            continue
        if isinstance(step, Capture):
            await _capture(session, step)
            continue
        line, note = _line_for(session, step)
        for english, theirs in TYPED_DATES.get(language_of(session.locale), {}).items():
            line = line.replace(f'due:"{english}"', f'due:"{theirs}"')
        screen.echo(line, note)
        await session.handle(line)
    problems = _check(session)
    screen.say(Rule())
    for problem in problems:
        screen.error(f"demo check failed: {problem}")
    if not problems:
        screen.note("Your turn: the demo's contract is still here. Try /contract view or :advance 1d.")
    return not problems


def _line_for(session: OfflineSession, step: str | Press) -> tuple[str, str]:
    """The line to type, and the label of the button it presses."""
    if isinstance(step, str):
        return step, ""
    number = session.number_of_id(step.does)
    return (str(number), session.label_of(number) or "") if number is not None else (step.instead, "")


async def _capture(session: OfflineSession, step: Capture) -> None:
    """Track as milestone on the client's message, as a person fills the form and picks the contract."""
    server, user, screen = session.server, session.user, session.screen
    client = next((u for u in server.world.users.values() if u.name == step.client), None)
    client = client or server.add_user(step.client)
    message = server.post(client, step.text)
    screen.note(f"{step.client} writes: {step.text}")
    screen.echo(f"Apps > Track as milestone (on {step.client}'s message)", "")
    try:
        opened = await server.message_command(user, "Track as milestone", message, timeout=BOT_TIMEOUT)
        if opened.modal is None:
            await session.settle()
            raise AssertionError(f"no form opened: {opened.text}")
        prefilled = _form_fields(opened.modal)
        screen.note(
            "The form, as the bot prefilled it: " + " · ".join(f"{k}: {v}" for k, v in prefilled.items())
        )
        with speaking(session.locale):  # the form's labels and the button are in the user's language
            corrections = {_(label): value for label, value in step.corrections.items()}
            add = _("Add milestone")
        screen.note("You correct it: " + " · ".join(f"{k}: {v}" for k, v in corrections.items()))
        prompt = await server.submit_modal(user, opened, corrections, timeout=BOT_TIMEOUT)
        if len(prompt.buttons) and prompt.buttons[0].disabled:
            screen.echo(f"(menu) {step.contract}", "")
            await server.choose(user, prompt, step.contract, timeout=BOT_TIMEOUT)
        screen.echo(add, "")
        await server.press(user, prompt, label=add, timeout=BOT_TIMEOUT)
        await session.settle()
    except AssertionError as problem:
        session.failures += 1
        screen.error(f"Track as milestone failed: {problem}")


def _form_fields(modal: dict[str, Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for top in modal.get("components") or []:
        for item in top.get("components") or [top.get("component") or {}]:
            if item.get("type") == 4:
                found[str(item["label"])] = str(item.get("value") or "")
    return found


def _check(session: OfflineSession) -> list[str]:
    problems = [f"{session.failures} step(s) failed"] if session.failures else []
    ending = session.last_result.text if session.last_result else ""
    shown = facts(session.locale)
    problems += [f"the ending does not show {name}" for name, text in shown.items() if text not in ending]
    problems += _check_calendar(session) + _check_draft(session)
    reminders = len(session.server.dms(session.user))
    if reminders < MIN_REMINDERS:
        problems.append(f"{reminders} reminder(s) went out, expected at least {MIN_REMINDERS}")
    return problems


def _bot_messages(session: OfflineSession) -> list[Message]:
    world = session.server.world
    return [m for m in world.messages.values() if m.author is session.server.bot_user and not m.deleted]


def _check_calendar(session: OfflineSession) -> list[str]:
    """The calendar file was saved where the message says, and holds the story's deadlines."""
    sent = [m for m in _bot_messages(session) if any(a["filename"] == CALENDAR_FILE for a in m.attachments)]
    if not sent:
        return ["no calendar file was sent"]
    saved = next(iter(session.screen.files.save(sent[-1]).values()))
    if saved.path is None or not saved.path.exists():
        return [f"the calendar file was not saved ({saved.problem})"]
    events = Calendar.from_ical(saved.path.read_bytes()).walk("VEVENT")
    uids = [str(event["UID"]) for event in events]
    if len([uid for uid in uids if uid.startswith("due-")]) < CALENDAR_EVENTS:
        return [f"the calendar file holds {uids}, not the three due dates"]
    return []


def _check_draft(session: OfflineSession) -> list[str]:
    """A draft for Dana was written (a code block to copy); in English, with the words it should have."""
    drafts = [m.content for m in _bot_messages(session) if "```" in m.content and "Dana" in m.content]
    if not drafts:
        return ["no message for the client was drafted"]
    if language_of(session.locale) != ENGLISH:
        return []
    return [f"the draft does not say {part!r}" for part in DRAFT if part not in drafts[-1]]
