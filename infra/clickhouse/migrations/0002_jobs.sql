-- TradeChain analytics on ClickHouse, migration 2: what the scheduled jobs keep.

-- Daily KPI roll-ups per clock, port, mode and direction. A day is replaced as a whole
-- (lightweight DELETE of the day, then INSERT), so groups that vanish on recompute go too.
CREATE TABLE IF NOT EXISTS kpi_daily
(
    day Date,
    clock LowCardinality(String),
    port LowCardinality(String),
    mode UInt8,
    direction UInt8,
    shipments Int64,
    total_ms Int64,
    min_ms Int64,
    max_ms Int64,
    p50_ms Int64,
    p90_ms Int64,
    p95_ms Int64,
    computed_at DateTime64(3, 'UTC')
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, clock, port, mode, direction);

-- SLA breaches already notified: one per clock and shipment.
CREATE TABLE IF NOT EXISTS sla_breaches
(
    clock LowCardinality(String),
    master_bill String,
    house_bill String,
    port LowCardinality(String),
    mode UInt8,
    direction UInt8,
    enterprise String,
    started_at DateTime64(3, 'UTC'),
    ended_at Nullable(DateTime64(3, 'UTC')),
    elapsed_ms Int64,
    target_ms Int64,
    last_event_type UInt8,
    last_location String,
    detected_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
ORDER BY (clock, master_bill, house_bill);
