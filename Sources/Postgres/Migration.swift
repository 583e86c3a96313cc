import Foundation

/// One schema migration: a numbered SQL script. `{{schema}}` in its text stands for the target schema.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String
    /// SHA-256 (lowercase hex) of the file's bytes; an applied migration must never change.
    public let checksum: String

    public init(version: Int, name: String, sql: String, checksum: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = checksum
    }

    /// A migration whose checksum is computed from `sql`'s UTF-8 bytes.
    public init(version: Int, name: String, sql: String) {
        self.init(version: version, name: name, sql: sql, checksum: SHA256Digest.hexHash(Array(sql.utf8)))
    }

    /// Loads every `NNNN_name.sql` file in `url`, sorted by version. Other files are ignored;
    /// a `.sql` file without a numeric prefix, or two files with the same version, is an error.
    public static func loadDirectory(_ url: URL) throws(MigrationError) -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: url.path)
        } catch {
            throw MigrationError.unreadable(path: url.path, reason: "cannot list directory")
        }
        var migrations: [Migration] = []
        for fileName in names.sorted() where fileName.hasSuffix(".sql") {
            guard let (version, name) = parseFileName(fileName) else {
                throw MigrationError.invalidFileName(fileName)
            }
            let path = url.appendingPathComponent(fileName).path
            guard let data = FileManager.default.contents(atPath: path) else {
                throw MigrationError.unreadable(path: path, reason: "cannot read file")
            }
            let bytes = [UInt8](data)
            guard let sql = String(validating: bytes, as: UTF8.self) else {
                throw MigrationError.unreadable(path: path, reason: "not valid UTF-8")
            }
            migrations.append(
                Migration(version: version, name: name, sql: sql, checksum: SHA256Digest.hexHash(bytes)))
        }
        migrations.sort { $0.version < $1.version }
        for (a, b) in zip(migrations, migrations.dropFirst()) where a.version == b.version {
            throw MigrationError.duplicateVersion(a.version, names: [a.name, b.name])
        }
        return migrations
    }

    /// `0001_create_posts.sql` → (1, "create_posts").
    static func parseFileName(_ fileName: String) -> (Int, String)? {
        let stem = fileName.dropLast(4)
        guard let underscore = stem.firstIndex(of: "_") else { return nil }
        let digits = stem[..<underscore]
        let name = stem[stem.index(after: underscore)...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let version = Int(digits),
            !name.isEmpty
        else { return nil }
        return (version, String(name))
    }

    /// The SQL with every `{{schema}}` replaced by the quoted schema name.
    public func sql(for schema: Identifier) -> String {
        sql.replacingOccurrences(of: "{{schema}}", with: schema.quoted)
    }
}
