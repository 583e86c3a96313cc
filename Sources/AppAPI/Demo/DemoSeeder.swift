import Blueprint
import Foundation
import GameFi
import Kernel
import Postgres
import Tenancy
import TesseraJSON

/// Fills a tenant with the content of its demo file (`tessera tenant seed`, `tessera dev`).
///
/// One transaction per file: a bad item rolls everything back. Every item is claimed by its
/// kind and key in `demo_items` before it is written, so seeding again adds nothing and two
/// seeds at once write each item once (the second waits on the key, then skips it).
public struct DemoSeeder: Sendable {
    /// The areas' seeders (`AreaRegistry.demoSeeders`), by the section type they fill. Shop
    /// sections take no items: their products (with pictures and prices) are the blueprint's own.
    static let seeders: [SectionType: any DemoSeeding] = Dictionary(
        uniqueKeysWithValues: AreaRegistry.demoSeeders.map { ($0.sectionType, $0) })

    /// What a seed wrote: items added now and in total, by kind.
    public struct Report: Sendable, Equatable {
        public var tenant: String
        public var added: [String: Int]
        public var total: [String: Int64]

        public var json: JSONValue {
            let kinds = Set(added.keys).union(total.keys).sorted()
            return [
                "tenant": .string(tenant),
                "added": .object(JSONObject(kinds.map { ($0, JSONValue.int(Int64(added[$0] ?? 0))) })),
                "total": .object(JSONObject(kinds.map { ($0, JSONValue.int(total[$0] ?? 0)) })),
            ]
        }
    }

    let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    /// Seeds `file` into its tenant's live blueprint; `progress` hears one line per section.
    public func seed(_ file: DemoFile, now: Date = Date(), progress: (String) -> Void = { _ in }) throws -> Report {
        let slug: TenantSlug
        do { slug = try TenantSlug(file.tenant) } catch { throw DemoError("/tenant", "\(error)", file: file.path) }
        return try pool.transaction { conn in
            let record = try TenantCatalog().require(slug, conn)
            let blueprint = try liveBlueprint(record, conn)
            let ledger = DemoLedger(schema: record.schema)
            var report = Report(tenant: slug.rawValue, added: [:], total: [:])
            do {
                let participants = try seedParticipants(file, record.schema, ledger, now: now, &report, conn)
                progress("participants: \(report.added["participant", default: 0]) added (\(file.participants.count) in the file)")
                let context = DemoContext(schema: record.schema, blueprint: blueprint, now: now, participants: participants)
                for (id, items) in file.sections {
                    let added = try seedSection(id, items, context, ledger, &report, conn)
                    progress("section \(id): \(added) added (\(items.count) in the file)")
                }
            } catch var error as DemoError {
                error.file = file.path
                throw error
            }
            report.total = try ledger.counts(conn)
            return report
        }
    }

    func liveBlueprint(_ record: TenantRecord, _ conn: PostgresConnection) throws -> Blueprint {
        guard let version = record.liveVersion, let stored = try TenantCatalog().version(version, of: record.id, conn),
            case .success(let blueprint) = BlueprintLoader.load(Array(stored.document.utf8), file: "version \(version)")
        else { throw TenancyError.versionNotFound(slug: record.slug.rawValue, version: record.liveVersion ?? 0) }
        return blueprint
    }

