import Foundation
import Kernel
import Postgres
import Tenancy
import TesseraJSON

/// One line of a participant's ban history (`ban_events`, append-only).
struct BanEvent: Sendable, Equatable {
    var id: Int64
    var participantID: Int64
    var action: String
    var reason: String?
    var until: Date?
    var staffName: String
    /// `staff_token:<id>` or `staff_person:<id>` (`StaffActor.reference`).
    var staffActor: String
    var at: Date
    /// Whom it is about, in Telegram (not part of the JSON: the cache key of `ParticipantTracker`).
    var telegramID: Int64 = 0

    var json: JSONValue {
        [
            "id": .int(id), "participant_id": .int(participantID), "action": .string(action),
            "reason": reason.map(JSONValue.string) ?? .null,
            "until": until.map { .string(Instant.format($0)) } ?? .null,
            "staff": ["name": .string(staffName), "actor": .string(staffActor)], "at": .string(Instant.format(at)),
        ]
    }
}

/// A ban in force, with who it is on (the ban list's rows).
struct CurrentBan: Sendable, Equatable {
    var participantID: Int64
    var telegramID: Int64
    var firstName: String
    var username: String?
    var ban: BanRecord

    var cursor: BanCursor {
        BanCursor(sinceMicros: Int64((ban.since.timeIntervalSince1970 * 1_000_000).rounded()), id: participantID)
    }

    var json: JSONValue {
        [
            "participant": [
                "id": .int(participantID), "telegram_id": .int(telegramID), "first_name": .string(firstName),
                "username": username.map(JSONValue.string) ?? .null,
            ],
            "reason": .string(ban.reason), "since": .string(Instant.format(ban.since)),
            "until": ban.until.map { .string(Instant.format($0)) } ?? .null,
        ]
    }
}

/// Position in the ban list (newest ban first): the ban's start in microseconds, then the participant id.
struct BanCursor: Sendable, Equatable {
    var sinceMicros: Int64
    var id: Int64

    var encoded: String { Base64URLText.encode("b1:\(sinceMicros):\(id)") }

    init(sinceMicros: Int64, id: Int64) {
        self.sinceMicros = sinceMicros
        self.id = id
    }

    init?(_ raw: String) {
        guard let text = Base64URLText.decode(raw) else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "b1", let micros = Int64(parts[1]), let id = Int64(parts[2]), id > 0 else {
            return nil
        }
        self.init(sinceMicros: micros, id: id)
    }
}

/// A participant's ban row and one page of their ban history.
struct BanHistory: Sendable, Equatable {
    var ban: BanRecord?
    /// Messages to the bot counted instead of stored while banned.
    var droppedMessages: Int64
    var events: [BanEvent]
    var more: Bool
}

/// Why a ban or an unban did not happen; each renders as its own API error.
enum BanRefusal: Error, Equatable {
    case participantNotFound
    case alreadyBanned(BanRecord)
    case notBanned

    var error: AreaError {
        switch self {
        case .participantNotFound:
            .notFound(code: "participant_not_found", message: "no such participant in this tenant")
        case .alreadyBanned(let ban):
            .conflict(
                code: "already_banned",
                message: "the participant is banned since \(Instant.format(ban.since))"
                    + (ban.until.map { " until \(Instant.format($0))" } ?? "") + "; unban first to change the ban")
        case .notBanned: .conflict(code: "not_banned", message: "the participant is not banned")
        }
    }
}

/// The ban list's SQL. Ban and unban lock the participant row, so racing calls serialise and each
/// gets one outcome (a ban, or `already_banned`; an unban, or `not_banned`).
struct BanStore: Sendable {
    let schema: Identifier

    /// Bans `participantID` (inside the caller's transaction) and announces it to every server.
    func ban(
        _ participantID: Int64, _ request: BanRequest, by staff: StaffPrincipal, tenantID: Int64, now: Date,
        _ conn: PostgresConnection
    ) throws -> BanEvent {
        let (telegramID, current) = try lock(participantID, conn)
        if let current, current.applies(at: now) { throw BanRefusal.alreadyBanned(current) }
        try conn.execute(
            """
            UPDATE \(ident: schema).participants SET banned_at = \(now), banned_until = \(request.until), ban_reason = \(request.reason)
            WHERE id = \(participantID)
            """)
        var event = try record(
            participantID, action: "ban", reason: request.reason, until: request.until, staff, now, conn)
        event.telegramID = telegramID
        try ParticipantStanding.announce(tenantID: tenantID, telegramID: telegramID, conn)
        return event
    }

