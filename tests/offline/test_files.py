"""Files the bot attaches are saved to a folder, and the message shows where, and how big, each one is."""

from __future__ import annotations

import io
import json
from pathlib import Path

from rich.console import Console

from bot.localdiscord.model import FakeUser, Message
from bot.offline.files import AttachmentFolder, describe_size
from bot.offline.session import OfflineSession

BOT = FakeUser(id=1, name="Milestone Bot", bot=True)


async def test_privacy_export_is_saved_and_the_reply_says_where_and_how_big(tmp_path: Path) -> None:
    out = io.StringIO()
    folder = tmp_path / "files"
    async with OfflineSession(Console(file=out, width=200, color_system=None), files=folder) as session:
        assert await session.handle("/contract add title:Legal research client:Dana price:150")
        before = len(out.getvalue())
        assert await session.handle("/privacy export")
        shown = out.getvalue()[before:]
        saved = folder / "milestone-bot-data.json"
        data = saved.read_bytes()
        assert f"📎 milestone-bot-data.json · {describe_size(len(data))} · saved to {saved}" in shown
        assert "Legal research" in json.dumps(json.loads(data))  # the whole export, readable

        # A second export does not overwrite the first.
        before = len(out.getvalue())
        assert await session.handle("/privacy export")
        assert f"saved to {folder / 'milestone-bot-data-2.json'}" in out.getvalue()[before:]
        assert saved.read_bytes() == data
        assert session.failures == 0


def test_an_attachment_is_written_once_however_often_its_message_is_drawn(tmp_path: Path) -> None:
    message = Message(
        5,
        10,
        BOT,
        attachments=[{"id": "77", "filename": "../calendar.ics", "size": 4}],
        files={"../calendar.ics": b"ICS!"},
    )
    folder = AttachmentFolder(tmp_path / "files")
    first = folder.save(message)["77"]
    again = folder.save(message)["77"]  # the message drawn again after an edit
    assert first == again
    assert first.path == tmp_path / "files" / "calendar.ics"  # inside the folder, whatever the name says
    assert [p.name for p in (tmp_path / "files").iterdir()] == ["calendar.ics"]
    assert first.path.read_bytes() == b"ICS!"


def test_a_file_that_cannot_be_written_says_why_instead_of_stopping_the_session(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file where the folder should be")
    message = Message(
        5, 10, BOT, attachments=[{"id": "1", "filename": "a.json", "size": 2}], files={"a.json": b"{}"}
    )
    saved = AttachmentFolder(tmp_path / "taken").save(message)["1"]
    assert saved.path is None and saved.problem


def test_sizes_read_as_a_file_manager_says_them() -> None:
    assert [describe_size(n) for n in (1, 812, 2_345, 1_300_000)] == [
        "1 byte",
        "812 bytes",
        "2.3 KB",
        "1.3 MB",
    ]
