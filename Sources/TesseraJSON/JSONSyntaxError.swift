/// A violation of the JSON grammar (or of the parser's limits) at a source position.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line of the offending input.
    public var line: Int
    /// 1-based column (Unicode scalars) of the offending input.
    public var column: Int
    /// 0-based byte offset of the offending input.
    public var offset: Int
    /// What went wrong, e.g. `trailing comma before '}'`.
    public var message: String
    /// Where in the document: the member names (and array indices) leading to the offending
    /// value, outermost first; empty at the top level or before the first key.
    public var pointer = JSONPointer()

    public init(line: Int, column: Int, offset: Int, message: String) {
        self.line = line
        self.column = column
        self.offset = offset
        self.message = message
    }

    /// The position as a `SourcePosition`.
    public var position: SourcePosition { SourcePosition(line: line, column: column, offset: offset) }

    /// `line:column: message`.
    public var description: String { "\(line):\(column): \(message)" }
}
