import Foundation

/// Which first names say nothing about a person, so a stored real name is kept instead.
public enum ParticipantName {
    /// An empty (or blank) name, or `User <telegram id>`: the stand-in that tools such as the
    /// Telegram simulator give a user they have not met. A person who really calls themselves
    /// that keeps the name they had before, which is the lesser harm than a leaderboard of ids.
    public static func isPlaceholder(_ firstName: String, telegramID: Int64) -> Bool {
        let name = firstName.trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty || name == "User \(telegramID)"
    }
}
