"""Contract actions: add, edit, list, view, end, bonus, delete, and the summary across contracts.

Each action is one unit of work (`Store.work`/`Store.read`): the contract is loaded once, changed with
domain functions, saved, and its reminders planned from the same object.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.domain import contracts as rules
from bot.domain.asks import situations
from bot.domain.contracts import Bonus, Contract
from bot.domain.errors import Command, InvalidInput, NotAllowed
from bot.domain.lifecycle import Milestone
from bot.domain.money import Money, normalize_currency, parse_money
from bot.domain.platforms import parse_platform, review_days_for, validate_review_days
from bot.domain.reconciliation import figures_of, totals_by_currency
from bot.domain.text import clean_line
from bot.i18n.speaking import N_, current_locale
from bot.services.dates import happened_at
from bot.services.lookup import contract_id, searchable
from bot.services.results import ClientAsks, ContractView, Summary
from bot.services.work import Store
from storage.contracts import ContractFilter

MAX_UPCOMING = 5
FILTERS: tuple[ContractFilter, ...] = ("active", "ended", "all")
TITLE_TAKEN = N_("You already have a contract called `{title}`. Pick another title.")


def view_of(
    contract: Contract,
    now: datetime,
    *,
    start_moved_from: datetime | None = None,
    voided: tuple[Milestone, ...] = (),
    bonus: Bonus | None = None,
) -> ContractView:
    """The contract with its figures as of `now`, and what this action did that the reply should say."""
    return ContractView(contract, figures_of(contract, now), now, start_moved_from, voided, bonus)


class ContractService:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def add(
        self,
        owner_id: int,
        *,
        title: str,
        client: str,
        price: str,
        currency: str | None = None,
        platform: str | None = None,
        review_days: int | None = None,
        started: str | None = None,
    ) -> ContractView:
        async with self._store.work(owner_id) as work:
            settings = await work.settings()
            clean_title = clean_line(title, "contract title")
            clean_client = clean_line(client, "client name")
            chosen = parse_platform(platform or "upwork")
            agreed = _price(price, currency, settings.currency)
            if review_days is not None:
                validate_review_days(review_days)
            started_at = happened_at(started, settings, work.now)
            if await work.contracts.find_by_title(owner_id, clean_title) is not None:
                raise NotAllowed(TITLE_TAKEN, title=clean_title)
            await work.users.ensure(owner_id, work.now)
            contract = await work.contracts.add(
                owner_id,
                title=clean_title,
                client=clean_client,
                platform=chosen,
                price=agreed,
                review_days=review_days_for(chosen, review_days),
                started_at=started_at,
                now=work.now,
            )
        return view_of(contract, work.now)

    async def edit(
        self,
        owner_id: int,
        contract: int,
        *,
        title: str | None = None,
        client: str | None = None,
        price: str | None = None,
        platform: str | None = None,
        review_days: int | None = None,
        started: str | None = None,
    ) -> ContractView:
        """Change the contract's terms; a price in another currency only while no money is recorded on it."""
        if all(value is None for value in (title, client, price, platform, review_days, started)):
            raise InvalidInput(
                N_(
                    "Give at least one of `title`, `client`, `price`, `platform`, `review_days` or `started` to change."
                )
            )
        async with self._store.work(owner_id) as work:
            current = await work.contract(contract)
            settings = await work.settings()
            changed = current
            if title is not None:
                new_title = clean_line(title, "contract title")
                same = await work.contracts.find_by_title(owner_id, new_title)
                if same is not None and same != current.id:
                    raise NotAllowed(TITLE_TAKEN, title=new_title)
                changed = replace(changed, title=new_title)
            if client is not None:
                changed = replace(changed, client=clean_line(client, "client name"))
            if price is not None:
                changed = replace(changed, price=_new_price(current, price))
            if platform is not None:
                chosen = parse_platform(platform)
                # A new platform brings its own review window unless the user gives one.
                changed = replace(changed, platform=chosen, review_days=review_days_for(chosen, review_days))
            elif review_days is not None:
                changed = replace(changed, review_days=validate_review_days(review_days))
            if started is not None:
                changed = _restart(changed, happened_at(started, settings, work.now))
            await work.contracts.save(changed)
            work.replan(changed)
        return view_of(changed, work.now)

    async def list_contracts(self, owner_id: int, which: str = "active") -> list[ContractView]:
        if which not in FILTERS:
            raise InvalidInput(N_("Pick which contracts to list: `active`, `ended` or `all`."))
        async with self._store.read(owner_id) as reading:
            contracts = await reading.contracts.of_owner(owner_id, which)
        return [view_of(c, reading.now) for c in contracts]

    async def view(self, owner_id: int, contract: int) -> ContractView:
        async with self._store.read(owner_id) as reading:
            loaded = await reading.contract(contract)
        return view_of(loaded, reading.now)

    async def client_asks(self, owner_id: int, contract: int) -> ClientAsks:
        """The messages the contract calls for now (to fund, release, answer a refund, pay a bonus)."""
        async with self._store.read(owner_id) as reading:
            loaded = await reading.contract(contract)
            settings = await reading.settings()
        return ClientAsks(loaded, situations(loaded, reading.now), settings)

    async def end(self, owner_id: int, contract: int, date: str | None = None) -> ContractView:
        """End the contract: milestones never funded are voided; money in escrow stays until settled."""
        async with self._store.work(owner_id) as work:
            current = await work.contract(contract)
            ended_at = happened_at(date, await work.settings(), work.now)
            ended, voided = rules.end_contract(current, ended_at)
            await work.contracts.save(ended)
            for milestone, step in voided:
                await work.milestones.save(owner_id, milestone)
                await work.milestones.record(owner_id, milestone.id, step, work.now)
            work.replan(ended)
        return view_of(ended, work.now, voided=tuple(m for m, _ in voided))

    async def bonus(self, owner_id: int, contract: int, amount: str, date: str | None = None) -> ContractView:
        """Record money the client paid on top of the milestones (during the contract or after it ended)."""
        async with self._store.work(owner_id) as work:
            current = await work.contract(contract)
            paid = amount_in(current, amount)
            at = happened_at(date, await work.settings(), work.now)
            moved_from = current.started_at if at < current.started_at else None
            current = rules.start_by(current, at)
            if moved_from is not None:
                await work.contracts.save(current)
            bonus = await work.contracts.add_bonus(current, paid, at, work.now)
            with_bonus = replace(current, bonuses=(*current.bonuses, bonus))
            work.replan(with_bonus)
        return view_of(with_bonus, work.now, bonus=bonus, start_moved_from=moved_from)

    async def delete(self, owner_id: int, contract: int) -> bool:
        """Remove the contract with its milestones, history and reminders (after the user confirmed)."""
        async with self._store.work(owner_id) as work:
            return await work.contracts.delete(owner_id, contract)

    async def summary(self, owner_id: int) -> Summary:
        """Active contracts, and ended ones with money still held: totals per currency, what comes next,
        and what needs the user now."""
        async with self._store.read(owner_id) as reading:
            contracts = await reading.contracts.of_owner(owner_id)
        now = reading.now
        shown = [c for c in contracts if c.active or any(m.held for m in c.milestones)]
        views = [view_of(c, now) for c in shown]
        upcoming = sorted((d for c in shown for d in rules.deadlines(c) if d.at >= now), key=lambda d: d.at)[
            :MAX_UPCOMING
        ]
        attention = [a for c in shown for a in rules.needs_attention(c, now)]
        return Summary(views, totals_by_currency(v.figures for v in views), upcoming, attention)

    async def choices(self, owner_id: int, typed: str) -> list[tuple[int, str, Money, bool]]:
        """The caller's contracts for autocomplete, best matches first: (id, title, price, active)."""
        async with self._store.read(owner_id) as reading:
            return await reading.contracts.search(owner_id, searchable(typed), limit=25)

    async def resolve(self, owner_id: int, text: str) -> int:
        """The id of the caller's contract that `text` names (autocomplete value or title)."""
        async with self._store.glance(owner_id) as reading:
            return await contract_id(reading, text)


