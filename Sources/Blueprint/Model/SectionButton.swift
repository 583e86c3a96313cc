/// A button at the bottom of a section (`"actions[]"`).
public struct SectionButton: Sendable, Equatable {
    /// Button label.
    public var text: LocalizedText
    /// Visual weight.
    public var style: ButtonStyle
    /// What pressing it does.
    public var target: ButtonTarget

    public init(text: LocalizedText, style: ButtonStyle = .secondary, target: ButtonTarget) {
        self.text = text
        self.style = style
        self.target = target
    }
}

/// A button's visual weight.
public enum ButtonStyle: String, Sendable, CaseIterable {
    case primary, secondary
}

/// What a section button does (`"kind"` in JSON).
public enum ButtonTarget: Sendable, Equatable {
    /// Opens another section (`"kind": "open_section", "section": "<id>"`).
    case openSection(String)
    /// Opens an `https://` or `tg://` link (`"kind": "open_link", "url": "…"`).
    case openLink(String)

    /// The JSON `kind` value.
    public var kind: ButtonTargetKind {
        switch self {
        case .openSection: .openSection
        case .openLink: .openLink
        }
    }
}

/// The JSON `kind` values of a section button.
public enum ButtonTargetKind: String, Sendable, CaseIterable {
    case openSection = "open_section"
    case openLink = "open_link"
}
