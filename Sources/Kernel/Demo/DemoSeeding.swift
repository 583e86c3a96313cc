import Blueprint
import Foundation
import Postgres

/// An area's part in `tessera tenant seed`: writes one demo item of a section of its type. The
/// caller has already claimed the item's key in `demo_items` (so the item is new) and runs
/// everything in one transaction: a bad item throws and nothing of the file is kept.
public protocol DemoSeeding: Sendable {
    /// The section type whose demo items this seeder writes.
    var sectionType: SectionType { get }
    /// The kind its items are claimed under in `demo_items` (`news`, `event`).
    var kind: String { get }
    /// Writes `item` into `section`; the id of the row it became.
    func seed(_ item: DemoItem, section: Section, context: DemoContext, _ conn: PostgresConnection) throws -> Int64
}

/// What a seeder may use besides the item: the tenant's schema and blueprint, the seed's clock,
/// and the demo participants by their demo keys.
public struct DemoContext: Sendable {
    public var schema: Identifier
    public var blueprint: Blueprint
    public var now: Date
    public var participants: [String: Int64]

    public init(schema: Identifier, blueprint: Blueprint, now: Date, participants: [String: Int64]) {
        self.schema = schema
        self.blueprint = blueprint
        self.now = now
        self.participants = participants
    }

    /// The participant ids of the demo keys in `item[name]`.
    public func participantIDs(_ item: DemoItem, _ name: String) throws(DemoError) -> [Int64] {
        var ids: [Int64] = []
        for (i, key) in try item.strings(name).enumerated() {
            guard let id = participants[key] else {
                throw DemoError(item.pointer + "/\(name)/\(i)", "no demo participant \"\(key)\" in /participants")
            }
            ids.append(id)
        }
        return ids
    }
}

/// The `demo_items` table: which demo keys a tenant was seeded with.
public struct DemoLedger: Sendable {
    public let schema: Identifier

    public init(schema: Identifier) { self.schema = schema }

    /// Claims `key`: true when this transaction is the first to seed it. A concurrent seed of the
    /// same key waits on the primary key until this one commits, then gets false.
    public func claim(kind: String, key: String, _ conn: PostgresConnection) throws -> Bool {
        try !conn.query(
            """
            INSERT INTO \(ident: schema).demo_items (kind, key) VALUES (\(kind), \(key))
            ON CONFLICT (kind, key) DO NOTHING RETURNING key
            """
        ).isEmpty
    }

    public func record(kind: String, key: String, rowID: Int64, _ conn: PostgresConnection) throws {
        try conn.execute("UPDATE \(ident: schema).demo_items SET row_id = \(rowID) WHERE kind = \(kind) AND key = \(key)")
    }

    /// The row a seeded key became (nil when not seeded).
    public func rowID(kind: String, key: String, _ conn: PostgresConnection) throws -> Int64? {
        try conn.query("SELECT row_id FROM \(ident: schema).demo_items WHERE kind = \(kind) AND key = \(key)").first?
            .decode(Int64?.self, 0)
    }

    /// How many items of each kind are seeded.
    public func counts(_ conn: PostgresConnection) throws -> [String: Int64] {
        var counts: [String: Int64] = [:]
        for row in try conn.query("SELECT kind, count(*)::bigint FROM \(ident: schema).demo_items GROUP BY kind") {
            counts[try row.decode(String.self, 0)] = try row.decode(Int64.self, 1)
        }
        return counts
    }
}
