extension TelegramUser {
    /// Parses the `user` field of init data. Unknown members (`is_bot`,
    /// `added_to_attachment_menu`, …) are ignored; `null` counts as absent.
    init(json text: String) throws(InitDataError) {
        let value: InitDataJSON
        do {
            value = try InitDataJSON.parse(Array(text.utf8))
        } catch {
            throw .invalidUser("not valid JSON (\(error.reason))")
        }
        guard case .object(let members) = value else { throw .invalidUser("not a JSON object") }

        guard let idValue = members["id"] else { throw .invalidUser("id is missing") }
        guard case .number(let idText) = idValue, let id = Int64(idText), id > 0 else {
            throw .invalidUser("id is not a positive integer")
        }
        guard let firstNameValue = members["first_name"] else { throw .invalidUser("first_name is missing") }
        guard case .string(let firstName) = firstNameValue else { throw .invalidUser("first_name is not a string") }

        self.init(
            id: id,
            firstName: firstName,
            lastName: try Self.optionalString(members, "last_name"),
            username: try Self.optionalString(members, "username"),
            languageCode: try Self.optionalString(members, "language_code"),
            isPremium: try Self.optionalBool(members, "is_premium"),
            photoURL: try Self.optionalString(members, "photo_url"),
            allowsWriteToPM: try Self.optionalBool(members, "allows_write_to_pm"))
    }

    /// The user as Telegram serialises it: compact, members in Telegram's order, `/` escaped
    /// as `\/`, `false` flags and absent optionals omitted.
    var telegramJSON: String {
        var out = "{\"id\":\(id),\"first_name\":" + Self.quoted(firstName)
        if let lastName { out += ",\"last_name\":" + Self.quoted(lastName) }
        if let username { out += ",\"username\":" + Self.quoted(username) }
        if let languageCode { out += ",\"language_code\":" + Self.quoted(languageCode) }
        if isPremium { out += ",\"is_premium\":true" }
        if allowsWriteToPM { out += ",\"allows_write_to_pm\":true" }
        if let photoURL { out += ",\"photo_url\":" + Self.quoted(photoURL) }
        return out + "}"
    }

    private static func optionalString(_ members: [String: InitDataJSON], _ key: String) throws(InitDataError)
        -> String?
    {
        switch members[key] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw .invalidUser("\(key) is not a string")
        }
    }

    private static func optionalBool(_ members: [String: InitDataJSON], _ key: String) throws(InitDataError) -> Bool {
        switch members[key] {
        case nil, .null?: return false
        case .bool(let value)?: return value
        default: throw .invalidUser("\(key) is not a boolean")
        }
    }

    private static func quoted(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "/": out += "\\/"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
