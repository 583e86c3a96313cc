/// The CSV export's columns: a header row, and the SQL that selects each as text.
enum ParticipantExport {
    static let header: [String?] = [
        "id", "telegram_id", "first_name", "last_name", "username", "language_code", "is_premium", "source", "tags",
        "reachable", "first_seen_at", "last_seen_at",
    ]

    /// One text column per header field, in order; instants as UTC ISO 8601 like the JSON API.
    static let columns = """
        p.id::text, p.telegram_id::text, p.first_name, p.last_name, p.username, p.language_code, p.is_premium::text, \
        p.source, array_to_string(p.tags, ' '), p.reachable::text, \
        to_char(p.first_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), \
        to_char(p.last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
        """
}
