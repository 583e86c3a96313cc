import HTTP
import TesseraJSON

/// One problem with a request field: `{"field": "title", "message": "…"}`.
public struct FieldProblem: Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// Errors of the business areas, each rendering itself as `{"error":{"code","message",…}}`.
/// Any other error a handler throws becomes a 500 (or 503 for an unreachable database) upstream.
public enum AreaError: Error, Sendable, Equatable {
    /// 400: the body is not JSON; `field` names the top-level member whose value is at fault.
    case malformedBody(String, field: String? = nil)
    /// 422 `validation_failed` with one entry per problem; nothing was changed.
    case validation([FieldProblem])
    /// 404 with a specific code (`post_not_found`, `event_not_found`, `section_not_found`, …).
    case notFound(code: String, message: String)
    /// 403 with a specific code (`forbidden_role`): the staff token's role may not do this.
    case forbidden(code: String, message: String)
    /// 409 with a specific code (`already_registered`, `event_full`, `registration_closed`, …).
    case conflict(code: String, message: String)
    /// 502 with a specific code (`invoice_failed`, `refund_failed`): Telegram refused or was unreachable.
    case upstream(code: String, message: String)

    /// 400 for a body the JSON parser refused, naming the member it was in (a NUL-free string
    /// with invalid UTF-8, a number no double holds).
    public static func malformed(_ error: JSONSyntaxError) -> AreaError {
        .malformedBody("line \(error.line), column \(error.column): \(error.message)", field: error.pointer.tokens.first)
    }

    public static func invalid(_ field: String, _ message: String) -> AreaError {
        .validation([FieldProblem(field, message)])
    }

    public var status: Int {
        switch self {
        case .malformedBody: 400
        case .validation: 422
        case .notFound: 404
        case .forbidden: 403
        case .conflict: 409
        case .upstream: 502
        }
    }

    public var code: String {
        switch self {
        case .malformedBody: "malformed_body"
        case .validation: "validation_failed"
        case .notFound(let code, _), .forbidden(let code, _), .conflict(let code, _), .upstream(let code, _): code
        }
    }

    public var message: String {
        switch self {
        case .malformedBody(let why, _): "the request body is not valid JSON: \(why)"
        case .validation(let problems):
            problems.count == 1 ? problems[0].description : "\(problems.count) fields are invalid"
        case .notFound(_, let message), .forbidden(_, let message), .conflict(_, let message), .upstream(_, let message): message
        }
    }

    public var response: HTTPResponse {
        var error: JSONObject = ["code": .string(code), "message": .string(message)]
        if case .validation(let problems) = self {
            error["details"] = .array(problems.map { ["field": .string($0.field), "message": .string($0.message)] })
        }
        if case .malformedBody(let why, let field?) = self {
            error["details"] = [["field": .string(field), "message": .string(why)]]
        }
        return .json(JSONValue.object(["error": .object(error)]).serialized(), status: status)
    }
}
