extension HTTPRequest {
    /// Every `name=value` pair of the query in order, form-decoded (`+` is a space); a pair without
    /// `=` has an empty value.
    public var queryItems: [(name: String, value: String)] {
        guard let query else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            guard let eq = pair.utf8.firstIndex(of: 0x3D) else {
                return (PercentDecoding.decode(pair, plusAsSpace: true), "")
            }
            return (
                PercentDecoding.decode(pair[..<eq], plusAsSpace: true),
                PercentDecoding.decode(pair[pair.utf8.index(after: eq)...], plusAsSpace: true)
            )
        }
    }
}
