-- Grain state for ADO.NET persistence. The etag is the integer version; a write names the version it
-- read, so a stale activation can never overwrite a newer state.
CREATE TABLE IF NOT EXISTS orleans_storage
(
    service_id      varchar(150) NOT NULL,
    grain_type_hash integer      NOT NULL,
    grain_id_hash   integer      NOT NULL,
    grain_type      varchar(512) NOT NULL,
    grain_id_n0     bigint       NOT NULL,
    grain_id_n1     bigint       NOT NULL,
    grain_key       varchar(512) NOT NULL DEFAULT '',
    payload         bytea        NULL,
    version         integer      NOT NULL,
    modified_at     timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, grain_type_hash, grain_id_hash, grain_type, grain_id_n0, grain_id_n1, grain_key)
);

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', '
    SELECT payload AS "PayloadBinary", version AS "Version"
      FROM orleans_storage
     WHERE service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
       AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
       AND grain_key = COALESCE(@GrainIdExtensionString, '''');'),
('WriteToStorageKey', '
    WITH written AS (
        INSERT INTO orleans_storage AS s (service_id, grain_type_hash, grain_id_hash, grain_type,
                                          grain_id_n0, grain_id_n1, grain_key, payload, version)
        VALUES (@ServiceId, @GrainTypeHash, @GrainIdHash, @GrainTypeString, @GrainIdN0, @GrainIdN1,
                COALESCE(@GrainIdExtensionString, ''''), @PayloadBinary, 1)
        ON CONFLICT (service_id, grain_type_hash, grain_id_hash, grain_type, grain_id_n0, grain_id_n1, grain_key)
        DO UPDATE SET payload = EXCLUDED.payload, version = s.version + 1, modified_at = now()
         WHERE s.version = @GrainStateVersion::integer
        RETURNING s.version
    )
    SELECT (SELECT version FROM written) AS "NewGrainStateVersion";'),
('ClearStorageKey', '
    WITH cleared AS (
        UPDATE orleans_storage
           SET payload = NULL, version = version + 1, modified_at = now()
         WHERE service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
           AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
           AND grain_key = COALESCE(@GrainIdExtensionString, '''') AND version = @GrainStateVersion::integer
        RETURNING version
    )
    SELECT (SELECT version FROM cleared) AS "NewGrainStateVersion";')
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