def amount_in(contract: Contract, text: str) -> Money:
    """An amount typed for this contract, in its currency."""
    money = parse_money(text, contract.currency, current_locale())
    if money.currency != contract.currency:
        raise InvalidInput(
            N_("`{title}` is in {currency}; give the amount in {currency}."),
            title=contract.title,
            currency=contract.currency,
        )
    return money


def _price(price: str, currency: str | None, default_currency: str) -> Money:
    chosen = normalize_currency(currency) if currency else default_currency
    agreed = parse_money(price, chosen, current_locale())
    if currency and agreed.currency != chosen:
        raise NotAllowed(
            N_("The price says {price_currency} but `currency` says {currency}."),
            price_currency=agreed.currency,
            currency=chosen,
        )
    return agreed


def _new_price(contract: Contract, price: str) -> Money:
    """The edited price; in another currency (`150 EUR`) only while no money is recorded on the contract."""
    agreed = parse_money(price, contract.currency, current_locale())
    if agreed.currency != contract.currency and _money_recorded(contract):
        raise NotAllowed(
            N_(
                "Money is already recorded on `{title}` in {currency}, so its currency can't change. "
                "Record a new contract in the other currency with {add}."
            ),
            title=contract.title,
            currency=contract.currency,
            add=Command("contract add"),
        )
    return agreed


def _money_recorded(contract: Contract) -> bool:
    return bool(contract.bonuses) or any(m.ledger.entries for m in contract.milestones)


def _restart(contract: Contract, started_at: datetime) -> Contract:
    """A new start, no later than the first step recorded on the contract."""
    first = min(
        (moment for m in contract.milestones for moment in _recorded_moments(m)),
        default=None,
    )
    if first is not None and started_at > first:
        raise NotAllowed(
            N_(
                "A step of this contract is recorded at {first}, so it can't have started after that. "
                "Give a start on or before it."
            ),
            first=first,
        )
    return replace(contract, started_at=started_at)


def _recorded_moments(milestone: Milestone) -> list[datetime]:
    moments = [entry.at for entry in milestone.ledger.entries]
    if milestone.stage_at is not None:
        moments.append(milestone.stage_at)
    return moments
