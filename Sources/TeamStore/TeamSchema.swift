/// The Lightbox schema on a PostgreSQL server: versioned migrations, roles and grants.
///
/// Everything lives in the schema `lightbox`. `lightbox.reads` holds every verdict as an
/// append-only row: readers (members of `lightbox_reader`) may INSERT and SELECT only, the
/// reader column defaults to `current_user` and row-level security refuses any other value, a
/// trigger refuses UPDATE, DELETE and TRUNCATE even for the owner, and each row carries the
/// client's UUID under a unique constraint so a replay inserts nothing. Adjudications are rows
/// of kind `adjudication`, allowed only to members of `lightbox_adjudicator`. Every insert
/// notifies channel `lightbox_reads` with the row's id only.
public enum TeamSchema {
    /// The schema version this program writes and reads.
    public static let version = migrations.count

    /// The channel every insert notifies; the payload is the new row's id.
    public static let channel = "lightbox_reads"

    /// Migration n (1-based) brings the schema from version n-1 to n; each is a list of
    /// statements without parameters, run in the one transaction of `initialise`.
    static let migrations: [[String]] = [
        [
            """
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lightbox_reader') THEN
                CREATE ROLE lightbox_reader NOLOGIN;
              END IF;
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lightbox_adjudicator') THEN
                CREATE ROLE lightbox_adjudicator NOLOGIN IN ROLE lightbox_reader;
              END IF;
            END $$
            """,
            """
            CREATE TABLE lightbox.reads (
              id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              client_id uuid NOT NULL UNIQUE,
              study text NOT NULL,
              kind text NOT NULL DEFAULT 'read' CHECK (kind IN ('read', 'adjudication')),
              reader text NOT NULL DEFAULT current_user,
              recorded_at timestamptz NOT NULL,
              received_at timestamptz NOT NULL DEFAULT now(),
              case_path text NOT NULL,
              sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
              sop_instance_uid text,
              model_id text NOT NULL,
              probability double precision CHECK (probability BETWEEN 0 AND 1),
              threshold double precision NOT NULL CHECK (threshold BETWEEN 0 AND 1),
              predicted_label text CHECK (predicted_label IN ('NORMAL', 'PNEUMONIA')),
              verdict text NOT NULL CHECK (verdict IN ('agree', 'disagree', 'defer', 'retract', 'note')),
              reviewer_label text CHECK (reviewer_label IN ('NORMAL', 'PNEUMONIA')),
              note bytea NOT NULL DEFAULT ''::bytea
            )
            """,
            "COMMENT ON COLUMN lightbox.reads.note IS 'UTF-8 text; bytea because text cannot hold NUL'",
            "CREATE INDEX reads_by_study ON lightbox.reads (study, id)",
            "ALTER TABLE lightbox.reads ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY reads_visible ON lightbox.reads FOR SELECT TO lightbox_reader USING (true)",
            """
            CREATE POLICY reads_own ON lightbox.reads FOR INSERT TO lightbox_reader
              WITH CHECK (reader = current_user
                          AND (kind = 'read' OR pg_has_role(current_user, 'lightbox_adjudicator', 'MEMBER')))
            """,
            """
            CREATE FUNCTION lightbox.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION 'lightbox.reads is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
            END $$
            """,
            """
            CREATE TRIGGER reads_append_only BEFORE UPDATE OR DELETE ON lightbox.reads
              FOR EACH ROW EXECUTE FUNCTION lightbox.refuse_change()
            """,
            """
            CREATE TRIGGER reads_no_truncate BEFORE TRUNCATE ON lightbox.reads
              FOR EACH STATEMENT EXECUTE FUNCTION lightbox.refuse_change()
            """,
            """
            CREATE FUNCTION lightbox.notify_read() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              PERFORM pg_notify('lightbox_reads', NEW.id::text);
              RETURN NULL;
            END $$
            """,
            """
            CREATE TRIGGER reads_notify AFTER INSERT ON lightbox.reads
              FOR EACH ROW EXECUTE FUNCTION lightbox.notify_read()
            """,
            "GRANT USAGE ON SCHEMA lightbox TO lightbox_reader",
            "GRANT SELECT ON lightbox.reads, lightbox.schema_version TO lightbox_reader",
            """
            GRANT INSERT (client_id, study, kind, recorded_at, case_path, sha256, sop_instance_uid, model_id,
                          probability, threshold, predicted_label, verdict, reviewer_label, note)
              ON lightbox.reads TO lightbox_reader
            """,
            """
            CREATE FUNCTION lightbox.add_reader(reader_name text, adjudicator boolean) RETURNS void
              LANGUAGE plpgsql AS $$
            BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = reader_name) THEN
                EXECUTE format('CREATE ROLE %I LOGIN', reader_name);
              END IF;
              EXECUTE format('GRANT lightbox_reader TO %I', reader_name);
              IF adjudicator THEN
                EXECUTE format('GRANT lightbox_adjudicator TO %I', reader_name);
              END IF;
            END $$
            """,
            "REVOKE ALL ON FUNCTION lightbox.add_reader(text, boolean) FROM PUBLIC",
        ],
    ]

