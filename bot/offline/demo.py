"""`milestone-bot try --demo`: the $150 contract paid as three $50 milestones, ended after two.

The story is typed into the session line by line, exactly as a person would type it, with the clock
moved forward between steps so the reminders go out. At the end the demo checks the facts it is about
(what was released, what was never funded, the voided milestone, the reminders), so it doubles as a smoke
test of the whole bot: a broken step makes it exit with an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.rule import Rule

from bot.offline.session import OfflineSession

CONTRACT = 'contract:"Legal research"'


@dataclass(frozen=True)
class Say:
    """A line of narration between steps."""

    text: str


@dataclass(frozen=True)
class Press:
    """Press the newest button with this label, as a person would by typing its number."""

    label: str
    instead: str  # the command that does the same, should the button not be there


Step = str | Say | Press

STORY: tuple[Step, ...] = (
    Say("Dana hires you for legal research: $150 fixed price, paid as three milestones of $50."),
    '/contract add title:"Legal research" client:Dana price:150',
    f'/milestone add {CONTRACT} title:"Case law summary" amount:50 due:"in 3 days"',
    f'/milestone add {CONTRACT} title:"Draft memo" amount:50 due:"in 10 days"',
    f'/milestone add {CONTRACT} title:"Final memo" amount:50 due:"in 17 days"',
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
    Press("Mark released", instead=f'/milestone release {CONTRACT} milestone:"Case law summary"'),
    f'/milestone release {CONTRACT} milestone:"Draft memo"',
    Say("Dana ends the contract before funding the last milestone."),
    f"/contract end {CONTRACT}",
    Say("Dana pays the last $50 as a bonus, the usual way to collect work that was never funded."),
    f"/contract bonus {CONTRACT} amount:50",
    Say(
        "Where the money stands: $100 released, $50 never funded (the platform can't collect it) and paid as a bonus."
    ),
    f"/contract view {CONTRACT}",
)

# What the final reconciliation must say, as the bot writes it.
FACTS = {
    "released $100": "Released: **$100.00**",
    "never funded $50": "Never funded: **$50.00**",
    "the bonus": "Bonuses: **$50.00**",
    "the voided milestone": "**Final memo** · $50.00 · voided",
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
        line, note = _line_for(session, step)
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
    number = session.number_of(step.label)
    return (str(number), step.label) if number is not None else (step.instead, "")


def _check(session: OfflineSession) -> list[str]:
    problems = [f"{session.failures} step(s) failed"] if session.failures else []
    ending = session.last_result.text if session.last_result else ""
    problems += [f"the ending does not show {name}" for name, text in FACTS.items() if text not in ending]
    reminders = len(session.server.dms(session.user))
    if reminders < MIN_REMINDERS:
        problems.append(f"{reminders} reminder(s) went out, expected at least {MIN_REMINDERS}")
    return problems
