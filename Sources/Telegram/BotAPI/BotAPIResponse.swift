import TesseraJSON

/// Decodes a Bot API answer: `{"ok":true,"result":…}` or
/// `{"ok":false,"error_code":N,"description":"…","parameters":{"retry_after":N}}`.
public enum BotAPIResponse {
    /// The `result`, or the typed error the answer stands for. `retryAfterHeader` is the
    /// `Retry-After` header, used when the body carries no `retry_after`.
    public static func decode(status: Int, body: [UInt8], retryAfterHeader: String? = nil) -> Result<
        JSONValue, BotAPIError
    > {
        guard let value = try? JSONParser.parse(body), case .object(let object) = value,
            let ok = object["ok"]?.boolValue
        else {
            // A proxy's HTML error page, an empty 502 …: keep the status, never the body.
            if status >= 400 {
                return .failure(
                    .from(errorCode: status, description: "HTTP \(status)", retryAfter: Int(retryAfterHeader ?? "")))
            }
            return .failure(.decoding("HTTP \(status) without a Bot API JSON body"))
        }
        if ok { return .success(object["result"] ?? .bool(true)) }
        let code = object["error_code"]?.intValue.map(Int.init) ?? (status >= 400 ? status : 500)
        let description = object["description"]?.stringValue ?? "HTTP \(code)"
        let retryAfter = object["parameters"]?["retry_after"]?.intValue.map(Int.init) ?? Int(retryAfterHeader ?? "")
        return .failure(.from(errorCode: code, description: description, retryAfter: retryAfter))
    }
}
