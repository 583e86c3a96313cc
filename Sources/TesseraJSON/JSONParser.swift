/// A strict RFC 8259 parser working on UTF-8 bytes.
///
/// Rejects what the RFC rejects (trailing commas, comments, single quotes, leading zeros, `NaN`,
/// unescaped control characters, invalid escapes, lone surrogates, invalid UTF-8) and, beyond the RFC,
/// duplicate object keys and nesting deeper than `maxDepth`. A leading UTF-8 byte order mark is
/// skipped (RFC 8259 §8.1 allows ignoring it). Numbers written without fraction or exponent that
/// fit `Int64` become `.int`; all others become `.double` (a literal overflowing `Double` is an error).
public enum JSONParser {
    /// Default nesting limit for arrays and objects.
    public static let defaultMaxDepth = 512

    /// Parses one JSON text.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> JSONValue in
            var parser = ByteParser(buffer, recordPositions: false, maxDepth: maxDepth)
            return try parser.parseText()
        }
    }

    /// Parses one JSON text given as a string.
    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }

    /// Parses one JSON text and records the source position of every value and object key.
    public static func parseDocument(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONSyntaxError) -> JSONDocument {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> JSONDocument in
            var parser = ByteParser(buffer, recordPositions: true, maxDepth: maxDepth)
            let value = try parser.parseText()
            return JSONDocument(value: value, valuePositions: parser.valuePositions, keyPositions: parser.keyPositions)
        }
    }
}

private enum ASCII {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let slash = UInt8(ascii: "/")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let tab = UInt8(ascii: "\t")
    static let space = UInt8(ascii: " ")
}

private struct ByteParser {
    let input: UnsafeBufferPointer<UInt8>
    var offset = 0
    let recordPositions: Bool
    let maxDepth: Int
    var depth = 0

    // Line bookkeeping: the current line number and the byte offset where it starts. Columns are
    // computed on demand, counting scalars incrementally from the last computed point on the line so
    // that a minified (single-line) document stays linear.
    var line = 1
    var lineStart = 0
    var columnCacheOffset = 0
    var columnCacheValue = 1

    var path: [String] = []
    var valuePositions: [JSONPointer: SourcePosition] = [:]
    var keyPositions: [JSONPointer: SourcePosition] = [:]

    init(_ input: UnsafeBufferPointer<UInt8>, recordPositions: Bool, maxDepth: Int) {
        self.input = input
        self.recordPositions = recordPositions
        self.maxDepth = maxDepth
    }

    // MARK: Positions and errors

    mutating func position(at byteOffset: Int) -> SourcePosition {
        if columnCacheOffset < lineStart || columnCacheOffset > byteOffset {
            columnCacheOffset = lineStart
            columnCacheValue = 1
        }
        var column = columnCacheValue
        var cursor = columnCacheOffset
        while cursor < byteOffset {
            // Every byte that is not a UTF-8 continuation byte starts a new scalar.
            if input[cursor] & 0xC0 != 0x80 { column += 1 }
            cursor += 1
        }
        columnCacheOffset = byteOffset
        columnCacheValue = column
        return SourcePosition(line: line, column: column, offset: byteOffset)
    }

    mutating func error(_ message: String, at byteOffset: Int? = nil) -> JSONSyntaxError {
        let where_ = position(at: min(byteOffset ?? offset, input.count))
        return JSONSyntaxError(line: where_.line, column: where_.column, offset: where_.offset, message: message)
    }

