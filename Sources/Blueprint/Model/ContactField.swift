/// A question the tenant asks participants to answer about themselves (`"contact_fields"`), beside
/// the phone number and email every app may collect.
public struct ContactField: Sendable, Equatable {
    /// Ids the platform's own contacts use; a custom field may not take them.
    public static let reservedIDs: Set<String> = ["phone", "email"]

    public var id: String
    public var label: LocalizedText
    public var type: ContactFieldType
    /// Whether the contact form may not be saved without it.
    public var required: Bool
    /// The options of a `choice` field (empty for every other type).
    public var choices: [ContactChoice]

    public init(
        id: String, label: LocalizedText, type: ContactFieldType, required: Bool = false, choices: [ContactChoice] = []
    ) {
        self.id = id
        self.label = label
        self.type = type
        self.required = required
        self.choices = choices
    }
}

/// What a contact field holds.
public enum ContactFieldType: String, Sendable, CaseIterable {
    /// Up to 500 characters.
    case text
    /// A JSON number.
    case number
    /// A calendar day, `YYYY-MM-DD`.
    case date
    /// One of the field's `choices`, by id.
    case choice
    /// true or false.
    case bool
}

/// One option of a `choice` contact field.
public struct ContactChoice: Sendable, Equatable {
    public var id: String
    public var label: LocalizedText

    public init(id: String, label: LocalizedText) {
        self.id = id
        self.label = label
    }
}
