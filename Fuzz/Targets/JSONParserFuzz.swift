// libFuzzer target: TesseraJSON's parser, differentially against Foundation's JSONSerialization
// (compiled into the TesseraJSON module by scripts/fuzz.sh).
//
// On every input both parsers must accept, or both reject, and when both accept the values must be
// equal. The only differences allowed are the ones TesseraJSON makes on purpose (docs/reliability.md):
//   1. duplicate object keys are rejected (JSONSerialization keeps one of them);
//   2. nesting deeper than `JSONParser.defaultMaxDepth` is rejected;
//   3. input JSONSerialization reads as UTF-16/UTF-32 (a NUL among the first four bytes, or a
//      UTF-16/32 byte order mark) is not compared: RFC 8259 §8.1 requires UTF-8;
//   4. a number literal that overflows Double is rejected (JSONSerialization answers ±inf or fails);
//   5. a lone surrogate escape is rejected (JSONSerialization may decode it to U+FFFD);
//   6. an integer literal outside Int64 and UInt64 becomes a Double here and an NSDecimalNumber (38
//      significant digits) there, whose `doubleValue` is not correctly rounded: compared within a
//      relative 1e-12 instead of exactly;
//   7. swift-corelibs-foundation drops a U+FEFF at the start of a string and right after an escape
//      (a bug: it takes it for a byte order mark), so `"\uFEFFa"` reads as `"a"` there: U+FEFF is
//      left out when strings and keys are compared;
//   8. Foundation's `[String: Any]` merges keys that are equal under Unicode canonical equivalence
//      (`"\u00e9"` and `"e\u0301"`); TesseraJSON keeps both, as RFC 8259 compares keys by code units;
//   9. a trailing comma (`[1,]`, `{"a":1,}`) is rejected, as RFC 8259 requires (JSONSerialization
//      accepts it).
// Beyond the comparison, an accepted value must survive serialise → parse unchanged.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let ours: Result<JSONValue, JSONSyntaxError>
    do { ours = .success(try JSONParser.parse(bytes)) } catch { ours = .failure(error) }
    // The same bytes, recording positions, must give the same result.
    let document = try? JSONParser.parseDocument(bytes)
    if document?.value != (try? ours.get()) { fatalError("parse and parseDocument disagree") }

    if case .success(let value) = ours {
        let written = value.serialized()
        guard let again = try? JSONParser.parse(written), again == value else {
            fatalError("serialise/parse round trip changed the value")
        }
    }

    if readsAsWideEncoding(bytes) { return 0 }
    let theirs = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    switch (ours, theirs) {
    case (.success(let value), .some(let object)):
        if !equal(value, object) { fatalError("TesseraJSON and JSONSerialization read different values") }
    case (.success, .none):
        fatalError("TesseraJSON accepted what JSONSerialization rejected")
    case (.failure(let error), .some):
        if !isIntendedRejection(error) {
            fatalError("TesseraJSON rejected what JSONSerialization accepted: \(error.message)")
        }
    case (.failure, .none):
        break
    }
    return 0
}

private func readsAsWideEncoding(_ bytes: [UInt8]) -> Bool {
    if bytes.prefix(4).contains(0) { return true }
    return bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE])
}

/// The deliberate differences listed at the top of this file, recognised by the error message.
private func isIntendedRejection(_ error: JSONSyntaxError) -> Bool {
    let m = error.message
    return m.contains("duplicate") || m.contains("trailing comma") || m.contains("nest") || m.contains("out of range")
        || m.contains("surrogate")
}

private func equal(_ value: JSONValue, _ object: Any) -> Bool {
    switch value {
    case .null:
        return object is NSNull
    case .bool(let b):
        guard let n = object as? NSNumber, isBoolean(n) else { return false }
        return n.boolValue == b
    case .int(let i):
        guard let n = object as? NSNumber, !isBoolean(n) else { return false }
        // Foundation keeps some negative 19-digit integers as NSDecimalNumber (difference 6): exact
        // as an Int64, only its doubleValue is off.
        return n.int64Value == i && (n is NSDecimalNumber || n.doubleValue == Double(i))
    case .double(let d):
        guard let n = object as? NSNumber, !isBoolean(n) else { return false }
        if n is NSDecimalNumber {
            // Difference 6: NSDecimalNumber.doubleValue is not correctly rounded (seen 1e-15 off).
            return abs(n.doubleValue - d) <= abs(d) * 1e-12
        }
        return n.doubleValue == d
    case .string(let s):
        guard let t = object as? String else { return false }
        // Compare scalars: Swift's String == is canonical equivalence, which would hide differences.
        return foundationView(s).unicodeScalars.elementsEqual(foundationView(t).unicodeScalars)
    case .array(let items):
        guard let others = object as? [Any], others.count == items.count else { return false }
        return zip(items, others).allSatisfy { equal($0, $1) }
    case .object(let members):
        guard let others = object as? [String: Any] else { return false }
        // Differences 7 and 8: group our members the way Foundation may have keyed them; each of
        // its members must match one of ours under the same key, and no key of ours may be missing.
        var mine: [String: [JSONValue]] = [:]
        for (key, member) in members { mine[foundationView(key), default: []].append(member) }
        var seen: Set<String> = []
        for (key, other) in others {
            let view = foundationView(key)
            seen.insert(view)
            guard let candidates = mine[view], candidates.contains(where: { equal($0, other) }) else { return false }
        }
        guard seen.count == mine.count else { return false }
        return true
    }
}

/// Difference 7: swift-corelibs-foundation drops a U+FEFF at the start of a string and after an
/// escape sequence, as if it were a byte order mark; U+FEFF is left out of the comparison.
private func foundationView(_ s: String) -> String {
    s.unicodeScalars.contains("\u{FEFF}")
        ? String(String.UnicodeScalarView(s.unicodeScalars.filter { $0 != "\u{FEFF}" })) : s
}

private func isBoolean(_ n: NSNumber) -> Bool {
    String(describing: type(of: n)) == "__NSCFBoolean"
}
