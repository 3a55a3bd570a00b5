"""Files the bot attaches to its messages (`/privacy export`, `/calendar`...), saved where you can open them.

Offline there is no Discord client to download them from, so each attachment is written once to a
folder — `milestone-bot-files/` in the directory the session was started from, made when the first file
arrives — and the message shows the saved path and size where Discord would show the file. A name already
taken there (an export from an earlier session) gets a number rather than being overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.localdiscord.model import Message

FOLDER_NAME = "milestone-bot-files"


@dataclass(frozen=True)
class SavedFile:
    """Where one attachment went: its path, or why it could not be written."""

    filename: str
    size: int
    path: Path | None
    problem: str = ""


class AttachmentFolder:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._saved: dict[str, SavedFile] = {}  # attachment id -> where it went, so a redraw saves nothing

    def save(self, message: Message) -> dict[str, SavedFile]:
        """Every attachment of `message` (by attachment id), written to the folder the first time it is seen."""
        out: dict[str, SavedFile] = {}
        for attachment in message.attachments:
            key = str(attachment["id"])
            if key not in self._saved:
                self._saved[key] = self._write(
                    str(attachment["filename"]), message.files.get(attachment["filename"])
                )
            out[key] = self._saved[key]
        return out

    def _write(self, filename: str, data: bytes | None) -> SavedFile:
        name = Path(filename).name or "attachment"  # never a path of the bot's choosing
        if data is None:
            return SavedFile(name, 0, None, "the local Discord kept no data for it")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = _free_path(self.folder / name)
            path.write_bytes(data)
        except OSError as error:
            return SavedFile(name, len(data), None, error.strerror or str(error))
        return SavedFile(name, len(data), path)


def _free_path(wanted: Path) -> Path:
    """`wanted`, or `name-2.ext`, `name-3.ext`... when a file of that name is already there."""
    path, number = wanted, 1
    while path.exists():
        number += 1
        path = wanted.with_name(f"{wanted.stem}-{number}{wanted.suffix}")
    return path


def describe_size(size: int) -> str:
    """`812 bytes`, `4.2 KB`, `1.3 MB`: what a file manager would say."""
    if size < 1000:
        return f"{size} byte" + ("" if size == 1 else "s")
    if size < 1_000_000:
        return f"{size / 1000:.1f} KB"
    return f"{size / 1_000_000:.1f} MB"


def shown_path(path: Path) -> str:
    """The path as typed from where the session started, when it is below there; absolute otherwise."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
