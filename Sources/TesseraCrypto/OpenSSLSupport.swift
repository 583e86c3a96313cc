import COpenSSL

/// Helpers shared by the OpenSSL wrappers.
enum OpenSSLSupport {
    /// Calls `body` with a pointer that is never nil, even for an empty array: several OpenSSL
    /// functions reject a NULL buffer even when its length is 0, and Swift may hand out a nil
    /// base address for empty arrays.
    static func withBytes<R, E: Error>(
        _ bytes: [UInt8],
        _ body: (UnsafePointer<UInt8>, Int) throws(E) -> R
    ) throws(E) -> R {
        if bytes.isEmpty {
            var placeholder: UInt8 = 0
            return try withUnsafePointer(to: &placeholder) { (pointer) throws(E) -> R in
                try body(pointer, 0)
            }
        }
        return try bytes.withUnsafeBufferPointer { (buffer) throws(E) -> R in
            try body(buffer.baseAddress!, buffer.count)
        }
    }

    /// Builds a `CryptoError.openSSL` from the calling thread's OpenSSL error queue and clears
    /// the queue so a later call does not report a stale error.
    static func error(_ function: String) -> CryptoError {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return .openSSL(function: function, reason: "unknown error") }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        let reason = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return .openSSL(function: function, reason: reason)
    }
}
