import Foundation
import Telegram

/// Reads a `multipart/form-data` body the way the Bot API server does (TDLib's
/// `HttpReader::parse_multipart_form_data`): a disposition parameter's value runs to the next
/// `;`, one pair of surrounding quotes is stripped and nothing is unescaped; a part with a
/// `filename` is a file, any other a text field. Errors carry TDLib's texts.
enum MultipartFormParser {
    struct Part: Sendable, Equatable {
        var name: String
        var fileName: String?
        var contentType: String
        var bytes: [UInt8]
    }

    /// The boundary named by a `Content-Type: multipart/form-data; boundary=…` value.
    static func boundary(contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else {
                continue
            }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count > 1, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    static func parse(_ body: [UInt8], boundary: String) throws(SimulatedError) -> [Part] {
        let dashBoundary = Array("--\(boundary)".utf8)
        let delimiter = [0x0D, 0x0A] + dashBoundary
        guard var index = find(dashBoundary, in: body, from: 0) else {
            throw .badRequest("multipart/form-data boundary not found")
        }
        index += dashBoundary.count
        var parts: [Part] = []
        while true {
            if body.count - index >= 2, body[index] == 0x2D, body[index + 1] == 0x2D { return parts }
            // As TDLib: the CRLF that ends the boundary line and the blank line may be one and the same.
            guard let headersEnd = find([0x0D, 0x0A, 0x0D, 0x0A], in: body, from: index) else {
                throw .badRequest("can't parse form data headers")
            }
            if headersEnd == index { throw .badRequest("headers in multipart/form-data are empty") }
            guard body[index] == 0x0D, body[index + 1] == 0x0A else {
                throw .badRequest("can't parse form data headers")
            }
            var part = try headers(Array(body[(index + 2)..<headersEnd]))
            let contentStart = headersEnd + 4
            guard let contentEnd = find(delimiter, in: body, from: contentStart) else {
                throw .badRequest("multipart/form-data is truncated")
            }
            part.bytes = Array(body[contentStart..<contentEnd])
            parts.append(part)
            index = contentEnd + delimiter.count
        }
    }

    static func headers(_ bytes: [UInt8]) throws(SimulatedError) -> Part {
        var part = Part(name: "", fileName: nil, contentType: "application/octet-stream", bytes: [])
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            var value = Substring(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            if name == "content-type" {
                part.contentType = String(value)
            } else if name == "content-disposition" {
                guard value.hasPrefix("form-data;") else {
                    throw .badRequest("expected form-data content disposition")
                }
                value = value.dropFirst(10)
                while let equals = value.firstIndex(of: "=") {
                    let key = value[..<equals].trimmingCharacters(in: .whitespaces)
                    let rest = value[value.index(after: equals)...]
                    let end = rest.firstIndex(of: ";") ?? rest.endIndex
                    var parameter = rest[..<end].trimmingCharacters(in: .whitespaces)
                    if parameter.count > 1, parameter.hasPrefix("\""), parameter.hasSuffix("\"") {
                        parameter = String(parameter.dropFirst().dropLast())
                    }
                    if key == "name" { part.name = parameter }
                    if key == "filename" { part.fileName = parameter }
                    value = end == rest.endIndex ? "" : rest[rest.index(after: end)...]
                }
            }
        }
        guard !part.name.isEmpty else { throw .badRequest("field name in multipart/form-data not found") }
        return part
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        MultipartFormData.firstIndex(of: needle, in: haystack, from: start)
    }
}
