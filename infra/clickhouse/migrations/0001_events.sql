-- TradeChain analytics on ClickHouse, migration 1: the projected events.
-- Applied in version order by ClickHouseAnalyticsStore (recorded in schema_migrations), or by
-- hand: clickhouse-client --database tradechain --multiquery < 0001_events.sql
-- Statements end with a semicolon at the end of a line; no semicolons inside literals.

-- One row per event id (its first occurrence on the ledger). ReplacingMergeTree collapses the
-- identical rows a crash-and-replay writes twice (reads use FINAL); the projector never writes
-- an id that event_ids already holds, so rows of one id are always identical. Month partitions
-- by occurrence keep KPI scans (a period plus the 90-day clock span) to a few partitions; the
-- key starts with the master bill, which the shipment, split and trace queries group and look
-- up by. Bloom filters let the trace fetch events by id and turnaround find conveyances.
CREATE TABLE IF NOT EXISTS events
(
    event_id String,
    height UInt64,
    tx_index UInt32,
    leaf_index UInt32,
    ledger_position UInt64,
    block_time DateTime64(3, 'UTC'),
    member_id LowCardinality(String),
    source_system LowCardinality(String),
    source_reference String,
    feed UInt8,
    mode UInt8,
    direction UInt8,
    event_type UInt8,
    port LowCardinality(String),
    location LowCardinality(String),
    occurred_at DateTime64(3, 'UTC'),
    local_date Date,
    recorded_at Nullable(DateTime64(3, 'UTC')),
    master_bill String,
    house_bills Array(String),
    containers Array(String),
    declaration_number String,
    booking_number String,
    vehicle_registration String,
    flight_number String,
    flight_date Nullable(Date),
    vessel_imo String,
    vessel_name String,
    voyage_number String,
    conveyance String,
    trader_uscc LowCardinality(String),
    declarant_uscc LowCardinality(String),
    parties Array(String),
    attributes_json String,
    has_sensitive Bool,
    redacted Bool,
    INDEX ix_event_id event_id TYPE bloom_filter GRANULARITY 4,
    INDEX ix_conveyance conveyance TYPE bloom_filter GRANULARITY 4
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (master_bill, occurred_at, event_id);

-- One row per shipment reference an event carries: the trace's lookup, ordered by reference.
CREATE TABLE IF NOT EXISTS event_refs
(
    ref_kind UInt8,
    ref_value String,
    event_id String,
    ledger_position UInt64,
    event_type UInt8,
    occurred_at DateTime64(3, 'UTC'),
    master_bill String,
    house_count UInt32
)
ENGINE = ReplacingMergeTree
ORDER BY (ref_value, ref_kind, event_id);

-- Every event id ever projected, ordered by id: the projector's "already held?" lookup (a
-- duplicate on the ledger keeps its first occurrence). Written after the event rows, so an id
-- here means its rows are in; retention leaves it, so a late duplicate of a deleted event stays out.
CREATE TABLE IF NOT EXISTS event_ids
(
    event_id String,
    ledger_position UInt64
)
ENGINE = ReplacingMergeTree
ORDER BY event_id;

-- The last block fully projected: one logical row; the version column keeps the highest height,
-- so the checkpoint never moves back. Written after its block's rows.
CREATE TABLE IF NOT EXISTS projection_checkpoint
(
    id UInt8,
    height UInt64,
    block_id String,
    block_time DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(height)
ORDER BY id;