    /// Lifts the ban in force on `participantID` and announces it to every server.
    func unban(
        _ participantID: Int64, reason: String?, by staff: StaffPrincipal, tenantID: Int64, now: Date,
        _ conn: PostgresConnection
    ) throws -> BanEvent {
        let (telegramID, current) = try lock(participantID, conn)
        guard let current, current.applies(at: now) else { throw BanRefusal.notBanned }
        try conn.execute(
            """
            UPDATE \(ident: schema).participants SET banned_at = NULL, banned_until = NULL, ban_reason = NULL
            WHERE id = \(participantID)
            """)
        var event = try record(participantID, action: "unban", reason: reason, until: nil, staff, now, conn)
        event.telegramID = telegramID
        try ParticipantStanding.announce(tenantID: tenantID, telegramID: telegramID, conn)
        return event
    }

    /// Bans in force at `now`, newest first, after `cursor`; whether more follow.
    func current(now: Date, after cursor: BanCursor?, limit: Int, _ conn: PostgresConnection) throws -> (
        [CurrentBan], Bool
    ) {
        let after: SQL =
            cursor.map {
                "AND (banned_at, id) < (timestamptz 'epoch' + \($0.sinceMicros) * interval '1 microsecond', \($0.id))"
            } ?? ""
        let rows = try conn.query(
            """
            SELECT id, telegram_id, first_name, username, banned_at, banned_until, coalesce(ban_reason, '')
            FROM \(ident: schema).participants
            WHERE banned_at IS NOT NULL AND (banned_until IS NULL OR banned_until > \(now)) \(fragment: after)
            ORDER BY banned_at DESC, id DESC LIMIT \(limit + 1)
            """)
        let bans = try rows.map { row in
            CurrentBan(
                participantID: try row.decode(Int64.self, 0), telegramID: try row.decode(Int64.self, 1),
                firstName: try row.decode(String.self, 2), username: try row.decode(String?.self, 3),
                ban: BanRecord(
                    since: try row.decode(Date.self, 4), until: try row.decode(Date?.self, 5),
                    reason: try row.decode(String.self, 6)))
        }
        return (Array(bans.prefix(limit)), bans.count > limit)
    }

    /// The participant's ban and its history (newest first, before event id `before`); nil when no such participant.
    func history(_ participantID: Int64, before: Int64?, limit: Int, _ conn: PostgresConnection) throws -> BanHistory? {
        guard
            let row = try conn.query(
                """
                SELECT banned_at, banned_until, coalesce(ban_reason, ''), dropped_messages FROM \(ident: schema).participants
                WHERE id = \(participantID)
                """
            ).first
        else { return nil }
        let ban = try row.decode(Date?.self, 0).map {
            BanRecord(since: $0, until: try row.decode(Date?.self, 1), reason: try row.decode(String.self, 2))
        }
        let rows = try conn.query(
            """
            SELECT \(unsafeRaw: Self.eventColumns) FROM \(ident: schema).ban_events
            WHERE participant_id = \(participantID) AND id < \(before ?? Int64.max)
            ORDER BY id DESC LIMIT \(limit + 1)
            """)
        let events = try rows.map(Self.event)
        return BanHistory(
            ban: ban, droppedMessages: try row.decode(Int64.self, 3), events: Array(events.prefix(limit)),
            more: events.count > limit)
    }

    static let eventColumns = "id, participant_id, action, reason, banned_until, staff_name, staff_actor, created_at"

    static func event(_ row: PostgresRow) throws -> BanEvent {
        BanEvent(
            id: try row.decode(Int64.self, 0), participantID: try row.decode(Int64.self, 1),
            action: try row.decode(String.self, 2),
            reason: try row.decode(String?.self, 3), until: try row.decode(Date?.self, 4),
            staffName: try row.decode(String.self, 5),
            staffActor: try row.decode(String.self, 6), at: try row.decode(Date.self, 7))
    }

    private func lock(_ participantID: Int64, _ conn: PostgresConnection) throws -> (Int64, BanRecord?) {
        guard
            let row = try conn.query(
                """
                SELECT telegram_id, banned_at, banned_until, coalesce(ban_reason, '') FROM \(ident: schema).participants
                WHERE id = \(participantID) FOR UPDATE
                """
            ).first
        else { throw BanRefusal.participantNotFound }
        let ban = try row.decode(Date?.self, 1).map {
            BanRecord(since: $0, until: try row.decode(Date?.self, 2), reason: try row.decode(String.self, 3))
        }
        return (try row.decode(Int64.self, 0), ban)
    }

    private func record(
        _ participantID: Int64, action: String, reason: String?, until: Date?, _ staff: StaffPrincipal, _ now: Date,
        _ conn: PostgresConnection
    ) throws -> BanEvent {
        let row = try conn.query(
            """
            INSERT INTO \(ident: schema).ban_events (participant_id, action, reason, banned_until, staff_name, staff_actor, created_at)
            VALUES (\(participantID), \(action), \(reason), \(until), \(staff.name), \(staff.actor.reference), \(now))
            RETURNING \(unsafeRaw: Self.eventColumns)
            """
        ).first!
        return try Self.event(row)
    }
}