    /// The demo participants (their ids by key), with their points and who invited them.
    func seedParticipants(
        _ file: DemoFile, _ schema: Identifier, _ ledger: DemoLedger, now: Date, _ report: inout Report,
        _ conn: PostgresConnection
    ) throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        for item in file.participants {
            guard let telegramID = try item.optionalInt("telegram_id", 1...(1 << 52)) else {
                throw DemoError(item.pointer + "/telegram_id", "required: the demo person's Telegram id")
            }
            if try ledger.claim(kind: "participant", key: item.key, conn) {
                let id = try insertParticipant(item, telegramID: telegramID, schema, conn)
                try ledger.record(kind: "participant", key: item.key, rowID: id, conn)
                report.added["participant", default: 0] += 1
                ids[item.key] = id
            } else {
                ids[item.key] = try ledger.rowID(kind: "participant", key: item.key, conn)
            }
        }
        for item in file.participants {
            guard let id = ids[item.key] else { continue }
            if let points = try item.optionalInt("points", 1...1_000_000), try ledger.claim(kind: "points", key: item.key, conn) {
                try PointsLedger(schema: schema).award(
                    Award(participantID: id, amount: points, reason: "demo", reference: nil, idempotencyKey: "demo:\(item.key)"),
                    at: now, conn)
                try ledger.record(kind: "points", key: item.key, rowID: id, conn)
                report.added["points", default: 0] += 1
            }
            if let referrer = try item.optionalString("invited_by", max: 80) {
                guard let referrerID = ids[referrer] else {
                    throw DemoError(item.pointer + "/invited_by", "no demo participant \"\(referrer)\" in /participants")
                }
                if try ledger.claim(kind: "referral", key: item.key, conn) {
                    // As the bot records a `/start ref_<id>`: one referrer per referred participant,
                    // counted on the referrer's referrals boards.
                    try ReferralRecords(schema: schema).record(referrerID: referrerID, referredID: id, at: now, conn)
                    try ledger.record(kind: "referral", key: item.key, rowID: id, conn)
                    report.added["referral", default: 0] += 1
                }
            }
        }
        return ids
    }

    /// Adds a demo participant; a person already stored under that Telegram id is left as they
    /// are (their name, source and tags are theirs) and only their id is taken.
    func insertParticipant(_ item: DemoItem, telegramID: Int64, _ schema: Identifier, _ conn: PostgresConnection) throws -> Int64 {
        let firstName = try item.string("first_name", max: 64)
        let lastName = try item.optionalString("last_name", max: 64)
        let username = try item.optionalString("username", max: 32)
        let language = try item.optionalString("language_code", max: 8)
        let tags = JSONValue.array(try item.strings("tags").map(JSONValue.string)).description
        let inserted = try conn.query(
            """
            INSERT INTO \(ident: schema).participants (telegram_id, first_name, last_name, username, language_code, source, tags)
            VALUES (\(telegramID), \(firstName), \(lastName), \(username), \(language), 'demo',
                    ARRAY(SELECT jsonb_array_elements_text(\(tags)::jsonb)))
            ON CONFLICT (telegram_id) DO NOTHING RETURNING id
            """
        ).first
        if let inserted { return try inserted.decode(Int64.self, 0) }
        // ON CONFLICT found the row, so it exists (participants are never deleted).
        guard let existing = try conn.query("SELECT id FROM \(ident: schema).participants WHERE telegram_id = \(telegramID)").first
        else { throw DemoError(item.pointer + "/telegram_id", "participant \(telegramID) vanished while seeding") }
        return try existing.decode(Int64.self, 0)
    }

    /// The items of one section through its area's seeder; how many were new.
    func seedSection(
        _ id: String, _ items: [DemoItem], _ context: DemoContext, _ ledger: DemoLedger, _ report: inout Report,
        _ conn: PostgresConnection
    ) throws -> Int {
        guard let section = context.blueprint.section(id: id) else {
            throw DemoError(
                "/sections/\(id)",
                "no section \"\(id)\" in the live blueprint (sections: \(context.blueprint.sections.map(\.id).joined(separator: ", ")))")
        }
        guard let seeder = Self.seeders[section.type] else {
            throw DemoError(
                "/sections/\(id)",
                "\(section.type.rawValue) sections take no demo items (only \(Self.seeders.keys.map(\.rawValue).sorted().joined(separator: ", ")))")
        }
        let kind = seeder.kind
        var added = 0
        for item in items {
            let key = "\(id).\(item.key)"
            guard try ledger.claim(kind: kind, key: key, conn) else { continue }
            let row = try seeder.seed(item, section: section, context: context, conn)
            try ledger.record(kind: kind, key: key, rowID: row, conn)
            added += 1
        }
        report.added[kind, default: 0] += added
        return added
    }
}
