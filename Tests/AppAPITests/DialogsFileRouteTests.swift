import Dialogs
import Foundation
import Kernel
import Postgres
import XCTest

/// A message's file through the back office (`…/messages/{message}/file`): fetched from the Bot
/// API (`getFile` and the file URL), served with a safe type, 404 and 502 when Telegram cannot
/// give it; and who a conversation may be assigned to (`dialogs/assignees`, the PATCH check).
extension DialogsInboxTests {
    static let png: [UInt8] =
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 2, 0, 0, 0, 3]

    func fileURL(_ conversation: Int, _ message: Any) -> String { base + "/\(conversation)/messages/\(message)/file" }

    func test_fileRoute_servesImagesInline_andEverythingElseAsAnAttachment() throws {
        let support = try h.staffToken("coffee-shop", role: .support)
        try write(Self.ann, ["photo": ["base64": .string(Data(Self.png).base64EncodedString())], "caption": "cup"])
        try write(Self.ann, ["document": ["base64": .string(Data("<html><script>alert(1)</script>".utf8).base64EncodedString()), "file_name": "menu \"v2\".html", "mime_type": "text/html"]])
        try write(Self.ann, ["voice": ["duration": 2]])
        try write(Self.ann, ["sticker": ["emoji": "🙂"]])
        try write(Self.ann, ["text": "hi"])
        let id = try conversationID(Self.ann)
        let thread = try messages(id, token: support)
        let byKind = Dictionary(uniqueKeysWithValues: thread.map { ($0["kind"] as! String, $0["id"] as! Int) })

        let photo = try h.admin("GET", fileURL(id, byKind["photo"]!), token: support)
        XCTAssertEqual(photo.status, 200, photo.text)
        XCTAssertEqual(Array(photo.body), Self.png)
        XCTAssertEqual(photo.headers["content-type"], "image/png")
        XCTAssertEqual(photo.headers["content-disposition"], "inline")
        XCTAssertEqual(photo.headers["x-content-type-options"], "nosniff")
        XCTAssertEqual(photo.headers["content-security-policy"], "default-src 'none'; sandbox")

        let document = try h.admin("GET", fileURL(id, byKind["document"]!), token: support)
        XCTAssertEqual(document.status, 200, document.text)
        XCTAssertEqual(document.text, "<html><script>alert(1)</script>")
        XCTAssertEqual(document.headers["content-type"], "application/octet-stream", "never the customer's text/html")
        XCTAssertEqual(
            document.headers["content-disposition"], "attachment; filename=\"menu _v2_.html\"; filename*=UTF-8''menu%20%22v2%22.html")
        XCTAssertEqual(document.headers["x-content-type-options"], "nosniff")
        for kind in ["voice", "sticker"] {
            let file = try h.admin("GET", fileURL(id, byKind[kind]!), token: support)
            XCTAssertEqual(file.status, 200, file.text)
            XCTAssertEqual(file.text, "simulated \(kind)")
            XCTAssertEqual(file.headers["content-type"], "application/octet-stream", "\(kind): its bytes are no image")
            XCTAssertTrue(file.headers["content-disposition"]?.hasPrefix("attachment;") ?? false)
        }
        // Asked again, the photo comes from the cache: Telegram is not asked twice.
        let getFiles = simulator.calls(botID: bot).filter { $0.method == "getFile" }.count
        XCTAssertEqual(Array(try h.admin("GET", fileURL(id, byKind["photo"]!), token: support).body), Self.png)
        XCTAssertEqual(simulator.calls(botID: bot).filter { $0.method == "getFile" }.count, getFiles)

        XCTAssertEqual(try h.admin("GET", fileURL(id, byKind["text"]!), token: support).errorCode, "file_not_found")
        XCTAssertEqual(try h.admin("GET", fileURL(id, 999_999), token: support).errorCode, "message_not_found")
        XCTAssertEqual(try h.admin("GET", fileURL(id, "x"), token: support).errorCode, "message_not_found")
        // Analysts read files too.
        XCTAssertEqual(try h.admin("GET", fileURL(id, byKind["photo"]!), token: try h.staffToken("coffee-shop", role: .analyst)).status, 200)
    }

    func test_fileRoute_ofAnotherConversationOrTenant_isNotFound() throws {
        let support = try h.staffToken("coffee-shop", role: .support)
        try write(Self.ann, ["photo": ["base64": .string(Data(Self.png).base64EncodedString())]])
        try write(Self.bob, ["text": "hi"])
        let ann = try conversationID(Self.ann), bob = try conversationID(Self.bob)
        let photoID = try XCTUnwrap(messages(ann, token: support).first?["id"] as? Int)
        XCTAssertEqual(try h.admin("GET", fileURL(bob, photoID), token: support).errorCode, "message_not_found", "Ann's photo is not in Bob's conversation")
        let other = try h.staffToken("events-club")
        XCTAssertEqual(try h.admin("GET", fileURL(ann, photoID), token: other).status, 403, "coffee-shop's route with events-club's token")
        let elsewhere = try h.admin("GET", "/admin/api/v1/events-club/dialogs/\(ann)/messages/\(photoID)/file", token: other)
        XCTAssertEqual(elsewhere.status, 404, elsewhere.text)
        XCTAssertEqual(elsewhere.errorCode, "message_not_found")
        XCTAssertFalse(elsewhere.body.starts(with: Self.png))
    }

    func test_fileRoute_whenTelegramCannotGiveTheFile_is404Or502() throws {
        let support = try h.staffToken("coffee-shop", role: .support)
        try write(Self.ann, ["photo": ["base64": .string(Data(Self.png).base64EncodedString())]])
        try write(Self.ann, ["document": ["file_name": "a.pdf"]])
        try write(Self.ann, ["voice": ["duration": 1]])
        let id = try conversationID(Self.ann)
        let thread = try messages(id, token: support)
        let byKind = Dictionary(uniqueKeysWithValues: thread.map { ($0["kind"] as! String, $0["id"] as! Int) })

        // A file_id Telegram does not know (a file of another bot, say): 404 with Telegram's words.
        try h.pool.execute(
            "UPDATE t_coffee_shop.messages SET attachment = attachment || '{\"file_id\": \"gone\"}' WHERE id = \(byKind["photo"]!)")
        let gone = try h.admin("GET", fileURL(id, byKind["photo"]!), token: support)
        XCTAssertEqual(gone.status, 404, gone.text)
        XCTAssertEqual(gone.errorCode, "file_gone")
        XCTAssertTrue(gone.text.contains("invalid file_id"), gone.text)

        // Telegram busy: 502, and the next try works (nothing cached from the failure).
        simulator.injectFault(botID: bot, method: "getFile", count: 1, retryAfter: 5)
        let busy = try h.admin("GET", fileURL(id, byKind["document"]!), token: support)
        XCTAssertEqual(busy.status, 502, busy.text)
        XCTAssertEqual(busy.errorCode, "telegram_unavailable")
        XCTAssertFalse(busy.text.contains(Harness.tokens["coffee-shop"]!), "no bot token in the message")
        XCTAssertEqual(try h.admin("GET", fileURL(id, byKind["document"]!), token: support).status, 200)

        // Over the Bot API's 20 MB download limit: not even asked.
        try h.pool.execute(
            "UPDATE t_coffee_shop.messages SET attachment = attachment || '{\"file_size\": 30000000}' WHERE id = \(byKind["voice"]!)")
        let calls = simulator.calls(botID: bot).count
        let big = try h.admin("GET", fileURL(id, byKind["voice"]!), token: support)
        XCTAssertEqual(big.status, 502, big.text)
        XCTAssertEqual(big.errorCode, "file_too_large")
        XCTAssertEqual(simulator.calls(botID: bot).count, calls)
    }

    func test_fileRoute_ofAReply_isItsUploadWhileQueued_andTelegramsFileOnceSent() throws {
        let support = try h.staffToken("coffee-shop", role: .support)
        try write(Self.ann, ["text": "the menu?"])
        let id = try conversationID(Self.ann)
        let posted = try h.admin(
            "POST", base + "/\(id)/messages", token: support,
            body: ["client_id": "p", "photo": ["base64": Data(Self.png).base64EncodedString(), "file_name": "menu.png", "mime_type": "image/png"]])
        XCTAssertEqual(posted.status, 201, posted.text)
        let messageID = try XCTUnwrap((posted.json["message"] as? [String: Any])?["id"] as? Int)
        let queued = try h.admin("GET", fileURL(id, messageID), token: support)
        XCTAssertEqual(queued.headers["content-type"], "image/png", queued.text)
        XCTAssertEqual(Array(queued.body), Self.png)

        XCTAssertEqual(try h.context.jobs.runDue().done, 1)
        let sent = try XCTUnwrap(messages(id, token: support).first)
        let fileID = try XCTUnwrap((sent["attachment"] as? [String: Any])?["file_id"] as? String, "Telegram's file_id is kept")
        XCTAssertEqual(simulator.fileBytes(botID: bot, fileID: fileID), Self.png)
        XCTAssertEqual((sent["attachment"] as? [String: Any])?["file_name"] as? String, "menu.png")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.message_uploads"), 0)
    }

    /// A staff person of `slug` with `role` (made as accepting an invitation would), their id.
    func staffPerson(_ slug: String, role: String, name: String, disabled: Bool = false) throws -> Int64 {
        let tenantID = h.registry.tenant(slug)!.id
        return try h.pool.withConnection { conn in
            let id = try conn.query(
                """
                INSERT INTO platform.staff_people (email, display_name, disabled)
                VALUES (\("staff\(UUID().uuidString.prefix(8))-\(slug)@example.com"), \(name), \(disabled)) RETURNING id
                """
            ).first!.decode(Int64.self, 0)
            try conn.execute(
                "INSERT INTO platform.staff_memberships (tenant_id, person_id, role) VALUES (\(tenantID), \(id), \(role))")
            return id
        }
    }

    func test_assignees_areStaffWhoMayAnswer_andPATCHRefusesAnyoneElse() throws {
        let support = try h.staffToken("coffee-shop", role: .support)
        let vera = try staffPerson("coffee-shop", role: "support", name: "Vera")
        let max = try staffPerson("coffee-shop", role: "manager", name: "Max <b>")
        let ada = try staffPerson("coffee-shop", role: "analyst", name: "Ada")
        let gone = try staffPerson("coffee-shop", role: "support", name: "Gone", disabled: true)
        let elsewhere = try staffPerson("events-club", role: "owner", name: "Eve")
        _ = try h.staffToken("coffee-shop", role: .analyst)
        try write(Self.ann, ["text": "hello"])
        let id = try conversationID(Self.ann)

        let list = try h.admin("GET", "/admin/api/v1/coffee-shop/dialog-assignees", token: try h.staffToken("coffee-shop", role: .analyst))
        XCTAssertEqual(list.status, 200, list.text)
        let assignees = list.json["assignees"] as? [[String: Any]] ?? []
        let people = assignees.filter { $0["kind"] as? String == "person" }
        XCTAssertEqual(people.map { $0["id"] as? String }, ["staff_person:\(max)", "staff_person:\(vera)"], "by name; no analyst, no disabled")
        XCTAssertEqual(people.map { $0["name"] as? String }, ["Max <b>", "Vera"])
        XCTAssertEqual(people.map { $0["role"] as? String }, ["manager", "support"])
        XCTAssertFalse(list.text.contains("@example.com"), "no emails")
        XCTAssertEqual(Set(assignees.filter { $0["kind"] as? String == "token" }.compactMap { $0["role"] as? String }), ["support"])

        for refused in ["staff_person:\(ada)", "staff_person:\(gone)", "staff_person:\(elsewhere)", "staff_person:999999", "staff_token:999999"] {
            let reply = try h.admin("PATCH", base + "/\(id)", token: support, body: ["assignee": refused, "state": "pending"])
            XCTAssertEqual(reply.status, 422, refused)
            XCTAssertEqual(reply.detailFields, ["assignee"], refused)
            XCTAssertTrue(reply.text.contains(refused), reply.text)
        }
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.conversations WHERE assignee IS NULL AND state = 'open'"), 1, "nothing changed")
        let assigned = try h.admin("PATCH", base + "/\(id)", token: support, body: ["assignee": "staff_person:\(vera)"])
        XCTAssertEqual((assigned.json["conversation"] as? [String: Any])?["assignee"] as? String, "staff_person:\(vera)", assigned.text)
        let token = try XCTUnwrap(assignees.first { $0["kind"] as? String == "token" }?["id"] as? String)
        XCTAssertEqual(try h.admin("PATCH", base + "/\(id)", token: support, body: ["assignee": token]).status, 200)
        XCTAssertEqual(try h.admin("PATCH", base + "/\(id)", token: support, body: ["assignee": "me"]).status, 200)
    }
}
