import Foundation
import Telegram

/// A customer's topic: its name and icon colour (pure).
enum ForumTopicName {
    /// Telegram's limit for a topic name.
    static let maxLength = 128

    /// "First Last (@username) · #id", the name cut (never the `#id`) to fit 128 UTF-16 units,
    /// the unit Telegram counts in.
    static func name(firstName: String?, lastName: String?, username: String?, conversation: Int64) -> String {
        var person = [firstName, lastName].compactMap { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }.joined(separator: " ")
        if let username, !username.isEmpty { person += person.isEmpty ? "@\(username)" : " (@\(username))" }
        if person.isEmpty { person = "Customer" }
        // Line breaks and other controls do not belong in a one-line title.
        person = String(person.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
        let suffix = " · #\(conversation)"
        let room = maxLength - suffix.utf16.count
        guard person.utf16.count > room else { return person + suffix }
        var cut = ""
        for character in person {
            // Room is kept for the ellipsis (one UTF-16 unit).
            guard cut.utf16.count + character.utf16.count < room else { break }
            cut.append(character)
        }
        cut = cut.trimmingCharacters(in: .whitespaces) + "…"
        return cut + suffix
    }

    /// One of Telegram's six topic colours, by conversation (neighbours differ).
    static func iconColor(conversation: Int64) -> Int64 {
        ForumTopic.iconColors[Int(conversation % Int64(ForumTopic.iconColors.count))]
    }
}
