import Dispatch
import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A blocking HTTP client for worker threads: URLSession (libcurl on Linux, so https to
/// api.telegram.org works without a TLS stack of our own) driven through a semaphore.
///
/// Never call it from URLSession's own delegate queue or Swift concurrency's cooperative pool:
/// it blocks the calling thread until the answer or the timeout.
public final class HTTPTransport: Sendable {
    public struct Response: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: [UInt8]
    }

    /// A request that got no HTTP answer. The message never contains the URL (it may hold a
    /// bot token).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var message: String
        /// False only when no connection was made, so the server cannot have seen the request.
        public var requestMayHaveBeenSent: Bool
        public var description: String { message }
    }

    private let session: URLSession
    /// Per-request timeout, seconds (connect + send + wait for the answer).
    public let timeout: TimeInterval

    public init(timeout: TimeInterval = 15, maxConnectionsPerHost: Int = 16) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpMaximumConnectionsPerHost = maxConnectionsPerHost
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        session = URLSession(configuration: configuration)
        self.timeout = timeout
    }

    deinit { session.finishTasksAndInvalidate() }

    /// Sends one request and waits for the whole answer.
    public func send(method: String, url: URL, headers: [(String, String)] = [], body: [UInt8]? = nil) throws(Failure)
        -> Response
    {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body { request.httpBody = Data(body) }
        let box = Mutex<Result<Response, Failure>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            let result: Result<Response, Failure>
            if let http = response as? HTTPURLResponse {
                var fields: [String: String] = [:]
                for (key, value) in http.allHeaderFields {
                    fields[String(describing: key).lowercased()] = String(describing: value)
                }
                result = .success(Response(status: http.statusCode, headers: fields, body: Array(data ?? Data())))
            } else {
                result = .failure(Self.failure(from: error))
            }
            box.withLock { $0 = result }
            done.signal()
        }
        task.resume()
        // URLSession enforces `timeout`; this is a backstop should a callback never come.
        if done.wait(timeout: .now() + timeout + 5) == .timedOut {
            task.cancel()
            throw Failure(message: "no answer within \(Int(timeout)) s", requestMayHaveBeenSent: true)
        }
        switch box.withLock({ $0 }) {
        case .success(let response)?: return response
        case .failure(let failure)?: throw failure
        case nil: throw Failure(message: "no answer", requestMayHaveBeenSent: true)
        }
    }

    /// A summary by error code only: URLError's own texts and user info carry the URL.
    static func failure(from error: Error?) -> Failure {
        guard let urlError = error as? URLError else {
            return Failure(message: "request failed", requestMayHaveBeenSent: true)
        }
        switch urlError.code {
        case .cannotConnectToHost: return Failure(message: "connection refused", requestMayHaveBeenSent: false)
        case .cannotFindHost, .dnsLookupFailed: return Failure(message: "host not found", requestMayHaveBeenSent: false)
        case .notConnectedToInternet: return Failure(message: "no network", requestMayHaveBeenSent: false)
        case .timedOut: return Failure(message: "timed out", requestMayHaveBeenSent: true)
        case .networkConnectionLost: return Failure(message: "connection lost", requestMayHaveBeenSent: true)
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            return Failure(message: "TLS handshake failed", requestMayHaveBeenSent: false)
        default: return Failure(message: "URL error \(urlError.code.rawValue)", requestMayHaveBeenSent: true)
        }
    }
}
