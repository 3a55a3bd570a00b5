"""The warnings shown at the moment they matter, worded for the freelancer.

Numbers come from the platform table, never typed here.
"""

from __future__ import annotations

from bot.domain.money import Money
from bot.domain.platforms import PlatformRules
from bot.domain.reconciliation import Reconciliation


def unfunded_submit(amount: Money) -> str:
    return (
        f"This milestone is **not funded**. If you deliver now, the {amount} is unprotected: "
        "escrow covers only money the client has deposited. Ask the client to fund it first."
    )


def totals_mismatch(reconciliation: Reconciliation) -> str | None:
    if reconciliation.mismatch is None:
        return None
    direction = "more" if reconciliation.mismatch.is_positive() else "less"
    return (
        f"Milestones add up to {abs(reconciliation.mismatch)} {direction} than the agreed "
        f"{reconciliation.agreed}. Agree the missing milestones with the client, or edit the amounts."
    )


def ending(rules: PlatformRules, reconciliation: Reconciliation) -> list[str]:
    """What to know when a contract ends: money still owed, money still in escrow."""
    notes = []
    if reconciliation.outstanding.is_positive():
        note = f"You are still owed {reconciliation.outstanding} of the agreed {reconciliation.agreed}."
        if rules.bonus_after_end_days:
            note += (
                f" On {rules.name} the client can still pay it as a bonus, for up to "
                f"{rules.bonus_after_end_days} days after the contract ends; bonuses are not covered by "
                "payment protection, so ask soon."
            )
        else:
            note += " Ask the client to pay the rest before you close everything."
        notes.append(note)
    if reconciliation.in_escrow.is_positive():
        note = f"{reconciliation.in_escrow} is still in escrow."
        if rules.refund_response_days:
            note += (
                f" If the client asks for it back you get a refund request: you have {rules.refund_response_days} "
                "days to approve or dispute it, and doing nothing means it is refunded. Record it with "
                "`/milestone refund-request` and I will remind you."
            )
        notes.append(note)
    return notes
