"""The service layer: each user action applied as one unit of work (load once, rule, save, re-plan).

`Services` builds every service over one `Store`, in one place; cogs and the scheduler are handed it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.capture import CaptureService
from bot.services.contracts import ContractService
from bot.services.delivery import ReminderQueue
from bot.services.exports import ExportService
from bot.services.faq import FaqService
from bot.services.languages import ChosenLanguages
from bot.services.milestones import MilestoneService
from bot.services.privacy import PrivacyService
from bot.services.reminders import ReminderService
from bot.services.settings import SettingsService
from bot.services.undelivered import Undelivered
from bot.services.work import Store


@dataclass(frozen=True)
class Services:
    store: Store
    contracts: ContractService
    milestones: MilestoneService
    reminders: ReminderService
    settings: SettingsService
    privacy: PrivacyService
    faq: FaqService
    undelivered: Undelivered
    queue: ReminderQueue
    exports: ExportService
    capture: CaptureService

    @classmethod
    def build(cls, store: Store) -> Services:
        contracts = ContractService(store)
        milestones = MilestoneService(store)
        undelivered = Undelivered(store)
        languages = ChosenLanguages(store)
        return cls(
            store=store,
            contracts=contracts,
            milestones=milestones,
            reminders=ReminderService(store, contracts, milestones),
            settings=SettingsService(store, languages),
            privacy=PrivacyService(store, languages),
            faq=FaqService(store),
            undelivered=undelivered,
            queue=ReminderQueue(store.db, on_dms_closed=undelivered.note),
            exports=ExportService(store),
            capture=CaptureService(store, milestones),
        )


__all__ = ["Services", "Store"]
