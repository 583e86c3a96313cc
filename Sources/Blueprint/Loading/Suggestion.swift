/// "Did you mean …?" candidates, by optimal-string-alignment (restricted Damerau–Levenshtein)
/// distance, so a swapped pair of letters (`titel`) counts as one edit.
public enum Suggestion {
    /// The candidate closest to `input`, if it is close enough to be a plausible typo:
    /// at most one edit for short words, up to three for long ones. Case is ignored.
    public static func closest(to input: String, among candidates: some Sequence<String>) -> String? {
        let source = Array(input.lowercased().unicodeScalars)
        guard !source.isEmpty else { return nil }
        let limit = max(1, min(3, (source.count + 1) / 3))
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate != input {
            let distance = Self.distance(source, Array(candidate.lowercased().unicodeScalars))
            if distance <= limit, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// Optimal string alignment distance between two scalar arrays.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let width = b.count + 1
        // Three rolling rows are enough: the transposition step looks two rows back.
        var previous2 = [Int](repeating: 0, count: width)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: width)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
