"""The service layer: each user action applied in one transaction (load, rule, save, re-plan, wake).

Cogs and the offline console call these; nothing else writes.
"""

from bot.services.context import ServiceContext
from bot.services.contracts import ContractService
from bot.services.milestones import MilestoneService

__all__ = ["ContractService", "MilestoneService", "ServiceContext"]
