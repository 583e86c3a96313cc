/// Serialises a response head: status line, the handler's headers, then the headers the server owns.
enum ResponseWriter {
    /// Builds the head. `bodyCount` is the length the body has (announced even for HEAD); nil for a
    /// streamed body, which is `chunked` or (HTTP/1.0) delimited by the connection's close.
    static func head(
        status: Int,
        headers: HTTPHeaders,
        bodyCount: Int?,
        chunked: Bool = false,
        requestID: String,
        keepAlive: Bool,
        versionMinor: Int,
        date: [UInt8]
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(160 + headers.count * 48)
        out.append(contentsOf: HTTPStatus.statusLine(status))
        for field in headers where isWritable(field) {
            out.append(contentsOf: field.name.utf8)
            out.append(0x3A)
            out.append(0x20)
            out.append(contentsOf: field.value.utf8)
            out.append(ASCII.cr)
            out.append(ASCII.lf)
        }
        out.append(contentsOf: date)
        if chunked {
            out.append(contentsOf: "Transfer-Encoding: chunked\r\n".utf8)
        } else if HTTPStatus.allowsBody(status), let bodyCount {
            out.append(contentsOf: "Content-Length: ".utf8)
            ASCII.appendDecimal(bodyCount, to: &out)
            out.append(ASCII.cr)
            out.append(ASCII.lf)
        }
        out.append(contentsOf: "X-Request-Id: ".utf8)
        out.append(contentsOf: requestID.utf8)
        out.append(ASCII.cr)
        out.append(ASCII.lf)
        if !keepAlive {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if versionMinor == 0 {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(ASCII.cr)
        out.append(ASCII.lf)
        return out
    }

    /// Drops fields the server owns and any whose name or value could split the response.
    private static func isWritable(_ field: HTTPHeaders.Element) -> Bool {
        let name = field.name
        switch name.utf8.count {
        case 0: return false
        case 4 where ASCII.equalsIgnoringCase(name, "date"): return false
        case 10 where ASCII.equalsIgnoringCase(name, "connection"),
            10 where ASCII.equalsIgnoringCase(name, "keep-alive"):
            return false
        case 12 where ASCII.equalsIgnoringCase(name, "x-request-id"): return false
        case 14 where ASCII.equalsIgnoringCase(name, "content-length"): return false
        case 17 where ASCII.equalsIgnoringCase(name, "transfer-encoding"): return false
        default: break
        }
        guard name.utf8.allSatisfy(ASCII.isTokenCharacter) else { return false }
        return field.value.utf8.allSatisfy { $0 != ASCII.cr && $0 != ASCII.lf && $0 != 0 }
    }
}
