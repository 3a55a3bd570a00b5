"""/privacy export gives a user all of their data and nobody else's; delete removes all of it."""

from __future__ import annotations

import json

from bot.services import ServiceContext
from bot.services.privacy import PrivacyService
from tests.services.conftest import Services

ALICE, BOB = 1001, 2002


async def _both_have_contracts(services: Services) -> PrivacyService:
    for owner, title in ((ALICE, "Alice's logo"), (BOB, "Bob's site")):
        await services.contracts.add(owner, title=title, client="Client", price="100")
        await services.milestones.add(owner, contract=title, title="Draft", amount="100", due="in 3 days")
    return PrivacyService(ServiceContext(services.db, services.clock))


async def test_export_holds_the_callers_data_only(services: Services) -> None:
    privacy = await _both_have_contracts(services)
    document = json.loads(await privacy.export(ALICE))
    assert [c["title"] for c in document["contracts"]] == ["Alice's logo"]
    assert len(document["milestones"]) == 1
    assert {e["kind"] for e in document["milestone_events"]} == {"created"}
    assert "Bob's site" not in json.dumps(document)


async def test_delete_removes_everything_of_the_caller_and_nothing_else(services: Services) -> None:
    privacy = await _both_have_contracts(services)
    assert await privacy.delete_everything(ALICE) == 1
    after = json.loads(await privacy.export(ALICE))
    assert all(
        after[table] == [] for table in ("users", "contracts", "milestones", "milestone_events", "reminders")
    )
    assert [c.contract.title for c in await services.contracts.list_contracts(BOB)] == ["Bob's site"]
