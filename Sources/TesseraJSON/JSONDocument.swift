/// A parsed JSON text together with where each value and object key came from.
public struct JSONDocument: Sendable {
    /// The parsed root value.
    public let value: JSONValue
    let valuePositions: [JSONPointer: SourcePosition]
    let keyPositions: [JSONPointer: SourcePosition]

    init(value: JSONValue, valuePositions: [JSONPointer: SourcePosition], keyPositions: [JSONPointer: SourcePosition]) {
        self.value = value
        self.valuePositions = valuePositions
        self.keyPositions = keyPositions
    }

    /// Where the value at `pointer` starts (its first character), if the pointer exists.
    public func position(of pointer: JSONPointer) -> SourcePosition? {
        valuePositions[pointer]
    }

    /// Where the key (its opening quote) of the object member at `pointer` is, if it is a member.
    public func keyPosition(of pointer: JSONPointer) -> SourcePosition? {
        keyPositions[pointer]
    }
}
