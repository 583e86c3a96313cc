import Foundation
import TesseraCrypto
import TesseraJSON

/// The phone number a user shared through the mini app's `WebApp.requestContact`: Telegram hands
/// the callback a signed query string, `contact=<JSON>&auth_date=<unix>&hash=<hex>`, which the mini
/// app forwards to its server. It is signed like init data (HMAC-SHA256 under the key derived from
/// the bot token, over the sorted data-check-string), so only the server can trust it.
public struct RequestedContact: Sendable, Equatable {
    /// The Telegram user the contact belongs to (must be the caller).
    public var userID: Int64
    public var phoneNumber: String
    public var firstName: String?
    public var lastName: String?
    public var authDate: Date

    public init(userID: Int64, phoneNumber: String, firstName: String? = nil, lastName: String? = nil, authDate: Date) {
        self.userID = userID
        self.phoneNumber = phoneNumber
        self.firstName = firstName
        self.lastName = lastName
        self.authDate = authDate
    }

    /// The `contact` member as Telegram writes it.
    var contactJSON: String {
        var o: JSONObject = ["user_id": .int(userID), "phone_number": .string(phoneNumber)]
        if let firstName { o["first_name"] = .string(firstName) }
        if let lastName { o["last_name"] = .string(lastName) }
        return String(decoding: JSONValue.object(o).serialized(), as: UTF8.self)
    }
}

extension InitDataValidator {
    /// Checks a `requestContact` response: the hash first (constant-time), then `auth_date` against
    /// the validator's maximum age, then the contact. Errors are init data's (`signatureMismatch`,
    /// `expired`, `malformed`).
    public func validateContact(_ raw: String, now: Date = Date()) throws(InitDataError) -> RequestedContact {
        let fields = try InitDataQuery.parse(raw)
        guard let hash = fields.first(where: { $0.0 == "hash" })?.1, !hash.isEmpty else { throw .missingHash }
        let message = InitDataQuery.dataCheckString(fields, excluding: ["hash"])
        let expected = Hex.encode(HMACSHA256.authenticate(key: secretKeyBytes, message: message))
        guard ConstantTime.equals(Array(expected.utf8), Array(hash.utf8)) else { throw .signatureMismatch }
        func field(_ key: String) -> String? { fields.first { $0.0 == key }?.1 }
        guard let authText = field("auth_date"), let authSeconds = Int64(authText), authSeconds > 0 else {
            throw .malformed("auth_date is missing or not a Unix time")
        }
        let age = Int64(now.timeIntervalSince1970.rounded(.down)) - authSeconds
        guard Double(-age) <= allowedClockSkew else { throw .authDateInFuture }
        guard Double(age) <= maxAge else { throw .expired(ageSeconds: age) }
        guard let contactText = field("contact") else { throw .malformed("contact is missing") }
        guard let contact = try? JSONParser.parse(Array(contactText.utf8)), let userID = contact["user_id"]?.intValue,
            userID > 0,
            let phone = contact["phone_number"]?.stringValue, !phone.isEmpty
        else { throw .malformed("contact is not an object with user_id and phone_number") }
        return RequestedContact(
            userID: userID, phoneNumber: phone, firstName: contact["first_name"]?.stringValue,
            lastName: contact["last_name"]?.stringValue,
            authDate: Date(timeIntervalSince1970: TimeInterval(authSeconds)))
    }
}

extension InitDataSigner {
    /// A `requestContact` response for `contact`, signed with `botToken` as Telegram does (tests, the simulator).
    public static func signContact(_ contact: RequestedContact, botToken: String) -> String {
        sign(
            fields: [
                ("contact", contact.contactJSON),
                ("auth_date", String(Int64(contact.authDate.timeIntervalSince1970.rounded(.down)))),
            ],
            botToken: botToken)
    }
}