    /// Creates the schema or migrates it to `version`, in one transaction under an advisory
    /// lock (two concurrent inits wait for each other); running it again changes nothing.
    /// Returns the version found before and the version now. Needs a role that may create
    /// schemas and roles (the database owner with CREATEROLE, or a superuser).
    @discardableResult
    public static func initialise(url: String) throws(TeamStoreError) -> (from: Int, to: Int) {
        let db = try PostgresConnection(url: url)
        try db.query("BEGIN")
        do throws(TeamStoreError) {
            try db.query("SELECT pg_advisory_xact_lock(7158034)")
            try db.query("CREATE SCHEMA IF NOT EXISTS lightbox")
            try db.query("""
                CREATE TABLE IF NOT EXISTS lightbox.schema_version (
                  version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                """)
            let found = try installedVersion(db)
            guard found <= version else { throw TeamStoreError.schemaVersion(target: db.target, found: found, known: version) }
            for step in found..<version {
                for statement in migrations[step] { try db.query(statement) }
                try db.query("INSERT INTO lightbox.schema_version (version) VALUES ($1::integer)", text: [String(step + 1)])
            }
            try db.query("COMMIT")
            return (found, version)
        } catch {
            _ = try? db.query("ROLLBACK")
            throw error
        }
    }

    /// Creates the login role `name` (when missing) and makes it a reader, and an adjudicator
    /// with `adjudicator`. Grants only: INSERT of a verdict's columns and SELECT on
    /// `lightbox.reads` through `lightbox_reader`. The password or certificate is set up in
    /// PostgreSQL as usual (`\password NAME` in psql, `.pgpass`, pg_hba.conf).
    public static func addReader(url: String, name: String, adjudicator: Bool) throws(TeamStoreError) {
        let db = try PostgresConnection(url: url)
        try requireCurrent(db)
        try db.query("SELECT lightbox.add_reader($1, $2::boolean)", text: [name, adjudicator ? "true" : "false"])
    }

    /// Throws unless the database holds the schema at exactly `version`.
    static func requireCurrent(_ db: PostgresConnection) throws(TeamStoreError) {
        let found: Int
        do throws(TeamStoreError) { found = try installedVersion(db) } catch {
            // 3F000 invalid_schema_name, 42P01 undefined_table: nothing was ever initialised.
            if case .refused(let state, _) = error, state == "3F000" || state == "42P01" { throw .schemaMissing(target: db.target) }
            throw error
        }
        guard found == version else {
            throw found == 0 ? .schemaMissing(target: db.target) : .schemaVersion(target: db.target, found: found, known: version)
        }
    }

    private static func installedVersion(_ db: PostgresConnection) throws(TeamStoreError) -> Int {
        let rows = try db.query("SELECT coalesce(max(version), 0) FROM lightbox.schema_version")
        return rows.first?.first.flatMap { $0.flatMap { Int($0) } } ?? 0
    }
}
