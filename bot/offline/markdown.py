"""Discord's message markdown as styled terminal text: bold, italics, code, quotes, mentions, and
`<t:UNIX:style>` timestamps shown as dates in the reader's zone, relative ones against the bot's clock.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from rich.style import Style
from rich.text import Text

from bot.i18n.formatting import format_moment, format_relative
from bot.i18n.locales import ENGLISH

_INLINE = re.compile(
    r"""
    (?P<escape>\\(?P<escaped>[^A-Za-z0-9\s]))
  | `(?P<code>[^`]+)`
  | \*\*(?P<bold>\S(?:.*?\S)?)\*\*
  | __(?P<underline>\S(?:.*?\S)?)__
  | ~~(?P<strike>.+?)~~
  | \*(?P<italic>[^*\s](?:[^*]*?[^*\s])?)\*
  | (?<![\w\\])_(?P<italic2>[^_\s](?:[^_]*?[^_\s])?)_(?!\w)
  | <t:(?P<stamp>-?\d{1,13})(?::(?P<style>[tTdDfFR]))?>
  | <@!?(?P<user>\d+)>
  | <\#(?P<channel>\d+)>
  | <a?:(?P<emoji>\w+):\d+>
  | \[(?P<label>[^\]]+)\]\((?P<url>https?://[^)\s]+)\)
    """,
    re.VERBOSE,
)
_STYLES = {
    "bold": Style(bold=True),
    "underline": Style(underline=True),
    "strike": Style(strike=True),
    "italic": Style(italic=True),
    "italic2": Style(italic=True),
}
VARIATION_SELECTOR = "\ufe0f"
CODE = Style(color="cyan")
STAMP = Style(color="magenta")
MENTION = Style(color="blue")


@dataclass(frozen=True)
class Reader:
    """Who reads: their time zone, the bot's "now" (for `in 3 days`), names for mention ids, and their
    Discord language, in which Discord's client writes timestamps (weekday and month names, order)."""

    zone: tzinfo
    now: Callable[[], datetime]
    name_of: Callable[[int], str | None] = lambda _id: None
    locale: str = ENGLISH

    def moment(self, unix: int, style: str = "f") -> str:
        at = datetime.fromtimestamp(unix, UTC).astimezone(self.zone)
        if self.locale != ENGLISH:
            return (
                format_relative(at, self.now(), self.locale)
                if style == "R"
                else format_moment(at, style, self.locale)
            )
        if style == "R":
            return relative(at, self.now())
        # The day of month is put in by hand: `%-d` (no leading zero) is not portable.
        formats = {
            "t": "%H:%M",
            "T": "%H:%M:%S",
            "d": "%Y-%m-%d",
            "D": "{day} %B %Y",
            "f": "%a {day} %b %Y %H:%M",
            "F": "%A {day} %B %Y %H:%M",
        }
        return at.strftime(formats[style]).format(day=at.day)


def relative(at: datetime, now: datetime) -> str:
    """Roughly how far `at` is from `now`, in the words Discord shows: `in 3 days`, `2 hours ago`."""
    seconds = (at - now).total_seconds()
    span = _span(abs(seconds))
    return f"in {span}" if seconds >= 0 else f"{span} ago"


def _span(seconds: float) -> str:
    minutes, hours, days = seconds / 60, seconds / 3600, seconds / 86400
    steps = [
        (seconds < 45, "a few seconds"),
        (seconds < 90, "a minute"),
        (minutes < 45, f"{round(minutes)} minutes"),
        (minutes < 90, "an hour"),
        (hours < 22, f"{round(hours)} hours"),
        (hours < 36, "a day"),
        (days < 26, f"{round(days)} days"),
        (days < 45, "a month"),
        (days < 320, f"{round(days / 30.4)} months"),
        (days < 548, "a year"),
    ]
    return next((words for matched, words in steps if matched), f"{round(days / 365.25)} years")


def to_text(markdown: str, reader: Reader, base: Style | None = None) -> Text:
    """The whole text, line by line: `> ` quotes, `# ` headings and `-# ` small print, then inline marks."""
    out = Text()
    # Emoji variation selectors make terminals and rich disagree on widths, which breaks box edges.
    markdown = markdown.replace(VARIATION_SELECTOR, "")
    for index, line in enumerate(markdown.split("\n")):
        if index:
            out.append("\n")
        style = base or Style()
        if line.startswith("> "):
            out.append("│ ", Style(dim=True))
            line = line[2:]
        elif line.startswith("-# "):
            style += Style(dim=True)
            line = line[3:]
        elif match := re.match(r"#{1,3} ", line):
            style += Style(bold=True)
            line = line[match.end() :]
        _inline(out, line, reader, style)
    return out


def _inline(out: Text, text: str, reader: Reader, style: Style) -> None:
    pos = 0
    for match in _INLINE.finditer(text):
        if match.start() > pos:
            out.append(text[pos : match.start()], style)
        pos = match.end()
        groups = match.groupdict()
        if groups["escaped"] is not None:
            out.append(groups["escaped"], style)
        elif groups["code"] is not None:
            out.append(groups["code"], style + CODE)
        elif groups["stamp"] is not None:
            out.append(reader.moment(int(groups["stamp"]), groups["style"] or "f"), style + STAMP)
        elif groups["user"] is not None:
            out.append("@" + (reader.name_of(int(groups["user"])) or "someone"), style + MENTION)
        elif groups["channel"] is not None:
            out.append("#channel", style + MENTION)
        elif groups["emoji"] is not None:
            out.append(f":{groups['emoji']}:", style)
        elif groups["url"] is not None:
            out.append(groups["label"], style + Style(underline=True))
            out.append(f" ({groups['url']})", style + Style(dim=True))
        else:
            name = next(k for k in _STYLES if groups[k] is not None)
            _inline(out, groups[name], reader, style + _STYLES[name])
    if pos < len(text):
        out.append(text[pos:], style)
