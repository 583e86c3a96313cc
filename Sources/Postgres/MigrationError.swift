/// Why migrations could not be loaded or applied.
public enum MigrationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A `.sql` file not named `NNNN_name.sql`.
    case invalidFileName(String)
    /// Two files share a version number.
    case duplicateVersion(Int, names: [String])
    /// The directory or a file could not be read.
    case unreadable(path: String, reason: String)
    /// An already applied migration's file changed since it was applied.
    case checksumMismatch(version: Int, name: String)
    /// A migration's SQL failed; nothing from this run was committed.
    case failed(version: Int, name: String, error: PostgresError)

    public var description: String {
        switch self {
        case .invalidFileName(let file):
            return "migration file \"\(file)\" is not named NNNN_name.sql"
        case .duplicateVersion(let version, let names):
            return "migration version \(version) is used by more than one file: \(names.joined(separator: ", "))"
        case .unreadable(let path, let reason):
            return "cannot read migrations at \(path): \(reason)"
        case .checksumMismatch(let version, let name):
            return "migration \(version) (\(name)) was changed after it was applied; add a new migration instead"
        case .failed(let version, let name, let error):
            return "migration \(version) (\(name)) failed: \(error)"
        }
    }
}
