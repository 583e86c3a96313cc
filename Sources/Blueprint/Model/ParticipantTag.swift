/// The grammar of participant tags (the ones `visible_if` reads), for code outside blueprints
/// that sets or filters tags: `^[a-z0-9][a-z0-9_:-]{0,63}$`.
public enum ParticipantTag {
    public static func isValid(_ tag: String) -> Bool { TokenFormat.tag.matches(tag) }

    /// For error messages.
    public static var expected: String { TokenFormat.tag.expected }
}
