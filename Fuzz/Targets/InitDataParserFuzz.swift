// libFuzzer target: the Mini App init data parser (compiled into the Telegram module by
// scripts/fuzz.sh): the query layer, the claims and the `user` JSON, with the signature check
// bypassed so that random input reaches the parsing behind it; then the full validator on the
// same data signed with a test token, which must agree with the unsigned path.
import Foundation
import TesseraCrypto

private let token = "123456:fuzz-token"
private let validator = InitDataValidator(botToken: token)
private let secretKey = InitDataValidator.secretKey(botToken: token)
private let now = Date(timeIntervalSince1970: 1_700_000_000)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInitDataParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let raw = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let fields = try? InitDataQuery.parse(raw) else { return 0 }
    let unsigned = Result { () throws(InitDataError) in
        try InitDataValidator.claims(
            fields, maxAge: validator.maxAge, allowedClockSkew: validator.allowedClockSkew, now: now)
    }
    // Sign the same fields and validate the whole string: the outcome must match the unsigned path.
    let others = fields.filter { $0.0 != "hash" }
    let message = InitDataQuery.dataCheckString(others, excluding: [])
    let hash = Hex.encode(HMACSHA256.authenticate(key: secretKey, message: message))
    let signed = (others + [("hash", hash)]).map { InitDataQuery.encode($0.0) + "=" + InitDataQuery.encode($0.1) }
        .joined(separator: "&")
    let full = Result { () throws(InitDataError) in try validator.validate(signed, now: now) }
    switch (unsigned, full) {
    case (.success(let a), .success(let b)):
        guard a.user == b.user, a.authDate == b.authDate, a.startParam == b.startParam else {
            fatalError("signed and unsigned paths read different init data")
        }
    case (.failure(let a), .failure(let b)):
        guard a == b else { fatalError("signed and unsigned paths fail differently: \(a) vs \(b)") }
    default:
        fatalError("signed and unsigned paths disagree")
    }
    return 0
}
