import Foundation
import Postgres
import Synchronization

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

    private struct State {
        var versions: [String: UInt64] = [:]
        /// Added to every version: moved when a notification may have been missed.
        var epoch: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// The current version of `area`'s content in the tenant with `schema`.
    public func version(_ schema: Identifier, area: String) -> UInt64 {
        let key = Self.key(schema.raw, area)
        return state.withLock { $0.epoch &+ ($0.versions[key] ?? 0) }
    }

    /// Moves the version of `area` in `schema` (after a commit that changed its content).
    public func changed(_ schema: Identifier, area: String) { changed(key: Self.key(schema.raw, area)) }

    /// Moves every version (the listener reconnected: notifications may be lost).
    public func changedAll() { state.withLock { $0.epoch &+= 1 } }

    /// Follows the content triggers' notifications through `hub`.
    public func follow(_ hub: NotificationHub) {
        hub.subscribe(Self.channel, onReconnect: { [weak self] in self?.changedAll() }) { [weak self] payload in
            guard let separator = payload.firstIndex(of: ":") else { return }
            self?.changed(key: Self.key(String(payload[..<separator]), String(payload[payload.index(after: separator)...])))
        }
    }

    private func changed(key: String) { state.withLock { $0.versions[key, default: 0] &+= 1 } }

    private static func key(_ schema: String, _ area: String) -> String { schema + ":" + area }
}
