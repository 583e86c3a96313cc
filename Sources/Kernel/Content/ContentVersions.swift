import Foundation
import Postgres
import Tenancy

/// Which version of each tenant area's live content (posts, events and seats, products and stock)
/// this process has seen: live screens are cached under it, so a change shows on the next request.
///
/// A version moves when the content changes, in every process on the database at once: tenant
/// triggers on the content tables `NOTIFY` `ContentVersions.channel` with `<schema>:<area>`
/// (tenant migration 0025), delivered at commit to every server's listener; the process that made
/// the change also moves it itself right after its commit (`changed`), so its next request never
/// waits for its own notification. A notification lost with the listener's connection moves every
/// version at the reconnect, and `maxStaleness` bounds what a version can hide meanwhile.
///
/// A reader takes the version *before* it reads the content and caches under that version: a
/// change committed while it reads moves the version, so what it cached is never served.
public final class ContentVersions: Sendable {
    public static let channel = "tessera_content"
    /// The longest a cached live screen is served without a check (a lost notification's worth).
    public static let maxStaleness: TimeInterval = 10

    /// A tenant's area, without building a string per lookup.
    private struct Key: Hashable {
        var schema: String
        var area: String
    }

    private struct State {
        var versions: [Key: UInt64] = [:]
        /// Added to every version: moved when a notification may have been missed.
        var epoch: UInt64 = 0
    }

    /// Read on every live-screen request by every worker: a read-write lock, so readers never wait for each other.
    private let state = ReadWriteLocked(State())

    public init() {}

    /// The current version of `area`'s content in the tenant with `schema`.
    public func version(_ schema: Identifier, area: String) -> UInt64 {
        let key = Key(schema: schema.raw, area: area)
        return state.read { $0.epoch &+ ($0.versions[key] ?? 0) }
    }

    /// Moves the version of `area` in `schema` (after a commit that changed its content).
    public func changed(_ schema: Identifier, area: String) { changed(key: Key(schema: schema.raw, area: area)) }

    /// Moves every version (the listener reconnected: notifications may be lost).
    public func changedAll() { state.write { $0.epoch &+= 1 } }

    /// Follows the content triggers' notifications through `hub`.
    public func follow(_ hub: NotificationHub) {
        hub.subscribe(Self.channel, onReconnect: { [weak self] in self?.changedAll() }) { [weak self] payload in
            guard let separator = payload.firstIndex(of: ":") else { return }
            self?.changed(key: Key(schema: String(payload[..<separator]), area: String(payload[payload.index(after: separator)...])))
        }
    }

    private func changed(key: Key) { state.write { $0.versions[key, default: 0] &+= 1 } }
}
