"""The statement as files: CSV with one row per money movement, or the same data as JSON.

Dates are UTC in ISO 8601 (`2026-11-30T14:05:00Z`), amounts plain decimals in the currency's own
precision (`1250.50`, `15000` for JPY) with the currency beside them, so a spreadsheet adds them exactly.
Text a user typed that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) starts with `'`.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Any

from bot.domain.statement import StatementRow
from bot.services.exports import Statement

COLUMNS = ("date", "contract", "milestone", "kind", "amount", "currency", "platform")
CSV_FILENAME = "milestone-money.csv"
JSON_FILENAME = "milestone-money.json"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def utc_iso(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def inert(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs."""
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _cells(row: StatementRow) -> list[str]:
    return [
        utc_iso(row.at),
        inert(row.contract.title),
        inert(row.milestone.title) if row.milestone is not None else "",
        row.kind.value,
        row.amount.major_str(),
        row.amount.currency,
        row.contract.rules.name,
    ]


def statement_csv(statement: Statement) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_cells(row) for row in statement.rows)
    # A byte-order mark lets spreadsheet programs read the file as UTF-8 (titles with accents, €).
    return out.getvalue().encode("utf-8-sig")


def statement_json(statement: Statement) -> bytes:
    contracts: dict[int, dict[str, Any]] = {}
    for row in statement.rows:
        contract = row.contract
        entry = contracts.setdefault(
            contract.id,
            {
                "contract": contract.title,
                "client": contract.client,
                "platform": contract.rules.name,
                "currency": contract.currency,
                "agreed": contract.price.major_str(),
                "movements": [],
            },
        )
        entry["movements"].append(
            {
                "date": utc_iso(row.at),
                "milestone": row.milestone.title if row.milestone is not None else None,
                "kind": row.kind.value,
                "amount": row.amount.major_str(),
            }
        )
    document = {
        "exported_at": utc_iso(statement.now),
        "amounts": "decimal strings in each contract's currency",
        "contracts": list(contracts.values()),
    }
    return json.dumps(document, indent=2, ensure_ascii=False).encode()
