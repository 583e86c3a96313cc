/// Why a request could not be parsed: carries the status and the error code to answer with.
/// Messages never quote request bytes (they could hold initData or tokens).
struct HTTPParseError: Error, Equatable, Sendable, CustomStringConvertible {
    let status: Int
    let code: String
    let message: String

    static func badRequest(_ message: String) -> HTTPParseError {
        HTTPParseError(status: 400, code: "bad_request", message: message)
    }

    static let headersTooLarge = HTTPParseError(
        status: 431, code: "request_header_fields_too_large", message: "Request line and headers exceed the limit")
    static let bodyTooLarge = HTTPParseError(
        status: 413, code: "content_too_large", message: "Request body exceeds the limit")
    static let methodNotImplemented = HTTPParseError(
        status: 501, code: "not_implemented", message: "Request method is not supported")
    static let transferEncodingNotImplemented = HTTPParseError(
        status: 501, code: "not_implemented", message: "Only the chunked transfer coding is supported")
    static let versionNotSupported = HTTPParseError(
        status: 505, code: "http_version_not_supported", message: "Only HTTP/1.0 and HTTP/1.1 are supported")
    static let expectationFailed = HTTPParseError(
        status: 417, code: "expectation_failed", message: "Only the 100-continue expectation is supported")

    var description: String { "\(status) \(code): \(message)" }

    /// The error as a response.
    var response: HTTPResponse { .error(status: status, code: code, message: message) }
}
