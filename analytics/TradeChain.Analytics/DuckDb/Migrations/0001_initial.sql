-- Events as projected from committed blocks: one row per event id, its first occurrence on the
-- ledger. Column order is the Arrow record batch's (ArrowProjection.EventsSchema): the appender
-- is positional. No primary key: an ART index over 10^7 ids costs more than it saves; the store
-- deduplicates with an anti-join inside the write transaction.
CREATE TABLE events (
    event_id VARCHAR NOT NULL,
    height UBIGINT NOT NULL,
    tx_index UINTEGER NOT NULL,
    leaf_index UINTEGER NOT NULL,
    ledger_position UBIGINT NOT NULL,
    block_time TIMESTAMP NOT NULL,
    member_id VARCHAR NOT NULL,
    source_system VARCHAR NOT NULL,
    source_reference VARCHAR NOT NULL,
    feed UTINYINT NOT NULL,
    mode UTINYINT NOT NULL,
    direction UTINYINT NOT NULL,
    event_type UTINYINT NOT NULL,
    port VARCHAR NOT NULL,
    location VARCHAR NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    local_date DATE NOT NULL,
    recorded_at TIMESTAMP,
    master_bill VARCHAR NOT NULL,
    house_bills VARCHAR[] NOT NULL,
    containers VARCHAR[] NOT NULL,
    declaration_number VARCHAR NOT NULL,
    booking_number VARCHAR NOT NULL,
    vehicle_registration VARCHAR NOT NULL,
    flight_number VARCHAR NOT NULL,
    flight_date DATE,
    vessel_imo VARCHAR NOT NULL,
    vessel_name VARCHAR NOT NULL,
    voyage_number VARCHAR NOT NULL,
    conveyance VARCHAR NOT NULL,
    trader_uscc VARCHAR NOT NULL,
    declarant_uscc VARCHAR NOT NULL,
    parties VARCHAR[] NOT NULL,
    attributes_json VARCHAR NOT NULL,
    has_sensitive BOOLEAN NOT NULL,
    redacted BOOLEAN NOT NULL
);

-- One row per shipment reference an event carries (the contract's keys): the trace's lookup.
CREATE TABLE event_refs (
    ref_kind UTINYINT NOT NULL,
    ref_value VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    ledger_position UBIGINT NOT NULL,
    event_type UTINYINT NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    master_bill VARCHAR NOT NULL,
    house_count UINTEGER NOT NULL
);

-- The last block fully projected; one row, moved in the same transaction as the block's events.
CREATE TABLE projection_checkpoint (
    id INTEGER PRIMARY KEY,
    height UBIGINT NOT NULL,
    block_id VARCHAR NOT NULL,
    block_time TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Daily KPI roll-ups per clock, port, mode and direction (the KPI roll-up job).
CREATE TABLE kpi_daily (
    day DATE NOT NULL,
    clock VARCHAR NOT NULL,
    port VARCHAR NOT NULL,
    mode UTINYINT NOT NULL,
    direction UTINYINT NOT NULL,
    shipments BIGINT NOT NULL,
    total_ms BIGINT NOT NULL,
    min_ms BIGINT NOT NULL,
    max_ms BIGINT NOT NULL,
    p50_ms BIGINT NOT NULL,
    p90_ms BIGINT NOT NULL,
    p95_ms BIGINT NOT NULL,
    computed_at TIMESTAMP NOT NULL
);

-- SLA breaches already notified, one per clock and shipment (the SLA job).
CREATE TABLE sla_breaches (
    clock VARCHAR NOT NULL,
    master_bill VARCHAR NOT NULL,
    house_bill VARCHAR NOT NULL,
    port VARCHAR NOT NULL,
    mode UTINYINT NOT NULL,
    direction UTINYINT NOT NULL,
    enterprise VARCHAR NOT NULL,
    started_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP,
    elapsed_ms BIGINT NOT NULL,
    target_ms BIGINT NOT NULL,
    last_event_type UTINYINT NOT NULL,
    last_location VARCHAR NOT NULL,
    detected_at TIMESTAMP NOT NULL,
    PRIMARY KEY (clock, master_bill, house_bill)
);
