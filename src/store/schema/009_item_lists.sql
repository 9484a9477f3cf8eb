-- 009_item_lists.sql — what keeps the work-item list fast at national scale (10^5 items;
-- docs/ARCHITECTURE.md, "Speed").
-- A page of items shows for each the item it was carried on into (the lowest id whose
-- carried_from_id is its id): without an index that is a scan of every item, per item.
-- The list's order (plan, domain, code) within a plan is read from one index, which also holds
-- the pairing, so a plan's page and its total are read from the index alone; it replaces the
-- (work_plan_id, domain_id) index, a prefix of it.
-- The other filters of the list (a domain alone, an escalation level) find their items by index
-- instead of scanning.

CREATE INDEX work_items_carried ON work_items(carried_from_id);
CREATE INDEX work_items_plan_order ON work_items(work_plan_id, domain_id, code, pairing_id);
DROP INDEX work_items_plan;
CREATE INDEX work_items_domain ON work_items(domain_id);
CREATE INDEX work_items_escalation ON work_items(escalation);
