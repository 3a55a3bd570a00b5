"""A small Discord-compatible server for end-to-end tests and the offline mode.

``LocalDiscord`` serves the REST API and the gateway that the real discord.py client talks to;
``running_bot`` starts a bot against it for a test. See ``server.py`` for an example.
"""

from .faults import Faults
from .harness import running_bot
from .model import Channel, FakeUser, Message
from .rendering import Button, Select, selects_of
from .rest import RecordedRequest
from .results import InteractionResult
from .server import LocalDiscord, redirect_discord_py

__all__ = [
    "Button",
    "Channel",
    "FakeUser",
    "Faults",
    "InteractionResult",
    "LocalDiscord",
    "Message",
    "RecordedRequest",
    "Select",
    "redirect_discord_py",
    "running_bot",
    "selects_of",
]
