-- Scoped pulls (db/sync.ts): a technician pulls devices/merchants of their regions in
-- (txid, id) order. With only (txid, id) the scan filters out every other region's row,
-- which for a small region means reading most of the table per page; with
-- (region, txid, id) a one-region pull is a plain ordered index range.
CREATE INDEX IF NOT EXISTS devices_region_txid_id_idx ON devices (region, txid, id);
CREATE INDEX IF NOT EXISTS merchants_region_txid_id_idx ON merchants (region, txid, id);
-- Technicians' own cases and the events of their cases.
CREATE INDEX IF NOT EXISTS cases_created_by_txid_idx ON cases (created_by, txid, id);
