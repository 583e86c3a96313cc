import Foundation
import HTTP
import TesseraJSON

/// A Bot API call's parameters, from a JSON body, a form body or the query string (the three
/// ways Telegram accepts them) or a multipart body, whose file parts land in `files`. Form and
/// query values are strings; typed reads convert them.
struct SimulatorParameters: Sendable {
    var values: JSONObject
    /// Uploaded files by field name (multipart bodies only).
    var files: [String: MultipartFormParser.Part] = [:]

    init(_ values: JSONObject) { self.values = values }

    init(request: HTTPRequest) throws(SimulatedError) {
        var values = JSONObject()
        if let query = request.query { Self.addForm(query, to: &values) }
        let contentType = request.headers["Content-Type"]?.lowercased() ?? ""
        if !request.body.isEmpty {
            if contentType.hasPrefix("application/json") {
                guard let parsed = try? JSONParser.parse(request.body), case .object(let object) = parsed else {
                    throw .badRequest("can't parse JSON request body")
                }
                for (key, value) in object { values[key] = value }
            } else if contentType.hasPrefix("application/x-www-form-urlencoded") {
                Self.addForm(String(decoding: request.body, as: UTF8.self), to: &values)
            } else if contentType.hasPrefix("multipart/form-data") {
                guard let boundary = MultipartFormParser.boundary(contentType: request.headers["Content-Type"] ?? "")
                else { throw .badRequest("multipart/form-data boundary not found") }
                for part in try MultipartFormParser.parse(request.body, boundary: boundary) {
                    if part.fileName != nil {
                        files[part.name] = part
                    } else {
                        values[part.name] = .string(String(decoding: part.bytes, as: UTF8.self))
                    }
                }
            }
        }
        self.values = values
    }

    static func addForm(_ text: String, to values: inout JSONObject) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(parts[0])
            values[key] = .string(parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    static func decode(_ s: Substring) -> String {
        (s.replacingOccurrences(of: "+", with: " ")).removingPercentEncoding ?? String(s)
    }

    func string(_ name: String) -> String? {
        switch values[name] {
        case .string(let s)?: s
        case .int(let i)?: String(i)
        default: nil
        }
    }

    func int(_ name: String) -> Int64? {
        switch values[name] {
        case .int(let i)?: i
        case .string(let s)?: Int64(s)
        default: nil
        }
    }

    func bool(_ name: String) -> Bool? {
        switch values[name] {
        case .bool(let b)?: b
        case .string("true")?: true
        case .string("false")?: false
        default: nil
        }
    }

    /// A JSON-typed parameter, which form encoding carries as a JSON string.
    func json(_ name: String) -> JSONValue? {
        if case .string(let s)? = values[name], let parsed = try? JSONParser.parse(Array(s.utf8)) { return parsed }
        return values[name]
    }
}
