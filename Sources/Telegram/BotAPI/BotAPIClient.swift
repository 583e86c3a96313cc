import Foundation
import TesseraJSON

/// Calls `<baseURL>/bot<token>/<method>` with a JSON body and retries per `RetryPolicy`.
/// Synchronous: meant for server worker threads and CLI code.
///
/// The base URL comes from `TELEGRAM_API_URL` (default `https://api.telegram.org`), so the
/// simulator and the real Bot API are one environment variable apart.
public final class BotAPIClient: Sendable, CustomStringConvertible {
    public static let defaultBaseURL = "https://api.telegram.org"

    /// Scheme, host and port (and an optional path prefix), without a trailing slash.
    public let baseURL: String
    public let retryPolicy: RetryPolicy
    let transport: HTTPTransport
    /// How retries wait; tests can record the waits instead.
    let sleep: @Sendable (Double) -> Void

    public init(
        baseURL: String = BotAPIClient.defaultBaseURL, timeout: TimeInterval = 15,
        retryPolicy: RetryPolicy = RetryPolicy(),
        sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }
    ) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.retryPolicy = retryPolicy
        self.transport = HTTPTransport(timeout: timeout)
        self.sleep = sleep
    }

    public var description: String { "BotAPIClient(\(baseURL))" }

    /// The same endpoint (and the same way of waiting) with another retry policy and timeout:
    /// for calls with a deadline of their own, such as answering a pre-checkout query.
    public func with(retryPolicy: RetryPolicy, timeout: TimeInterval) -> BotAPIClient {
        BotAPIClient(baseURL: baseURL, timeout: timeout, retryPolicy: retryPolicy, sleep: sleep)
    }

    /// Calls `method` with `parameters` and returns Telegram's `result`.
    public func call(token: String, _ method: String, _ parameters: JSONObject = JSONObject()) throws(BotAPIError)
        -> JSONValue
    {
        try send(token: token, method, contentType: "application/json", body: JSONValue.object(parameters).serialized())
    }

    /// Calls `method` with a `multipart/form-data` body (for uploads); same retries and errors.
    public func call(token: String, _ method: String, form: MultipartFormData) throws(BotAPIError) -> JSONValue {
        let (contentType, body) = form.encoded()
        return try send(token: token, method, contentType: contentType, body: body)
    }

    /// Downloads `<baseURL>/file/bot<token>/<filePath>` (a path from `getFile`); one attempt.
    public func download(token: String, filePath: String) throws(BotAPIError) -> [UInt8] {
        guard let url = URL(string: "\(baseURL)/file/bot\(token)/\(filePath)") else {
            throw .badRequest("the bot token or file path does not form a URL")
        }
        let response: HTTPTransport.Response
        do { response = try transport.send(method: "GET", url: url) } catch { throw .network(error.message) }
        guard response.status == 200 else {
            switch BotAPIResponse.decode(
                status: response.status, body: response.body, retryAfterHeader: response.headers["retry-after"])
            {
            case .failure(let error): throw error
            case .success: throw .other(code: response.status, description: "HTTP \(response.status)")
            }
        }
        return response.body
    }

    private func send(token: String, _ method: String, contentType: String, body: [UInt8]) throws(BotAPIError)
        -> JSONValue
    {
        guard let url = URL(string: "\(baseURL)/bot\(token)/\(method)") else {
            throw .badRequest("the bot token or method does not form a URL")
        }
        var attempt = 1
        while true {
            let outcome = attemptOnce(url: url, contentType: contentType, body: body)
            let failure: BotAPIError
            switch outcome.result {
            case .success(let result): return result
            case .failure(let error): failure = error
            }
            switch retryPolicy.decide(after: failure, attempt: attempt, requestMayHaveBeenSent: outcome.mayHaveBeenSent)
            {
            case .retry(let seconds):
                sleep(seconds)
                attempt += 1
            case .giveUp:
                throw failure
            }
        }
    }

    private func attemptOnce(url: URL, contentType: String, body: [UInt8]) -> (
        result: Result<JSONValue, BotAPIError>, mayHaveBeenSent: Bool
    ) {
        do {
            let response = try transport.send(
                method: "POST", url: url, headers: [("Content-Type", contentType)], body: body)
            return (
                BotAPIResponse.decode(
                    status: response.status, body: response.body, retryAfterHeader: response.headers["retry-after"]),
                true
            )
        } catch {
            return (.failure(.network(error.message)), error.requestMayHaveBeenSent)
        }
    }
}
