"""A scripted session: `python -m bot try` reading commands from a pipe and writing a plain transcript."""

from __future__ import annotations

from pathlib import Path

from tests.offline.helpers import after, run_bot

SESSION = """\
/contract add title:"Legal research" client:Dana price:150
/milestone add contract:Legal research title:Case law summary amount:50 due:in 5 days
/milestone add contract:Legal research title:Draft memo amount:50
:complete /milestone submit contract:#1 milestone:dra
/milestone submit contract:#1 milestone:#2
1
:advance 3d
/contract view contract:legal RESEARCH
/milestone fund contract:Legal research milestone:Nothing like it
"""


def test_a_piped_session_runs_commands_buttons_autocomplete_and_reminders(tmp_path: Path) -> None:
    result = run_bot(["try"], SESSION, tmp_path)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "\x1b[" not in out  # plain text for a pipe: no colours, no cursor movement
    assert "Traceback" not in result.stderr

    added = after(out, '/contract add title:"Legal research" client:Dana price:150')
    assert "only you can see this" in added
    assert "Added: Legal research" in added
    assert "Dana · Upwork · agreed $150.00 · active" in added

    # The bot's own autocomplete, asked as Discord asks it: the caller's milestones matching "dra".
    completed = after(out, ":complete /milestone submit contract:#1 milestone:dra")
    assert "/milestone submit contract:#1 milestone:#2   Draft memo · $50.00 · unfunded" in completed
    assert "Case law summary" not in completed

    asked = after(out, "/milestone submit contract:#1 milestone:#2")
    assert "Submit Draft memo without funding?" in asked
    assert "[1] Submit anyway  [2] Cancel" in asked
    pressed = after(out, "1   (Submit anyway)")
    assert "Delivered without funding: Draft memo" in pressed
    assert "delivered unfunded" in pressed and "no protection" in pressed

    # Moving the clock makes the unfunded milestone's reminder go out, and it shows as a DM right away.
    advanced = after(out, ":advance 3d")
    assert "3 days later" in advanced
    assert "✉ DM from Milestone Bot" in advanced
    assert "Case law summary" in advanced

    viewed = after(out, "/contract view contract:legal RESEARCH")
    assert "Unprotected: $50.00" in viewed  # the submitted but unfunded Draft memo

    refused = after(out, "/milestone fund contract:Legal research milestone:Nothing like it")
    assert "has no milestone called" in refused


def test_mistakes_in_a_line_are_explained_and_the_session_goes_on(tmp_path: Path) -> None:
    lines = "/contract ad title:x\nhello\n7\n:advance soon\n:help\n/help\n:quit\n/help\n"
    result = run_bot(["try"], lines, tmp_path)
    out = result.stdout
    assert result.returncode == 0
    assert "/contract has no `ad`; it has: add, bonus, delete, edit, end, list, view." in after(
        out, "/contract ad title:x"
    )
    assert "type a slash command such as `/help`" in after(out, "hello")
    assert "there is no button [7] on screen" in after(out, "7")
    assert "e.g. `:advance 3d`" in after(out, ":advance soon")
    helped = after(out, ":help")
    assert "type the number to press one" in helped
    assert "/milestone refund-request" in helped and ":advance" in helped
    assert out.count("Start in a minute") == 1  # the /help after :quit never ran
