/// Every statement the store runs, prepared once per connection. Values are always
/// parameters (`$1`, …); only the schema's checked, quoted name is part of the text. Times
/// travel as seconds since 1970 (`float8`) and are compared as `timestamptz`.
///
/// Statements that could fail on a key (inserts, updates that change a unique column) are
/// written not to raise the error (`ON CONFLICT DO NOTHING`, `NOT EXISTS`): a raised error
/// would abort the whole PostgreSQL transaction, while the store protocol lets the lifecycle
/// catch a `duplicate` or `conflict` and go on in the same transaction. When such a
/// statement changes no row, a second query says why.
struct StoreStatements: Sendable {
    let settingGet, settingPut, settingDelete: Statement
    let organizationGet, organizationsFirst, organizationsAfter, organizationInsert, organizationUpdate: Statement
    let domainsOfOrganization, domainGet, domainVerified, domainInsert, domainUpdate, domainDelete,
        domainVersion, domainVerifiedElsewhere: Statement
    let connectionGet, connectionsOfOrganization, connectionsFirst, connectionsAfter, connectionInsert,
        connectionUpdate, connectionDelete, connectionExists, route: Statement
    let testRunInsert, testRunGet, testRunByRelayState, testRunByRequest, testRunsOfConnection, testRunSucceeded,
        testRunUpdate, testRunVersion: Statement
    let signInInsert, signInByRelayState, signInUpdate, signInVersion, signInsDeleteExpired: Statement
    let assertionRecord: Statement
    let attemptInsert, attemptsOfOrganization, attemptsDeleteBefore: Statement
    let auditInsert, auditOfOrganization: Statement
    let setupLinkInsert, setupLinkGet, setupLinkByToken, setupLinksOfOrganization, setupLinkUpdate,
        setupLinkVersion: Statement

