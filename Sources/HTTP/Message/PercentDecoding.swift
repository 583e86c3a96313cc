/// Percent-decoding (RFC 3986 §2.1). Invalid escapes are kept literally rather than rejected,
/// so a stray `%` in a path yields a 404 from the router instead of a confusing 400.
enum PercentDecoding {
    /// Decodes `%XX` escapes; with `plusAsSpace` also `+` (form encoding, for query strings).
    static func decode<S: StringProtocol>(_ text: S, plusAsSpace: Bool = false) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x25 || (plusAsSpace && $0 == 0x2B) }) else { return String(text) }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let b = utf8[i]
            if b == 0x25 {
                let h = utf8.index(after: i)
                if h != utf8.endIndex {
                    let l = utf8.index(after: h)
                    if l != utf8.endIndex, let hi = ASCII.hexValue(utf8[h]), let lo = ASCII.hexValue(utf8[l]) {
                        out.append(UInt8(hi << 4 | lo))
                        i = utf8.index(after: l)
                        continue
                    }
                }
                out.append(b)
            } else if plusAsSpace && b == 0x2B {
                out.append(0x20)
            } else {
                out.append(b)
            }
            i = utf8.index(after: i)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
