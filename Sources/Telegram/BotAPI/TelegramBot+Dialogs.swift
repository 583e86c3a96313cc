import TesseraJSON

/// The methods of the dialogs inbox and the staff forum: attachments, copies, files and forum
/// topics.
extension TelegramBot {
    /// Sends a photo by `file_id` or as an upload (`multipart/form-data`).
    @discardableResult
    public func sendPhoto(
        chatID: Int64, photo: InputFile, caption: String? = nil, messageThreadID: Int64? = nil,
        replyParameters: ReplyParameters? = nil
    ) throws(BotAPIError) -> SentMessage {
        try sendFile(
            "sendPhoto", field: "photo", file: photo, chatID: chatID, caption: caption,
            messageThreadID: messageThreadID, replyParameters: replyParameters)
    }

    /// Sends a general file by `file_id` or as an upload (`multipart/form-data`).
    @discardableResult
    public func sendDocument(
        chatID: Int64, document: InputFile, caption: String? = nil, messageThreadID: Int64? = nil,
        replyParameters: ReplyParameters? = nil
    ) throws(BotAPIError) -> SentMessage {
        try sendFile(
            "sendDocument", field: "document", file: document, chatID: chatID, caption: caption,
            messageThreadID: messageThreadID, replyParameters: replyParameters)
    }

    /// Copies any message (text, photo, voice, contact, …) without a link to the original;
    /// returns the new message's id.
    @discardableResult
    public func copyMessage(
        chatID: Int64, fromChatID: Int64, messageID: Int64, messageThreadID: Int64? = nil, caption: String? = nil,
        replyParameters: ReplyParameters? = nil
    ) throws(BotAPIError) -> Int64 {
        var p: JSONObject = ["chat_id": .int(chatID), "from_chat_id": .int(fromChatID), "message_id": .int(messageID)]
        if let messageThreadID { p["message_thread_id"] = .int(messageThreadID) }
        if let caption { p["caption"] = .string(caption) }
        if let replyParameters { p["reply_parameters"] = replyParameters.json }
        guard let id = try call("copyMessage", p)["message_id"]?.intValue else {
            throw .decoding("copyMessage: expected a MessageId")
        }
        return id
    }

    /// Where to download a file (files up to 20 MB).
    public func getFile(fileID: String) throws(BotAPIError) -> TelegramFile {
        try TelegramFile(call("getFile", ["file_id": .string(fileID)]))
    }

    /// The bytes of a file, by the `filePath` `getFile` returned.
    public func downloadFile(path: String) throws(BotAPIError) -> [UInt8] {
        try client.download(token: token, filePath: path)
    }

    /// Creates a topic in a forum supergroup (the bot needs `can_manage_topics`).
    public func createForumTopic(chatID: Int64, name: String, iconColor: Int64? = nil, iconCustomEmojiID: String? = nil)
        throws(BotAPIError) -> ForumTopic
    {
        var p: JSONObject = ["chat_id": .int(chatID), "name": .string(name)]
        if let iconColor { p["icon_color"] = .int(iconColor) }
        if let iconCustomEmojiID { p["icon_custom_emoji_id"] = .string(iconCustomEmojiID) }
        return try ForumTopic(call("createForumTopic", p))
    }

    /// Renames a topic and/or changes its icon (an empty `iconCustomEmojiID` removes it).
    public func editForumTopic(
        chatID: Int64, messageThreadID: Int64, name: String? = nil, iconCustomEmojiID: String? = nil
    )
        throws(BotAPIError)
    {
        var p: JSONObject = ["chat_id": .int(chatID), "message_thread_id": .int(messageThreadID)]
        if let name { p["name"] = .string(name) }
        if let iconCustomEmojiID { p["icon_custom_emoji_id"] = .string(iconCustomEmojiID) }
        _ = try call("editForumTopic", p)
    }

    public func closeForumTopic(chatID: Int64, messageThreadID: Int64) throws(BotAPIError) {
        _ = try call("closeForumTopic", ["chat_id": .int(chatID), "message_thread_id": .int(messageThreadID)])
    }

    public func reopenForumTopic(chatID: Int64, messageThreadID: Int64) throws(BotAPIError) {
        _ = try call("reopenForumTopic", ["chat_id": .int(chatID), "message_thread_id": .int(messageThreadID)])
    }

    /// Deletes a topic with all its messages.
    public func deleteForumTopic(chatID: Int64, messageThreadID: Int64) throws(BotAPIError) {
        _ = try call("deleteForumTopic", ["chat_id": .int(chatID), "message_thread_id": .int(messageThreadID)])
    }

    public func getChat(chatID: Int64) throws(BotAPIError) -> ChatInfo {
        try ChatInfo(call("getChat", ["chat_id": .int(chatID)]))
    }

    private func sendFile(
        _ method: String, field: String, file: InputFile, chatID: Int64, caption: String?, messageThreadID: Int64?,
        replyParameters: ReplyParameters?
    ) throws(BotAPIError) -> SentMessage {
        var p: JSONObject = ["chat_id": .int(chatID)]
        if let caption { p["caption"] = .string(caption) }
        if let messageThreadID { p["message_thread_id"] = .int(messageThreadID) }
        if let replyParameters { p["reply_parameters"] = replyParameters.json }
        switch file {
        case .fileID(let id):
            p[field] = .string(id)
            return try SentMessage(call(method, p))
        case .upload(let upload):
            var form = MultipartFormData(parameters: p)
            form.add(name: field, fileName: upload.fileName, contentType: upload.mimeType, bytes: upload.bytes)
            return try SentMessage(client.call(token: token, method, form: form))
        }
    }
}

extension MultipartFormData {
    /// Bot API parameters as text fields: strings as they are, numbers and booleans in JSON
    /// notation, objects and arrays as JSON (the form encoding Telegram reads).
    init(parameters: JSONObject) {
        self.init()
        for (key, value) in parameters {
            switch value {
            case .string(let s): add(name: key, value: s)
            default: add(name: key, value: String(decoding: value.serialized(), as: UTF8.self))
            }
        }
    }
}
