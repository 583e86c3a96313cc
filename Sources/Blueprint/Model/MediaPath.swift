/// Pictures shipped with Tessera, served at `/media/<file>` (Sources/AppAPI/Media): a blueprint,
/// a post or a demo file may name one by this site-relative path instead of an https:// URL.
public enum MediaPath {
    public static let prefix = "/media/"

    /// `/media/<file>` with a plain file name (lowercase letters, digits, `-`, `_`, one `.`
    /// before the extension): nothing that could climb out of the media folder.
    public static func isValid(_ path: String) -> Bool {
        guard path.hasPrefix(prefix) else { return false }
        return isFileName(String(path.dropFirst(prefix.count)))
    }

    public static func isFileName(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, name.utf8.count <= 80 else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.utf8.allSatisfy { b in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
                    || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
            }
        }
    }
}
