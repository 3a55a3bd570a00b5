-- Each milestone's money becomes a ledger: its money events (fund, release, refund, void) carry the exact
-- amount they moved, and every figure and status is derived from them. The milestone row keeps its plan
-- (title, amount, due date) and its stage: what is going on with the work apart from the money.

ALTER TABLE milestones ADD COLUMN stage TEXT NOT NULL DEFAULT 'open';
ALTER TABLE milestones ADD COLUMN stage_at INTEGER;
ALTER TABLE milestones RENAME COLUMN status_changed_at TO changed_at;

-- A deposit is the milestone's amount when it was funded (an amount edited after funding was never
-- deposited): the latest amount recorded before the fund event, else the amount as stored.
UPDATE milestone_events SET amount_minor = coalesce(
    (SELECT earlier.amount_minor FROM milestone_events AS earlier
      WHERE earlier.milestone_id = milestone_events.milestone_id AND earlier.kind IN ('created', 'edit')
        AND earlier.amount_minor IS NOT NULL AND earlier.id < milestone_events.id
      ORDER BY earlier.id DESC LIMIT 1),
    (SELECT amount_minor FROM milestones WHERE milestones.id = milestone_events.milestone_id))
WHERE kind = 'fund';

-- A release or refund recorded without an amount moved what the milestone row recorded it moved.
UPDATE milestone_events SET amount_minor =
    (SELECT released_minor FROM milestones WHERE milestones.id = milestone_events.milestone_id)
WHERE kind = 'release' AND amount_minor IS NULL;
UPDATE milestone_events SET amount_minor =
    (SELECT refunded_minor FROM milestones WHERE milestones.id = milestone_events.milestone_id)
WHERE kind = 'refund' AND amount_minor IS NULL;
UPDATE milestone_events SET amount_minor =
    (SELECT amount_minor FROM milestones WHERE milestones.id = milestone_events.milestone_id)
WHERE kind = 'void';
-- A money event that moved nothing is not a ledger entry.
DELETE FROM milestone_events WHERE kind IN ('fund', 'release', 'refund', 'void') AND amount_minor <= 0;

-- A submission made before the milestone was funded was a delivery by message: no review clock ran.
UPDATE milestone_events SET kind = 'deliver'
WHERE kind = 'submit' AND NOT EXISTS (
    SELECT 1 FROM milestone_events AS funding
     WHERE funding.milestone_id = milestone_events.milestone_id AND funding.kind = 'fund'
       AND funding.id < milestone_events.id);

-- The stage from the old status: a review runs only on funded work submitted after the funding.
UPDATE milestones SET stage = 'in_review', stage_at = submitted_at
WHERE status = 'submitted' AND funded = 1 AND EXISTS (
    SELECT 1 FROM milestone_events AS e WHERE e.milestone_id = milestones.id AND e.kind = 'submit');
UPDATE milestones SET stage = 'delivered', stage_at = submitted_at
WHERE status = 'submitted' AND funded = 0;
UPDATE milestones SET stage = 'refund_requested', stage_at = refund_requested_at WHERE status = 'refund_requested';
UPDATE milestones SET stage = 'disputed', stage_at = changed_at WHERE status = 'disputed';

ALTER TABLE milestones DROP COLUMN status;
ALTER TABLE milestones DROP COLUMN funded;
ALTER TABLE milestones DROP COLUMN released_minor;
ALTER TABLE milestones DROP COLUMN refunded_minor;
ALTER TABLE milestones DROP COLUMN funded_at;
ALTER TABLE milestones DROP COLUMN submitted_at;
ALTER TABLE milestones DROP COLUMN review_ends_at;
ALTER TABLE milestones DROP COLUMN released_at;
ALTER TABLE milestones DROP COLUMN funds_available_at;
ALTER TABLE milestones DROP COLUMN refund_requested_at;
ALTER TABLE milestones DROP COLUMN refund_deadline_at;

-- The ledger of a contract's milestones is read with them in one query.
CREATE INDEX milestone_events_ledger ON milestone_events (milestone_id, id)
WHERE kind IN ('fund', 'release', 'refund', 'void');

-- Money the client paid on top of the milestones, during the contract or after it ended.
CREATE TABLE bonuses (
    id           INTEGER PRIMARY KEY,
    contract_id  INTEGER NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    owner_id     INTEGER NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    at           INTEGER NOT NULL,
    recorded_at  INTEGER NOT NULL
);
CREATE INDEX bonuses_contract ON bonuses (contract_id);
CREATE INDEX bonuses_owner ON bonuses (owner_id);

-- A reminder is a topic and a lead time before its event (negative: after it), so that a user's own lead
-- times need no new kinds. The old kinds map onto them one for one.
ALTER TABLE reminders ADD COLUMN lead_seconds INTEGER NOT NULL DEFAULT 0;
UPDATE reminders SET lead_seconds = CASE kind
    WHEN 'unfunded_72h' THEN 259200
    WHEN 'unfunded_24h' THEN 86400
    WHEN 'submit_overdue' THEN -86400
    WHEN 'review_ends_3d' THEN 259200
    WHEN 'review_ends_1d' THEN 86400
    WHEN 'refund_2d' THEN 172800
    WHEN 'refund_12h' THEN 43200
    ELSE 0 END;
UPDATE reminders SET kind = CASE kind
    WHEN 'unfunded_72h' THEN 'unfunded'
    WHEN 'unfunded_24h' THEN 'unfunded'
    WHEN 'submit_overdue' THEN 'submit'
    WHEN 'review_ends_3d' THEN 'review'
    WHEN 'review_ends_1d' THEN 'review'
    WHEN 'review_ended' THEN 'review'
    WHEN 'refund_2d' THEN 'refund'
    WHEN 'refund_12h' THEN 'refund'
    WHEN 'contract_owed' THEN 'ended'
    ELSE kind END;

-- The moment a user snoozed a reminder to: re-planning keeps it as the reminder's moment (quiet hours
-- still hold it, never past its deadline), where it would otherwise put the planned one.
ALTER TABLE reminders ADD COLUMN snoozed_until INTEGER;

-- Who still has to be told that reminders could not reach them (read at start and after each send).
CREATE INDEX users_undelivered ON users (user_id) WHERE undelivered > 0;
