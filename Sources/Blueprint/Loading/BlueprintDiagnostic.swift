/// One problem found in a blueprint, with where it is and what would be right.
///
/// `description` renders the compiler-style line
/// `blueprints/cafe.json:12:15: error at /sections/1/type: unknown section type "shopp"; expected one of news, events, shop, ratings, gamefi (did you mean "shop"?)`.
public struct BlueprintDiagnostic: Sendable, Equatable, CustomStringConvertible {
    /// The file name given to the loader.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column (Unicode scalars).
    public var column: Int
    /// JSON pointer of the offending value or key (`""` for the whole document).
    public var pointer: String
    /// What is wrong.
    public var message: String
    /// What would be accepted, if that can be said briefly.
    public var expected: String?
    /// The closest valid spelling, for misspelt keys, types, enum values and references.
    public var suggestion: String?

    public init(file: String, line: Int, column: Int, pointer: String, message: String, expected: String? = nil, suggestion: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.pointer = pointer
        self.message = message
        self.expected = expected
        self.suggestion = suggestion
    }

    public var description: String {
        var text = "\(file):\(line):\(column): error"
        text += pointer.isEmpty ? ": " : " at \(pointer): "
        text += message
        if let expected { text += "; expected \(expected)" }
        if let suggestion { text += " (did you mean \"\(suggestion)\"?)" }
        return text
    }
}

/// Every problem found in a blueprint, in source order.
public struct BlueprintDiagnostics: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problems, sorted by line and column.
    public var diagnostics: [BlueprintDiagnostic]

    public init(_ diagnostics: [BlueprintDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// One diagnostic per line.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
