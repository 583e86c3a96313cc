import Postgres
import Synchronization
import TesseraLog

/// The areas' one LISTEN connection: an area subscribes to a channel when it is built, the
/// server starts the hub with a direct (not transaction-pooled) connection, and every NOTIFY on
/// the channel — from this process or another server on the same database — reaches the
/// subscriber. Notifications sent while the connection was lost are gone, so after a reconnect
/// each subscriber's `onReconnect` runs: it re-reads what it follows.
///
/// Handlers run on the listener's thread: keep them short (wake something, forget a cache entry).
public final class NotificationHub: Sendable {
    private struct Subscription: Sendable {
        var channel: String
        var onReconnect: @Sendable () -> Void
        var handler: @Sendable (_ payload: String) -> Void
    }

    private let subscriptions = Mutex<[Subscription]>([])
    private let listener = Mutex<PostgresListener?>(nil)

    public init() {}

    /// Follows `channel` (used verbatim). Subscribe before `start`: later subscriptions are heard
    /// only after the next `start`.
    public func subscribe(
        _ channel: String, onReconnect: @escaping @Sendable () -> Void = {},
        _ handler: @escaping @Sendable (_ payload: String) -> Void
    ) {
        subscriptions.withLock { $0.append(Subscription(channel: channel, onReconnect: onReconnect, handler: handler)) }
    }

    /// LISTENs on every subscribed channel through `configuration` (a restart replaces the connection).
    public func start(configuration: PostgresConfiguration, logger: Logger? = nil) {
        let subscribed = subscriptions.withLock { $0 }
        guard !subscribed.isEmpty else { return }
        var channels: [String] = []
        for s in subscribed where !channels.contains(s.channel) { channels.append(s.channel) }
        let listener = PostgresListener(
            configuration: configuration, channels: channels, logger: logger,
            onReconnect: { for s in subscribed { s.onReconnect() } }
        ) { channel, payload in
            for s in subscribed where s.channel == channel { s.handler(payload) }
        }
        listener.start()
        self.listener.withLock { $0?.stop(); $0 = listener }
    }

    public func stop() { listener.withLock { $0?.stop(); $0 = nil } }

    /// Whether LISTEN is in effect (tests wait for it before counting on a NOTIFY).
    public var isListening: Bool { listener.withLock { $0?.isListening ?? false } }
}
