"""A small command catalog shaped like the bot's own, for the parser and completion tests."""

from __future__ import annotations

from typing import Any

import pytest

from bot.offline.catalog import Catalog

TEXT, WHOLE, YES_NO = 3, 4, 5


def _option(name: str, kind: int = TEXT, *, required: bool = False, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, "description": f"the {name}", "required": required, **extra}


PLATFORMS = [{"name": "Upwork", "value": "upwork"}, {"name": "Freelancer.com", "value": "freelancer"}]
SYNCED: list[dict[str, Any]] = [
    {"name": "help", "type": 1, "description": "What the bot does", "options": []},
    {
        "name": "contract",
        "type": 1,
        "description": "Your contracts",
        "options": [
            {
                "name": "add",
                "type": 1,
                "description": "Register a contract",
                "options": [
                    _option("title", required=True),
                    _option("client", required=True),
                    _option("price", required=True),
                    _option("platform", choices=PLATFORMS),
                    _option("review_days", WHOLE, min_value=0, max_value=90),
                ],
            },
            {
                "name": "view",
                "type": 1,
                "description": "A contract",
                "options": [_option("contract", required=True, autocomplete=True)],
            },
        ],
    },
    {
        "name": "milestone",
        "type": 1,
        "description": "Milestones",
        "options": [
            {
                "name": "fund",
                "type": 1,
                "description": "The client funded it",
                "options": [
                    _option("contract", required=True, autocomplete=True),
                    _option("milestone", required=True, autocomplete=True),
                    _option("date"),
                ],
            }
        ],
    },
    {
        "name": "settings",
        "type": 1,
        "description": "Settings",
        "options": [
            {
                "name": "reminders",
                "type": 1,
                "description": "Reminders on or off",
                "options": [_option("enabled", YES_NO, required=True)],
            }
        ],
    },
    {"name": "Report", "type": 3},  # a message command: not typed as a slash command
]


@pytest.fixture
def catalog() -> Catalog:
    return Catalog.from_synced(SYNCED)