    func describe(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    mutating func unexpected(expected: String) -> JSONSyntaxError {
        guard offset < input.count else { return error("unexpected end of input; expected \(expected)") }
        let byte = input[offset]
        if byte == ASCII.slash, offset + 1 < input.count, input[offset + 1] == ASCII.slash || input[offset + 1] == UInt8(ascii: "*") {
            return error("comments are not allowed in JSON")
        }
        if byte == UInt8(ascii: "'") { return error("strings must use double quotes") }
        return error("unexpected \(describe(byte)); expected \(expected)")
    }

    // MARK: Structure

    mutating func parseText() throws(JSONSyntaxError) -> JSONValue {
        if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF {
            offset = 3
            lineStart = 3
            columnCacheOffset = 3
        }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if offset < input.count { throw unexpected(expected: "end of input after the top-level value") }
        return value
    }

    mutating func skipWhitespace() {
        while offset < input.count {
            switch input[offset] {
            case ASCII.space, ASCII.tab, ASCII.carriageReturn:
                offset += 1
            case ASCII.newline:
                offset += 1
                line += 1
                lineStart = offset
            default:
                return
            }
        }
    }

    mutating func recordValuePosition() {
        guard recordPositions else { return }
        valuePositions[JSONPointer(tokens: path)] = position(at: offset)
    }

    mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard offset < input.count else { throw unexpected(expected: "a value") }
        recordValuePosition()
        switch input[offset] {
        case ASCII.openBrace: return try parseObject()
        case ASCII.openBracket: return try parseArray()
        case ASCII.quote: return .string(try parseString())
        case ASCII.minus, ASCII.zero...ASCII.nine: return try parseNumber()
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        default:
            throw unexpected(expected: "a value")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let start = offset
        let count = literal.utf8CodeUnitCount
        let bytes = literal.utf8Start
        for index in 0..<count {
            guard offset + index < input.count, input[offset + index] == bytes[index] else {
                throw error("invalid literal; expected '\(literal)'", at: start)
            }
        }
        offset += count
        // Reject `trueish` and similar: the literal must end at a delimiter.
        if offset < input.count, isIdentifierByte(input[offset]) {
            throw error("invalid literal; expected '\(literal)'", at: start)
        }
    }

    func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= ASCII.zero && byte <= ASCII.nine) || byte == UInt8(ascii: "_")
    }

    mutating func enterContainer() throws(JSONSyntaxError) {
        depth += 1
        if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
    }

    mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        offset += 1
        var object = JSONObject()
        skipWhitespace()
        if offset < input.count, input[offset] == ASCII.closeBrace {
            offset += 1
            depth -= 1
            return .object(object)
        }
        while true {
            guard offset < input.count, input[offset] == ASCII.quote else {
                throw unexpected(expected: "a string key")
            }
            let keyOffset = offset
            let key = try parseString()
            if object.position(of: key) != nil {
                throw error("duplicate key \"\(key)\"", at: keyOffset)
            }
            if recordPositions {
                path.append(key)
                keyPositions[JSONPointer(tokens: path)] = position(at: keyOffset)
            }
            skipWhitespace()
            guard offset < input.count, input[offset] == ASCII.colon else {
                throw unexpected(expected: "':' after the key")
            }
            offset += 1
            skipWhitespace()
            let value: JSONValue
            do { value = try parseValue() } catch {
                var located = error
                located.pointer = JSONPointer(tokens: [key] + located.pointer.tokens)
                throw located
            }
            if recordPositions { path.removeLast() }
            _ = object.insertNew(value, forKey: key)
            skipWhitespace()
            guard offset < input.count else { throw unexpected(expected: "',' or '}'") }
            let byte = input[offset]
            if byte == ASCII.comma {
                let comma = (offset: offset, line: line, lineStart: lineStart)
                offset += 1
                skipWhitespace()
                if offset < input.count, input[offset] == ASCII.closeBrace {
                    // Report at the comma, which may sit on an earlier line than the bracket.
                    (line, lineStart) = (comma.line, comma.lineStart)
                    throw error("trailing comma before '}'", at: comma.offset)
                }
                continue
            }
            if byte == ASCII.closeBrace {
                offset += 1
                depth -= 1
                return .object(object)
            }
            throw unexpected(expected: "',' or '}'")
        }
    }

    mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        offset += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if offset < input.count, input[offset] == ASCII.closeBracket {
            offset += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            if recordPositions { path.append(String(elements.count)) }
            let element = try parseValue()
            if recordPositions { path.removeLast() }
            elements.append(element)
            skipWhitespace()
            guard offset < input.count else { throw unexpected(expected: "',' or ']'") }
            let byte = input[offset]
            if byte == ASCII.comma {
                let comma = (offset: offset, line: line, lineStart: lineStart)
                offset += 1
                skipWhitespace()
                if offset < input.count, input[offset] == ASCII.closeBracket {
                    // Report at the comma, which may sit on an earlier line than the bracket.
                    (line, lineStart) = (comma.line, comma.lineStart)
                    throw error("trailing comma before ']'", at: comma.offset)
                }
                continue
            }
            if byte == ASCII.closeBracket {
                offset += 1
                depth -= 1
                return .array(elements)
            }
            throw unexpected(expected: "',' or ']'")
        }
    }

    // MARK: Strings

    mutating func parseString() throws(JSONSyntaxError) -> String {
        offset += 1
        let start = offset
        // Fast path: no escapes. Validate UTF-8 while scanning so `String(decoding:)` never repairs.
        while offset < input.count {
            let byte = input[offset]
            if byte == ASCII.quote {
                let string = String(decoding: UnsafeBufferPointer(rebasing: input[start..<offset]), as: UTF8.self)
                offset += 1
                return string
            }
            if byte == ASCII.backslash { break }
            if byte < 0x20 { throw controlCharacterError(byte) }
            if byte < 0x80 {
                offset += 1
            } else {
                try skipMultiByteScalar()
            }
        }
        guard offset < input.count else { throw error("unterminated string", at: start - 1) }
        var buffer = Array(UnsafeBufferPointer(rebasing: input[start..<offset]))
        while offset < input.count {
            let byte = input[offset]
            if byte == ASCII.quote {
                offset += 1
                return String(decoding: buffer, as: UTF8.self)
            }
            if byte == ASCII.backslash {
                try parseEscape(into: &buffer)
            } else if byte < 0x20 {
                throw controlCharacterError(byte)
            } else if byte < 0x80 {
                buffer.append(byte)
                offset += 1
            } else {
                let scalarStart = offset
                try skipMultiByteScalar()
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: input[scalarStart..<offset]))
            }
        }
        throw error("unterminated string", at: start - 1)
    }

    mutating func controlCharacterError(_ byte: UInt8) -> JSONSyntaxError {
        if byte == ASCII.newline { return error("unescaped line break in string (use \\n)") }
        return error("unescaped control character \(describe(byte)) in string")
    }

    /// Validates one multi-byte UTF-8 scalar at `offset` (RFC 3629: no overlongs, no surrogates,
    /// nothing above U+10FFFF) and moves past it.
    mutating func skipMultiByteScalar() throws(JSONSyntaxError) {
        let first = input[offset]
        let length: Int
        var lowerBound: UInt8 = 0x80
        var upperBound: UInt8 = 0xBF
        switch first {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            lowerBound = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            upperBound = 0x9F
        case 0xF0:
            length = 4
            lowerBound = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            upperBound = 0x8F
        default: throw error("invalid UTF-8 byte 0x" + String(first, radix: 16, uppercase: true))
        }
        guard offset + length <= input.count else { throw error("truncated UTF-8 sequence") }
        let second = input[offset + 1]
        guard second >= lowerBound && second <= upperBound else { throw error("invalid UTF-8 sequence") }
        for index in 2..<max(2, length) where input[offset + index] & 0xC0 != 0x80 {
            throw error("invalid UTF-8 sequence")
        }
        offset += length
    }

    mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONSyntaxError) {
        let escapeStart = offset
        offset += 1
        guard offset < input.count else { throw error("unterminated string") }
        let byte = input[offset]
        offset += 1
        switch byte {
        case ASCII.quote: buffer.append(ASCII.quote)
        case ASCII.backslash: buffer.append(ASCII.backslash)
        case ASCII.slash: buffer.append(ASCII.slash)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(ASCII.newline)
        case UInt8(ascii: "r"): buffer.append(ASCII.carriageReturn)
        case UInt8(ascii: "t"): buffer.append(ASCII.tab)
        case UInt8(ascii: "u"):
            let unit = try parseHex4(escapeStart: escapeStart)
            var scalarValue = UInt32(unit)
            if (0xD800...0xDBFF).contains(unit) {
                guard offset + 1 < input.count, input[offset] == ASCII.backslash, input[offset + 1] == UInt8(ascii: "u") else {
                    throw error("high surrogate \\u\(hex(unit)) is not followed by a low surrogate", at: escapeStart)
                }
                let lowStart = offset
                offset += 2
                let low = try parseHex4(escapeStart: lowStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error("high surrogate \\u\(hex(unit)) is not followed by a low surrogate", at: escapeStart)
                }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw error("lone low surrogate \\u\(hex(unit))", at: escapeStart)
            }
            // Every non-surrogate value below 0x110000 is a valid scalar.
            let scalar = Unicode.Scalar(scalarValue)!
            buffer.append(contentsOf: UTF8.encode(scalar)!)
        default:
            throw error("invalid escape \\\(Character(Unicode.Scalar(byte))) in string", at: escapeStart)
        }
    }

    func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    mutating func parseHex4(escapeStart: Int) throws(JSONSyntaxError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard offset < input.count else { throw error("incomplete \\u escape", at: escapeStart) }
            let byte = input[offset]
            let digit: UInt8
            switch byte {
            case ASCII.zero...ASCII.nine: digit = byte - ASCII.zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid \\u escape: expected 4 hexadecimal digits", at: escapeStart)
            }
            value = value << 4 | UInt16(digit)
            offset += 1
        }
        return value
    }

    // MARK: Numbers

    func isDigit(_ index: Int) -> Bool {
        index < input.count && input[index] >= ASCII.zero && input[index] <= ASCII.nine
    }

    mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = offset
        var negative = false
        if input[offset] == ASCII.minus {
            negative = true
            offset += 1
            guard isDigit(offset) else { throw error("expected a digit after '-'") }
        }
        var isInteger = true
        if input[offset] == ASCII.zero {
            offset += 1
            if isDigit(offset) { throw error("leading zeros are not allowed in numbers", at: start) }
        } else {
            while isDigit(offset) { offset += 1 }
        }
        let integerEnd = offset
        if offset < input.count, input[offset] == ASCII.dot {
            isInteger = false
            offset += 1
            guard isDigit(offset) else { throw error("expected a digit after '.'") }
            while isDigit(offset) { offset += 1 }
        }
        if offset < input.count, input[offset] == UInt8(ascii: "e") || input[offset] == UInt8(ascii: "E") {
            isInteger = false
            offset += 1
            if offset < input.count, input[offset] == ASCII.plus || input[offset] == ASCII.minus { offset += 1 }
            guard isDigit(offset) else { throw error("expected a digit in the exponent") }
            while isDigit(offset) { offset += 1 }
        }
        if offset < input.count, isIdentifierByte(input[offset]) || input[offset] == ASCII.dot {
            throw error("invalid number", at: start)
        }
        if isInteger, let value = integer(from: negative ? start + 1 : start, to: integerEnd, negative: negative) {
            return .int(value)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: input[start..<offset]), as: UTF8.self)
        guard let double = Double(text), double.isFinite else {
            throw error("number \(text) is out of range", at: start)
        }
        return .double(double)
    }

    /// The digits in `start..<end` as an `Int64`, or `nil` when they overflow it.
    func integer(from start: Int, to end: Int, negative: Bool) -> Int64? {
        // Accumulate negatively so that Int64.min is representable.
        var value: Int64 = 0
        for index in start..<end {
            let digit = Int64(input[index] - ASCII.zero)
            let (multiplied, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = multiplied.subtractingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = next
        }
        if negative { return value }
        return value == Int64.min ? nil : -value
    }
}