    init(schema: StoreSchema) {
        let s = schema.quoted
        func statement(_ name: String, _ sql: String) -> Statement { Statement(name: "sso_\(name)", sql: sql) }

        settingGet = statement("setting_get", "SELECT value FROM \(s).settings WHERE key = $1")
        settingPut = statement("setting_put", """
            INSERT INTO \(s).settings (key, value) VALUES ($1, $2)
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
            """)
        settingDelete = statement("setting_delete", "DELETE FROM \(s).settings WHERE key = $1")

        organizationGet = statement("organization_get", "SELECT record FROM \(s).organizations WHERE id = $1")
        organizationsFirst = statement("organizations_first",
            "SELECT record FROM \(s).organizations ORDER BY id LIMIT $1::bigint")
        organizationsAfter = statement("organizations_after",
            "SELECT record FROM \(s).organizations WHERE id > $1 ORDER BY id LIMIT $2::bigint")
        organizationInsert = statement("organization_insert", """
            INSERT INTO \(s).organizations (id, version, record) VALUES ($1, $2::bigint, $3)
            ON CONFLICT DO NOTHING RETURNING 1
            """)
        organizationUpdate = statement("organization_update", """
            UPDATE \(s).organizations SET version = $3::bigint, record = $4
            WHERE id = $1 AND version = $2::bigint RETURNING 1
            """)

        domainsOfOrganization = statement("domains_of_organization",
            "SELECT record FROM \(s).domains WHERE organization_id = $1 ORDER BY name")
        domainGet = statement("domain_get",
            "SELECT record FROM \(s).domains WHERE organization_id = $1 AND name = $2")
        domainVerified = statement("domain_verified",
            "SELECT record FROM \(s).domains WHERE name = $1 AND status = 'verified'")
        // $1 organization, $2 name, $3 status, $4 version, $5 record.
        domainInsert = statement("domain_insert", """
            INSERT INTO \(s).domains (organization_id, name, status, version, record)
            SELECT $1, $2, $3, $4::bigint, $5
            WHERE NOT ($3 = 'verified' AND EXISTS (
                SELECT 1 FROM \(s).domains WHERE name = $2 AND status = 'verified' AND organization_id <> $1))
            ON CONFLICT DO NOTHING RETURNING 1
            """)
        // $1 organization, $2 name, $3 status, $4 expected version, $5 new version, $6 record.
        domainUpdate = statement("domain_update", """
            UPDATE \(s).domains SET status = $3, version = $5::bigint, record = $6
            WHERE organization_id = $1 AND name = $2 AND version = $4::bigint
              AND NOT ($3 = 'verified' AND EXISTS (
                SELECT 1 FROM \(s).domains WHERE name = $2 AND status = 'verified' AND organization_id <> $1))
            RETURNING 1
            """)
        domainDelete = statement("domain_delete", """
            DELETE FROM \(s).domains WHERE organization_id = $1 AND name = $2 AND version = $3::bigint RETURNING 1
            """)
        domainVersion = statement("domain_version",
            "SELECT version FROM \(s).domains WHERE organization_id = $1 AND name = $2")
        domainVerifiedElsewhere = statement("domain_verified_elsewhere", """
            SELECT 1 FROM \(s).domains WHERE name = $2 AND status = 'verified' AND organization_id <> $1
            """)

        connectionGet = statement("connection_get", "SELECT record FROM \(s).connections WHERE id = $1")
        connectionsOfOrganization = statement("connections_of_organization",
            "SELECT record FROM \(s).connections WHERE organization_id = $1 ORDER BY created_at, id")
        connectionsFirst = statement("connections_first",
            "SELECT record FROM \(s).connections ORDER BY id LIMIT $1::bigint")
        connectionsAfter = statement("connections_after",
            "SELECT record FROM \(s).connections WHERE id > $1 ORDER BY id LIMIT $2::bigint")
        // $1 id, $2 organization, $3 status, $4 created, $5 updated, $6 version, $7-$10 route, $11 record.
        connectionInsert = statement("connection_insert", """
            INSERT INTO \(s).connections (id, organization_id, status, created_at, updated_at, version,
                route_provider_id, route_sso_url, route_sso_binding, route_fingerprint, record)
            VALUES ($1, $2, $3, to_timestamp($4::float8), to_timestamp($5::float8), $6::bigint, $7, $8, $9, $10, $11)
            ON CONFLICT DO NOTHING RETURNING 1
            """)
        // $1 id, $2 expected version, then as insert from $3.
        connectionUpdate = statement("connection_update", """
            UPDATE \(s).connections SET organization_id = $3, status = $4, created_at = to_timestamp($5::float8),
                updated_at = to_timestamp($6::float8), version = $7::bigint, route_provider_id = $8,
                route_sso_url = $9, route_sso_binding = $10, route_fingerprint = $11, record = $12
            WHERE id = $1 AND version = $2::bigint RETURNING 1
            """)
        // The connection, its test runs and its pending sign-ins go in one statement.
        connectionDelete = statement("connection_delete", """
            WITH deleted AS (DELETE FROM \(s).connections WHERE id = $1 AND version = $2::bigint RETURNING id),
                 runs AS (DELETE FROM \(s).test_runs WHERE connection_id = $1 AND EXISTS (SELECT 1 FROM deleted)),
                 requests AS (DELETE FROM \(s).sign_in_requests WHERE connection_id = $1 AND EXISTS (SELECT 1 FROM deleted))
            SELECT count(*) FROM deleted
            """)
        connectionExists = statement("connection_exists", "SELECT 1 FROM \(s).connections WHERE id = $1")
        // One indexed look-up: the verified owner (partial unique index on name), then its
        // active connections (partial index on organization, newest update first).
        route = statement("route", """
            SELECT c.organization_id, c.id, c.route_provider_id, c.route_sso_url, c.route_sso_binding, c.route_fingerprint
            FROM \(s).domains d
            JOIN \(s).connections c ON c.organization_id = d.organization_id AND c.route_fingerprint IS NOT NULL
            WHERE d.name = $1 AND d.status = 'verified'
            ORDER BY c.updated_at DESC, c.id DESC
            LIMIT 1
            """)

        // $1 id, $2 connection, $3 relay hash, $4 request, $5 fingerprint, $6 status, $7 created, $8 version, $9 record.
        testRunInsert = statement("test_run_insert", """
            INSERT INTO \(s).test_runs (id, connection_id, relay_state_hash, request_id, fingerprint, status,
                created_at, version, record)
            VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7::float8), $8::bigint, $9)
            ON CONFLICT DO NOTHING RETURNING 1
            """)
        testRunGet = statement("test_run_get", "SELECT record FROM \(s).test_runs WHERE id = $1")
        testRunByRelayState = statement("test_run_by_relay_state",
            "SELECT record FROM \(s).test_runs WHERE relay_state_hash = $1")
        testRunByRequest = statement("test_run_by_request", """
            SELECT record FROM \(s).test_runs WHERE connection_id = $1 AND request_id = $2
            ORDER BY created_at, id LIMIT 1
            """)
        testRunsOfConnection = statement("test_runs_of_connection", """
            SELECT record FROM \(s).test_runs WHERE connection_id = $1
            ORDER BY created_at DESC, id DESC LIMIT $2::bigint
            """)
        testRunSucceeded = statement("test_run_succeeded", """
            SELECT EXISTS (SELECT 1 FROM \(s).test_runs
                WHERE connection_id = $1 AND fingerprint = $2 AND status = 'success')
            """)
        // $1 id, $2 expected version, then $3 connection … $9 version, $10 record.
        testRunUpdate = statement("test_run_update", """
            UPDATE \(s).test_runs SET connection_id = $3, relay_state_hash = $4, request_id = $5, fingerprint = $6,
                status = $7, created_at = to_timestamp($8::float8), version = $9::bigint, record = $10
            WHERE id = $1 AND version = $2::bigint
              AND NOT EXISTS (SELECT 1 FROM \(s).test_runs other WHERE other.relay_state_hash = $4 AND other.id <> $1)
            RETURNING 1
            """)
        testRunVersion = statement("test_run_version", "SELECT version FROM \(s).test_runs WHERE id = $1")

        // $1 id, $2 connection, $3 relay hash, $4 expires, $5 version, $6 record.
        signInInsert = statement("sign_in_insert", """
            INSERT INTO \(s).sign_in_requests (id, connection_id, relay_state_hash, expires_at, version, record)
            VALUES ($1, $2, $3, to_timestamp($4::float8), $5::bigint, $6)
            ON CONFLICT DO NOTHING RETURNING 1
            """)
        signInByRelayState = statement("sign_in_by_relay_state",
            "SELECT record FROM \(s).sign_in_requests WHERE relay_state_hash = $1")
        // $1 id, $2 expected version, $3 connection, $4 relay hash, $5 expires, $6 version, $7 record.
        signInUpdate = statement("sign_in_update", """
            UPDATE \(s).sign_in_requests SET connection_id = $3, relay_state_hash = $4,
                expires_at = to_timestamp($5::float8), version = $6::bigint, record = $7
            WHERE id = $1 AND version = $2::bigint
              AND NOT EXISTS (SELECT 1 FROM \(s).sign_in_requests other WHERE other.relay_state_hash = $4 AND other.id <> $1)
            RETURNING 1
            """)
        signInVersion = statement("sign_in_version", "SELECT version FROM \(s).sign_in_requests WHERE id = $1")
        // Housekeeping also forgets assertion IDs long expired by both the caller's clock
        // ($1) and the database's: they could be recorded anew anyway, so no replay is let
        // through, and the table stays small.
        signInsDeleteExpired = statement("sign_ins_delete_expired", """
            WITH deleted AS (DELETE FROM \(s).sign_in_requests WHERE expires_at < to_timestamp($1::float8) RETURNING 1),
                 forgotten AS (DELETE FROM \(s).assertion_ids
                     WHERE expires_at < to_timestamp($1::float8) AND expires_at < now() - interval '1 hour')
            SELECT count(*) FROM deleted
            """)

        // The first use inserts; a use of a recorded ID whose expiry has passed ($4 = now)
        // replaces it; an unexpired one returns no row. Atomic: two servers recording one ID
        // at once cannot both get a row (the second waits on the key, then either sees it
        // unexpired or fails to serialize and is run again).
        assertionRecord = statement("assertion_record", """
            INSERT INTO \(s).assertion_ids AS recorded (issuer, id, expires_at)
            VALUES ($1, $2, to_timestamp($3::float8))
            ON CONFLICT (issuer, id) DO UPDATE SET expires_at = EXCLUDED.expires_at
                WHERE recorded.expires_at <= to_timestamp($4::float8)
            RETURNING 1
            """)

        attemptInsert = statement("attempt_insert", """
            INSERT INTO \(s).attempts (id, organization_id, at, record) VALUES ($1, $2, to_timestamp($3::float8), $4)
            ON CONFLICT DO NOTHING RETURNING 1
            """)
        attemptsOfOrganization = statement("attempts_of_organization", """
            SELECT record FROM \(s).attempts WHERE organization_id = $1 ORDER BY at DESC, id DESC LIMIT $2::bigint
            """)
        attemptsDeleteBefore = statement("attempts_delete_before", """
            WITH deleted AS (DELETE FROM \(s).attempts WHERE at < to_timestamp($1::float8) RETURNING 1)
            SELECT count(*) FROM deleted
            """)

        auditInsert = statement("audit_insert", """
            INSERT INTO \(s).audit_entries (id, organization_id, at, record) VALUES ($1, $2, to_timestamp($3::float8), $4)
            ON CONFLICT DO NOTHING RETURNING 1
            """)
        auditOfOrganization = statement("audit_of_organization", """
            SELECT record FROM \(s).audit_entries WHERE organization_id = $1 ORDER BY at DESC, id DESC LIMIT $2::bigint
            """)

        // $1 id, $2 organization, $3 token hash, $4 created, $5 version, $6 record.
        setupLinkInsert = statement("setup_link_insert", """
            INSERT INTO \(s).setup_links (id, organization_id, token_hash, created_at, version, record)
            VALUES ($1, $2, $3, to_timestamp($4::float8), $5::bigint, $6)
            ON CONFLICT DO NOTHING RETURNING 1
            """)
        setupLinkGet = statement("setup_link_get", "SELECT record FROM \(s).setup_links WHERE id = $1")
        setupLinkByToken = statement("setup_link_by_token", "SELECT record FROM \(s).setup_links WHERE token_hash = $1")
        setupLinksOfOrganization = statement("setup_links_of_organization", """
            SELECT record FROM \(s).setup_links WHERE organization_id = $1 ORDER BY created_at DESC, id DESC
            """)
        // $1 id, $2 expected version, $3 organization, $4 token hash, $5 created, $6 version, $7 record.
        setupLinkUpdate = statement("setup_link_update", """
            UPDATE \(s).setup_links SET organization_id = $3, token_hash = $4, created_at = to_timestamp($5::float8),
                version = $6::bigint, record = $7
            WHERE id = $1 AND version = $2::bigint
              AND NOT EXISTS (SELECT 1 FROM \(s).setup_links other WHERE other.token_hash = $4 AND other.id <> $1)
            RETURNING 1
            """)
        setupLinkVersion = statement("setup_link_version", "SELECT version FROM \(s).setup_links WHERE id = $1")
    }
}
