/// Applies `Migration`s to one schema, recording them in `<schema>.schema_migrations`.
public enum Migrator {
    /// Applies the migrations not yet recorded, in version order, and returns them.
    ///
    /// Runs inside the caller's transaction (or opens one), holding a transaction-scoped advisory
    /// lock keyed on the schema, so concurrent migrators of the same schema apply each file once.
    /// Creates the schema and its `schema_migrations` table when missing. Refuses with
    /// `MigrationError.checksumMismatch` when an applied migration's file has changed.
    @discardableResult
    public static func migrate(
        _ conn: PostgresConnection, schema: Identifier, migrations: [Migration]
    ) throws -> [Migration] {
        try conn.transaction { conn in
            try conn.execute("SELECT pg_advisory_xact_lock(\(lockKey(for: schema)))")
            try conn.simpleQuery(
                """
                CREATE SCHEMA IF NOT EXISTS \(schema.quoted);
                CREATE TABLE IF NOT EXISTS \(schema.quoted).schema_migrations (
                    version bigint PRIMARY KEY,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                );
                """)
            let applied = try appliedChecksums(conn, schema: schema)
            let sorted = migrations.sorted { $0.version < $1.version }
            for migration in sorted {
                if let checksum = applied[migration.version], checksum != migration.checksum {
                    throw MigrationError.checksumMismatch(version: migration.version, name: migration.name)
                }
            }
            var newlyApplied: [Migration] = []
            for migration in sorted where applied[migration.version] == nil {
                do throws(PostgresError) {
                    try conn.simpleQuery(migration.sql(for: schema))
                } catch {
                    throw MigrationError.failed(version: migration.version, name: migration.name, error: error)
                }
                try conn.execute(
                    """
                    INSERT INTO \(ident: schema).schema_migrations (version, name, checksum)
                    VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                    """)
                newlyApplied.append(migration)
            }
            return newlyApplied
        }
    }

    /// Versions recorded in `<schema>.schema_migrations`, ascending; empty if the table does not exist.
    public static func appliedVersions(_ conn: PostgresConnection, schema: Identifier) throws(PostgresError) -> [Int] {
        let exists = try conn.query("SELECT to_regclass(\(schema.quoted + ".schema_migrations")) IS NOT NULL")
        guard try exists.first?.decode(Bool.self, 0) == true else { return [] }
        return try conn.query("SELECT version FROM \(ident: schema).schema_migrations ORDER BY version")
            .map { row throws(PostgresError) in try row.decode(Int.self, 0) }
    }

    private static func appliedChecksums(_ conn: PostgresConnection, schema: Identifier) throws(PostgresError) -> [Int:
        String]
    {
        var result: [Int: String] = [:]
        for row in try conn.query("SELECT version, checksum FROM \(ident: schema).schema_migrations") {
            result[try row.decode(Int.self, 0)] = try row.decode(String.self, 1)
        }
        return result
    }

    /// A stable 64-bit advisory lock key for "migrations of this schema" (FNV-1a of a prefixed name).
    static func lockKey(for schema: Identifier) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "tessera.migrate.\(schema.raw)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}
