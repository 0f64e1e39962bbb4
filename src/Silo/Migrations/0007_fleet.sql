-- Fleet: the GPS trail, partitioned by month so inserts and trail reads stay fast (and old months can be dropped)
-- as it grows to tens of millions of rows. The key dedupes (vehicle, recordedAt) and serves trail queries.
CREATE TABLE IF NOT EXISTS vehicle_positions
(
    vehicle_id  varchar(64) NOT NULL,
    recorded_at timestamptz NOT NULL,
    lat         float8      NOT NULL,
    lng         float8      NOT NULL,
    speed_kph   float4      NULL,
    heading     float4      NULL,
    accuracy_m  float4      NULL,
    PRIMARY KEY (vehicle_id, recorded_at)
) PARTITION BY RANGE (recorded_at);

CREATE TABLE IF NOT EXISTS vehicle_positions_default PARTITION OF vehicle_positions DEFAULT;

-- Creates the monthly partitions from one month back to two months ahead; run at start-up and daily.
CREATE OR REPLACE FUNCTION omnibiz_ensure_position_partitions() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    month_start date;
    name text;
BEGIN
    FOR i IN -1..2 LOOP
        month_start := (date_trunc('month', now()) + make_interval(months => i))::date;
        name := 'vehicle_positions_' || to_char(month_start, 'YYYY_MM');
        IF to_regclass(name) IS NULL THEN
            BEGIN
                EXECUTE format('CREATE TABLE %I PARTITION OF vehicle_positions FOR VALUES FROM (%L) TO (%L)',
                               name, month_start, (month_start + interval '1 month')::date);
            EXCEPTION WHEN duplicate_table OR check_violation OR invalid_object_definition THEN
                -- Created by another node at the same moment, or rows for that month already sit in the default partition.
                NULL;
            END;
        END IF;
    END LOOP;
END $$;

SELECT omnibiz_ensure_position_partitions();

CREATE TABLE IF NOT EXISTS vehicles
(
    id         varchar(64)  NOT NULL PRIMARY KEY,
    name       varchar(100) NOT NULL,
    plate      varchar(20)  NOT NULL,
    created_at timestamptz  NOT NULL
);

CREATE TABLE IF NOT EXISTS locations
(
    id         varchar(64)  NOT NULL PRIMARY KEY,
    name       varchar(200) NOT NULL,
    type       varchar(20)  NOT NULL,
    lat        float8       NOT NULL,
    lng        float8       NOT NULL,
    address    varchar(500) NULL,
    created_at timestamptz  NOT NULL,
    version    integer      NOT NULL,
    deleted    boolean      NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS ix_locations_created ON locations (created_at DESC, id DESC) WHERE NOT deleted;

CREATE TABLE IF NOT EXISTS deliveries
(
    id         varchar(64) NOT NULL PRIMARY KEY,
    order_id   varchar(64) NOT NULL,
    vehicle_id varchar(64) NOT NULL,
    status     varchar(20) NOT NULL,
    started_at timestamptz NOT NULL,
    version    integer     NOT NULL,
    document   jsonb       NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_deliveries_status ON deliveries (status, started_at DESC, id DESC);
