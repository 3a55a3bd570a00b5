"""`/privacy export` as files Discord accepts, however much a user stored.

Discord refuses a file over the attachment size limit: "The default limit is `10 MiB` for all users"
(discord/discord-api-docs, developers/reference.mdx, "Uploading Files"), and an interaction carries the
limit that applies (`attachment_size_limit`, developers/interactions/receiving-and-responding.mdx), and
"the maximum request size when sending a message is 25 MiB" (developers/resources/message.mdx). The docs
name no count of files per message; a cautious 10 is kept. So the export is one JSON file when it fits, else that
file zipped, else several zipped parts, each a complete JSON document holding a share of every table's
rows; parts go out a few per message.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from typing import Any

JSON_NAME = "milestone-bot-data.json"
ZIP_NAME = "milestone-bot-data.zip"
DEFAULT_LIMIT = 10 * 1024 * 1024
FILES_PER_MESSAGE = 10
REQUEST_LIMIT = 25 * 1024 * 1024
_HEADROOM = 64 * 1024  # multipart framing and the message's own text


def encoded(document: dict[str, Any]) -> bytes:
    return json.dumps(document, indent=2, sort_keys=True).encode()


def zipped(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def export_files(document: dict[str, Any], limit: int = DEFAULT_LIMIT) -> list[tuple[str, bytes]]:
    """(file name, content) pairs, each file under `limit` bytes, together holding every row."""
    whole = encoded(document)
    if len(whole) < limit:
        return [(JSON_NAME, whole)]
    packed = zipped(JSON_NAME, whole)
    if len(packed) < limit:
        return [(ZIP_NAME, packed)]
    count = math.ceil(len(packed) / (limit * 0.8))
    while True:
        parts = _parts(document, count)
        if all(len(content) < limit for _, content in parts):
            return parts
        count *= 2


def _parts(document: dict[str, Any], count: int) -> list[tuple[str, bytes]]:
    tables = {key: rows for key, rows in document.items() if isinstance(rows, list)}
    header = {key: value for key, value in document.items() if key not in tables}
    files = []
    for number in range(count):
        share = {key: rows[number::count] for key, rows in tables.items()}
        name = f"milestone-bot-data-{number + 1}-of-{count}.json"
        part = {**header, "part": f"{number + 1} of {count}", **share}
        files.append((name.replace(".json", ".zip"), zipped(name, encoded(part))))
    return files


def messages_of(files: list[tuple[str, bytes]]) -> list[list[tuple[str, bytes]]]:
    """The files grouped into messages within Discord's per-message file count and request size."""
    groups: list[list[tuple[str, bytes]]] = [[]]
    size = 0
    for name, content in files:
        if groups[-1] and (
            len(groups[-1]) >= FILES_PER_MESSAGE or size + len(content) > REQUEST_LIMIT - _HEADROOM
        ):
            groups.append([])
            size = 0
        groups[-1].append((name, content))
        size += len(content)
    return groups
