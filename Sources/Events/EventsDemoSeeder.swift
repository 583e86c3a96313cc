import Blueprint
import Foundation
import Kernel
import Postgres

/// Demo events for `tessera tenant seed`: `title`, `description` (sanitised), `starts_in_days`
/// (negative: a past event) at `time` (HH:MM UTC), `duration_minutes`, `place`, `link`,
/// `capacity`, `price_stars` (paid sections), and `attendees`: demo participants registered
/// with a seat each, so seat badges count real registrations.
public struct EventsDemoSeeder: DemoSeeding {
    public init() {}

    public var sectionType: SectionType { .events }
    public var kind: String { "event" }

    public func seed(_ item: DemoItem, section: Section, context: DemoContext, _ conn: PostgresConnection) throws -> Int64 {
        var draft = EventDraft()
        draft.section = section.id
        draft.title = try item.string("title")
        draft.description = RichText.sanitize(try item.optionalString("description", max: 20_000) ?? "")
        guard let startsAt = try item.relativeDate(days: "starts_in_days", time: "time", now: context.now) else {
            throw DemoError(item.pointer + "/starts_in_days", "required: days from the seed (negative for a past event)")
        }
        draft.startsAt = startsAt
        draft.endsAt = try item.optionalInt("duration_minutes", 1...10_080).map { startsAt.addingTimeInterval(TimeInterval($0 * 60)) }
        draft.place = try item.optionalString("place")
        draft.link = try item.optionalString("link", max: 2_000)
        if let link = draft.link, !URLRules.isAllowed(link, telegram: true) {
            throw DemoError(item.pointer + "/link", "expected an https:// or tg:// URL")
        }
        draft.capacity = try item.optionalInt("capacity", 1...100_000).map(Int.init)
        draft.priceStars = try item.optionalInt("price_stars", 1...100_000).map(Int.init)
        if draft.priceStars != nil, section.eventsSettings?.paidTickets != true {
            throw DemoError(item.pointer + "/price_stars", "section \"\(section.id)\" does not sell tickets")
        }
        let attendees = try context.participantIDs(item, "attendees")
        let capacity = draft.capacity ?? section.eventsSettings?.capacityDefault
        if let capacity, attendees.count > capacity {
            throw DemoError(item.pointer + "/attendees", "\(attendees.count) attendees do not fit \(capacity) seats")
        }
        let store = EventStore(schema: context.schema)
        let event = try store.insert(draft, conn)
        for participant in attendees {
            // A seat each, as a free registration or a paid ticket would hold; no invoice, no payment.
            try conn.execute(
                """
                INSERT INTO \(fragment: store.registrations) (event_id, participant_id, status, fields)
                VALUES (\(event.id), \(participant), 'registered', '{}'::jsonb)
                """)
        }
        try conn.execute(
            "UPDATE \(ident: context.schema).events SET seats_taken = \(attendees.count) WHERE id = \(event.id)")
        return event.id
    }
}
