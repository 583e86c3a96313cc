import AppAPI
import Dialogs
import Foundation
import Kernel
import Postgres
import Synchronization
import Telegram
import TelegramSimulator
import TesseraJSON
import TesseraLog
import Tenancy
import TesseraTestSupport
import XCTest

/// The dialogs inbox end to end: customers write to the bot through the simulator's webhook,
/// staff list, read and answer over the admin API, and `dialogs.reply` jobs send the answers.
final class DialogsInboxTests: XCTestCase {
    var simulator: TelegramSimulator!
    var h: Harness!
    var bot: Int64 = 0
    let base = "/admin/api/v1/coffee-shop/dialogs"

    static let ann = TelegramUser(id: 700_101, firstName: "Ann", lastName: "Lee", username: "ann_l", languageCode: "en")
    static let bob = TelegramUser(id: 700_102, firstName: "Bob", languageCode: "ru")

    override func setUpWithError() throws {
        simulator = TelegramSimulator(logger: Logger(label: "sim", minimumLevel: .error))
        try simulator.start()
        bot = try simulator.addBot(token: Harness.tokens["coffee-shop"]!, username: "coffee_bot")
        _ = try simulator.addBot(token: Harness.tokens["events-club"]!, username: "events_bot")
        var updates = UpdateJobs.Settings()
        updates.minimumAge = 0
        let client = BotAPIClient(baseURL: simulator.baseURL, timeout: 5, retryPolicy: RetryPolicy(maxAttempts: 2, maxRetryAfter: 1))
        h = try Harness(botAPI: client, updates: updates)
        let registrar = WebhookRegistrar(pool: h.pool, masterKey: Harness.masterKey, client: client, publicBaseURL: h.baseURL)
        for slug in ["coffee-shop", "events-club"] { try registrar.register(try TenantSlug(slug)) }
    }

    override func tearDown() {
        h?.stop()
        simulator?.shutdown()
    }

    func write(_ user: TelegramUser, _ content: JSONValue) throws {
        XCTAssertTrue(try simulator.sendUserMessage(botID: bot, user: user, content: content).delivered)
    }

    func conversations(_ query: String = "", token: String) throws -> [[String: Any]] {
        let reply = try h.admin("GET", base + query, token: token)
        XCTAssertEqual(reply.status, 200, reply.text)
        return reply.json["conversations"] as? [[String: Any]] ?? []
    }

    func messages(_ conversation: Int, token: String) throws -> [[String: Any]] {
        let reply = try h.admin("GET", base + "/\(conversation)/messages", token: token)
        XCTAssertEqual(reply.status, 200, reply.text)
        return reply.json["messages"] as? [[String: Any]] ?? []
    }

    func conversationID(_ user: TelegramUser) throws -> Int {
        Int(try h.count(
            """
            SELECT c.id FROM t_coffee_shop.conversations c JOIN t_coffee_shop.participants p ON p.id = c.participant_id
            WHERE p.telegram_id = \(user.id)
            """))
    }

    func delivery(_ message: [String: Any]) -> [String: Any] { message["delivery"] as? [String: Any] ?? [:] }

    func test_overview_countsOpenDialogsAndTheOldestWait() throws {
        let owner = try h.staffToken("coffee-shop", role: .owner)
        func dialogs() throws -> [String: Any] {
            let reply = try h.admin("GET", "/admin/api/v1/coffee-shop/overview?range=today", token: owner)
            XCTAssertEqual(reply.status, 200, reply.text)
            return try XCTUnwrap(reply.json["dialogs"] as? [String: Any])
        }
        XCTAssertEqual(try dialogs()["open"] as? Int, 0)
        XCTAssertTrue(try dialogs()["oldest_waiting_seconds"] is NSNull)
        try write(Self.ann, ["text": "hello?"])
        try h.pool.execute("UPDATE t_coffee_shop.conversations SET waiting_since = now() - interval '10 minutes'")
        let open = try dialogs()
        XCTAssertEqual(open["open"] as? Int, 1)
        XCTAssertGreaterThanOrEqual(open["oldest_waiting_seconds"] as? Int ?? 0, 600)
    }

    func test_photoAndText_landInOneConversation_unreadTwo_htmlVerbatim_notInOtherTenant() throws {
        let support = try h.staffToken("coffee-shop", role: .support)
        try write(Self.ann, ["photo": ["file_name": "cup.jpg"], "caption": "<b>my cup</b>"])
        try write(Self.ann, ["text": "<script>alert(1)</script> & \"why\"?"])

        let list = try conversations(token: support)
        XCTAssertEqual(list.count, 1)
        let c = try XCTUnwrap(list.first)
        XCTAssertEqual(c["unread_count"] as? Int, 2)
        XCTAssertEqual(c["state"] as? String, "open")
        XCTAssertNotNil(c["waiting_since"] as? String)
        XCTAssertEqual((c["participant"] as? [String: Any])?["username"] as? String, "ann_l")
        let thread = try messages(c["id"] as! Int, token: support)
        XCTAssertEqual(thread.map { $0["kind"] as? String }, ["text", "photo"], "newest first")
        XCTAssertEqual(thread[0]["text"] as? String, "<script>alert(1)</script> & \"why\"?")
        XCTAssertEqual(thread[1]["text"] as? String, "<b>my cup</b>")
        let fileID = try XCTUnwrap((thread[1]["attachment"] as? [String: Any])?["file_id"] as? String)
        XCTAssertEqual(simulator.fileBytes(botID: bot, fileID: fileID), Array("simulated photo".utf8))

        // Read, then a new message counts again; the other tenant sees nothing of it.
        let read = try h.admin("POST", base + "/\(c["id"]!)/read", token: support)
        XCTAssertEqual((read.json["conversation"] as? [String: Any])?["unread_count"] as? Int, 0, read.text)
        try write(Self.ann, ["sticker": ["emoji": "🙂"]])
        XCTAssertEqual(try conversations(token: support).first?["unread_count"] as? Int, 1)
        let other = try h.staffToken("events-club")
        let otherBase = "/admin/api/v1/events-club/dialogs"
        XCTAssertEqual(try h.admin("GET", base, token: other).status, 403)
        XCTAssertEqual(try h.admin("GET", base + "/\(c["id"]!)/messages", token: other).status, 403)
        let elsewhere = try h.admin("GET", otherBase, token: other)
        XCTAssertEqual((elsewhere.json["conversations"] as? [Any])?.count, 0, elsewhere.text)
        XCTAssertEqual(try h.admin("GET", otherBase + "/\(c["id"]!)/messages", token: other).errorCode, "conversation_not_found")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_events_club.conversations"), 0)
    }

    func test_racedIdenticalReplies_storeAndSendOneMessage_andAnswerTheWait() throws {
        let support = try h.staffToken("coffee-shop", role: .support)
        try write(Self.ann, ["text": "hello?"])
        let id = try conversationID(Self.ann)
        let answers = try h.raceAdmin(
            Harness.heldRacers, "POST", base + "/\(id)/messages", token: support,
            body: ["client_id": "c-1", "text": "Hi <Ann> & welcome"],
            behind: "SELECT 1 FROM t_coffee_shop.conversations WHERE id = \(id) FOR UPDATE")
        assertOneWinner(answers, "201", rest: "200")
        let ids = Set(answers.compactMap { ($0.json["message"] as? [String: Any])?["id"] as? Int })
        XCTAssertEqual(ids.count, 1)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.jobs WHERE kind = 'dialogs.reply'"), 1)
        let queued = try XCTUnwrap(answers.first?.json["message"] as? [String: Any])
        XCTAssertEqual(delivery(queued)["state"] as? String, "queued")

        XCTAssertEqual(try h.context.jobs.runDue().done, 1)
        let sent = simulator.sentMessages(botID: bot, chatID: Self.ann.id)
        XCTAssertEqual(sent.compactMap { $0["text"]?.stringValue }, ["Hi <Ann> & welcome"])
        let thread = try messages(id, token: support)
        XCTAssertEqual(thread.first?["direction"] as? String, "out")
        XCTAssertEqual(delivery(thread[0])["state"] as? String, "sent")
        XCTAssertEqual(thread[0]["telegram_message_id"] as? Int, sent.first?["message_id"]?.intValue.map(Int.init))
        XCTAssertTrue((thread[0]["author"] as? String)?.hasPrefix("staff_token:") ?? false)
        let c = try XCTUnwrap(try conversations(token: support).first)
        XCTAssertTrue(c["waiting_since"] is NSNull, "answered")
        // The same client id with another text is refused; a bad body changes nothing.
        let reused = try h.admin("POST", base + "/\(id)/messages", token: support, body: ["client_id": "c-1", "text": "other"])
        XCTAssertEqual(reused.errorCode, "client_id_reused")
        let bad = try h.admin("POST", base + "/\(id)/messages", token: support, body: ["client_id": "c-2", "text": "", "x": 1])
        XCTAssertEqual(bad.status, 422)
        XCTAssertEqual(bad.detailFields, ["text", "x"])
        XCTAssertEqual(try h.admin("POST", base + "/999999/messages", token: support, body: ["client_id": "c", "text": "t"]).errorCode, "conversation_not_found")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.messages WHERE direction = 'out'"), 1)
        XCTAssertEqual(try h.admin("POST", base + "/\(id)/messages", token: try h.staffToken("coffee-shop", role: .analyst), body: ["client_id": "c", "text": "t"]).errorCode, "forbidden_role")
    }

    func test_429_isRetriedAfterRetryAfter() throws {
        let support = try h.staffToken("coffee-shop", role: .support)
        try write(Self.ann, ["text": "hello?"])
        let id = try conversationID(Self.ann)
        simulator.injectFault(botID: bot, method: "sendMessage", count: 1, retryAfter: 40)
        XCTAssertEqual(try h.admin("POST", base + "/\(id)/messages", token: support, body: ["client_id": "a", "text": "Hi"]).status, 201)

        XCTAssertEqual(try h.context.jobs.runDue().retried, 1)
        XCTAssertEqual(simulator.sentMessages(botID: bot, chatID: Self.ann.id).count, 0)
        let waiting = try messages(id, token: support)[0]
        XCTAssertEqual(delivery(waiting)["state"] as? String, "queued")
        XCTAssertEqual(delivery(waiting)["error"] as? String, "Bot API 429: Too Many Requests: retry after 40")
        // Not before retry_after: the job's next run is 40 s after its attempt (nothing runs now).
        XCTAssertEqual(
            try h.count(
                "SELECT count(*) FROM t_coffee_shop.jobs WHERE kind = 'dialogs.reply' AND state = 'queued' AND run_at >= now() + interval '30 seconds'"),
            1)
        XCTAssertEqual(try h.context.jobs.runDue().ran, 0)
        try h.pool.execute("UPDATE t_coffee_shop.jobs SET run_at = now() WHERE kind = 'dialogs.reply'")
        XCTAssertEqual(try h.context.jobs.runDue().done, 1)
        XCTAssertEqual(simulator.sentMessages(botID: bot, chatID: Self.ann.id).compactMap { $0["text"]?.stringValue }, ["Hi"])
        XCTAssertEqual(delivery(try messages(id, token: support)[0])["state"] as? String, "sent")
    }

    func test_blockedBot_failsTheReplyWithTelegramsReason_andMarksTheParticipantUnreachable() throws {
        let support = try h.staffToken("coffee-shop", role: .support)
        try write(Self.bob, ["text": "bye"])
        let id = try conversationID(Self.bob)
        simulator.setBlocked(botID: bot, user: Self.bob, blocked: true, notify: false)
        XCTAssertEqual(try h.admin("POST", base + "/\(id)/messages", token: support, body: ["client_id": "a", "text": "wait"]).status, 201)

        XCTAssertEqual(try h.context.jobs.runDue().dead, 1)
        let failed = try messages(id, token: support)[0]
        XCTAssertEqual(delivery(failed)["state"] as? String, "failed")
        XCTAssertEqual(delivery(failed)["error"] as? String, "Forbidden: bot was blocked by the user")
        let c = try XCTUnwrap(try conversations(token: support).first)
        XCTAssertEqual((c["participant"] as? [String: Any])?["reachable"] as? Bool, false)
        XCTAssertEqual((c["last_message"] as? [String: Any])?["delivery"] as? String, "failed")
    }

    func test_stateAssigneeFiltersSearchAndCursors() throws {
        let me = try h.staffToken("coffee-shop", role: .support)
        try write(Self.ann, ["text": "where is my order"])
        try write(Self.bob, ["contact": ["phone_number": "+100", "first_name": "Bob"]])
        let ann = try conversationID(Self.ann), bob = try conversationID(Self.bob)

        let patched = try h.admin("PATCH", base + "/\(ann)", token: me, body: ["state": "pending", "assignee": "me"])
        XCTAssertEqual(patched.status, 200, patched.text)
        let assignee = try XCTUnwrap((patched.json["conversation"] as? [String: Any])?["assignee"] as? String)
        XCTAssertTrue(assignee.hasPrefix("staff_token:"))
        XCTAssertEqual(try conversations("?assignee=me", token: me).map { $0["id"] as? Int }, [ann])
        XCTAssertEqual(try conversations("?assignee=none", token: me).map { $0["id"] as? Int }, [bob])
        XCTAssertEqual(try conversations("?state=pending", token: me).map { $0["id"] as? Int }, [ann])
        XCTAssertEqual(try conversations("?q=ORDER", token: me).map { $0["id"] as? Int }, [ann], "text search")
        XCTAssertEqual(try conversations("?q=bo", token: me).map { $0["id"] as? Int }, [bob], "name search")
        XCTAssertEqual(try conversations("?q=%25", token: me).count, 0, "wildcards are literal")
        let bad = try h.admin("PATCH", base + "/\(ann)", token: me, body: ["state": "gone", "assignee": "ann"])
        XCTAssertEqual(bad.detailFields, ["state", "assignee"])
        XCTAssertEqual(try h.admin("PATCH", base + "/999999", token: me, body: ["state": "open"]).errorCode, "conversation_not_found")
        let unassigned = try h.admin("PATCH", base + "/\(ann)", token: me, body: ["assignee": NSNull()])
        XCTAssertTrue((unassigned.json["conversation"] as? [String: Any])?["assignee"] is NSNull, unassigned.text)

        // A customer's message reopens a pending conversation.
        try write(Self.ann, ["text": "hello again"])
        XCTAssertEqual(try conversations("?state=open", token: me).count, 2)

        // Pages of one, by last message and by waiting time, cover every conversation once.
        for (sort, expected) in [("last_message", [ann, bob]), ("waiting", [ann, bob])] {
            var seen: [Int] = []
            var cursor: String?
            repeat {
                let query = "?limit=1&sort=\(sort)" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try h.admin("GET", base + query, token: me)
                XCTAssertEqual(page.status, 200, page.text)
                seen += (page.json["conversations"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
                cursor = page.json["next_cursor"] as? String
            } while cursor != nil && seen.count < 5
            XCTAssertEqual(seen, expected, sort)
        }
        XCTAssertEqual(try h.admin("GET", base + "?cursor=nope", token: me).errorCode, "validation_failed")
    }

    /// Long polling: a poll waiting on `after` answers with the customer's message once it is
    /// stored, together with the reply's own row when staff answer.
    func test_longPoll_answersWithNewMessagesOfTheTenant() throws {
        let support = try h.staffToken("coffee-shop", role: .support)
        let start = try h.admin("GET", "/admin/api/v1/coffee-shop/dialog-updates", token: support)
        XCTAssertEqual(start.status, 200, start.text)
        let after = try XCTUnwrap(start.json["next_after"] as? Int)
        XCTAssertEqual(try h.admin("GET", "/admin/api/v1/coffee-shop/dialog-updates?after=\(after)&wait=26", token: support).errorCode, "validation_failed")
        XCTAssertEqual(try h.admin("GET", "/admin/api/v1/coffee-shop/dialog-updates?after=-1", token: support).errorCode, "validation_failed")

        let poll = DispatchSemaphore(value: 0)
        let box = PollBox()
        nonisolated(unsafe) let h = self.h!
        let path = "/admin/api/v1/coffee-shop/dialog-updates?after=\(after)&wait=25"
        Thread {
            let reply = try? h.admin("GET", path, token: support)
            box.reply.withLock { $0 = reply }
            poll.signal()
        }.start()
        // The poll is waiting once the server has counted it in (it holds one of the waiting slots).
        let area = try XCTUnwrap(h.context.area(DialogsArea.self))
        let giveUp = Date().addingTimeInterval(20)
        while area.waitingPolls == 0 && Date() < giveUp { Thread.sleep(forTimeInterval: 0.01) }
        XCTAssertEqual(area.waitingPolls, 1, "the poll never started waiting")
        try write(Self.ann, ["text": "anyone?"])
        poll.wait()
        let answer = try XCTUnwrap(box.reply.withLock { $0 })
        XCTAssertEqual(answer.status, 200, answer.text)
        let messages = answer.json["messages"] as? [[String: Any]] ?? []
        XCTAssertEqual(messages.map { $0["text"] as? String }, ["anyone?"])
        XCTAssertEqual(messages.first?["conversation_id"] as? Int, try conversationID(Self.ann))
        XCTAssertEqual(answer.json["waited"] as? Bool, true)
        let next = try XCTUnwrap(answer.json["next_after"] as? Int)

        XCTAssertEqual(try h.admin("POST", base + "/\(try conversationID(Self.ann))/messages", token: support, body: ["client_id": "x", "text": "yes"]).status, 201)
        let again = try h.admin("GET", "/admin/api/v1/coffee-shop/dialog-updates?after=\(next)&wait=25", token: support)
        XCTAssertEqual((again.json["messages"] as? [[String: Any]])?.map { $0["direction"] as? String }, ["out"], again.text)
        XCTAssertEqual(again.json["waited"] as? Bool, false, "something was new: no waiting")
        let other = try h.staffToken("events-club")
        let elsewhere = try h.admin("GET", "/admin/api/v1/events-club/dialog-updates?after=0", token: other)
        XCTAssertEqual((elsewhere.json["messages"] as? [Any])?.count, 0, elsewhere.text)
    }

    /// Waiting polls hold no server worker: more polls wait than the server has workers, other
    /// requests are still answered, and one customer message (announced by NOTIFY) answers every
    /// poll of that tenant, and none of another tenant.
    func test_longPolls_holdNoWorker_andAMessageWakesEveryPollOfItsTenantOnly() throws {
        let support = try h.staffToken("coffee-shop", role: .support)
        let clubToken = try h.staffToken("events-club", role: .support)
        let after = try XCTUnwrap(
            try h.admin("GET", "/admin/api/v1/coffee-shop/dialog-updates", token: support).json["next_after"] as? Int)
        let workers = h.server.configuration.workerThreads
        let polls = workers * 3
        let area = try XCTUnwrap(h.context.area(DialogsArea.self))
        let done = DispatchGroup()
        let replies = Mutex<[Harness.Reply]>([])
        nonisolated(unsafe) let h = self.h!
        for _ in 0..<polls {
            done.enter()
            Thread {
                if let reply = try? h.admin(
                    "GET", "/admin/api/v1/coffee-shop/dialog-updates?after=\(after)&wait=25", token: support)
                {
                    replies.withLock { $0.append(reply) }
                }
                done.leave()
            }.start()
        }
        let club = DispatchSemaphore(value: 0)
        let clubReply = PollBox()
        Thread {
            let reply = try? h.admin("GET", "/admin/api/v1/events-club/dialog-updates?after=0&wait=25", token: clubToken)
            clubReply.reply.withLock { $0 = reply }
            club.signal()
        }.start()
        let giveUp = Date().addingTimeInterval(20)
        while area.waitingPolls < polls + 1 && Date() < giveUp { Thread.sleep(forTimeInterval: 0.01) }
        XCTAssertEqual(area.waitingPolls, polls + 1, "every poll waits, \(polls + 1) > \(workers) workers")
        XCTAssertEqual(try h.admin("GET", base, token: support).status, 200, "a worker is free for other requests")

        try write(Self.ann, ["text": "hello all"])
        done.wait()
        let answered = replies.withLock { $0 }
        XCTAssertEqual(answered.count, polls)
        for reply in answered {
            XCTAssertEqual(reply.status, 200, reply.text)
            XCTAssertEqual((reply.json["messages"] as? [[String: Any]])?.map { $0["text"] as? String }, ["hello all"])
        }
        // The other tenant's poll still waits; stopping the area answers it at once, empty.
        XCTAssertEqual(area.waitingPolls, 1)
        h.context.stopAreas()
        club.wait()
        let clubAnswer = try XCTUnwrap(clubReply.reply.withLock { $0 })
        XCTAssertEqual(clubAnswer.status, 200, clubAnswer.text)
        XCTAssertEqual((clubAnswer.json["messages"] as? [Any])?.count, 0)
        XCTAssertEqual(clubAnswer.json["waited"] as? Bool, true)
    }

    func test_photoAndDocumentReplies_areUploaded_andTooBigOrBadFilesAre422() throws {
        let support = try h.staffToken("coffee-shop", role: .support)
        try write(Self.ann, ["text": "send me the menu"])
        let id = try conversationID(Self.ann)
        // A PNG head (signature, IHDR of 2 × 3) and bytes of every kind after it.
        let bytes: [UInt8] =
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 2, 0, 0, 0, 3]
            + [0x00, 0x0A, 0x0D, 0x80, 0x7F, 0xFF]
        let photo = try h.admin(
            "POST", base + "/\(id)/messages", token: support,
            body: ["client_id": "p", "text": "<i>today</i>", "photo": ["base64": Data(bytes).base64EncodedString(), "file_name": "menu.png", "mime_type": "image/png"]])
        XCTAssertEqual(photo.status, 201, photo.text)
        let document = try h.admin(
            "POST", base + "/\(id)/messages", token: support,
            body: ["client_id": "d", "document": ["base64": Data("%PDF-1".utf8).base64EncodedString(), "file_name": "menu.pdf", "mime_type": "application/pdf"]])
        XCTAssertEqual(document.status, 201, document.text)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.message_uploads"), 2)

        XCTAssertEqual(try h.context.jobs.runDue().done, 2)
        let sent = simulator.sentMessages(botID: bot, chatID: Self.ann.id)
        let photoID = try XCTUnwrap(sent.compactMap { $0["photo"]?.arrayValue?.last?["file_id"]?.stringValue }.first)
        XCTAssertEqual(simulator.fileBytes(botID: bot, fileID: photoID), bytes)
        XCTAssertEqual(sent.compactMap { $0["caption"]?.stringValue }, ["<i>today</i>"])
        let documentID = try XCTUnwrap(sent.compactMap { $0["document"]?["file_id"]?.stringValue }.first)
        XCTAssertEqual(simulator.fileBytes(botID: bot, fileID: documentID), Array("%PDF-1".utf8))
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.message_uploads"), 0, "sent files are not kept")
        let thread = try messages(id, token: support)
        XCTAssertEqual(thread.prefix(2).map { $0["kind"] as? String }, ["document", "photo"])
        XCTAssertEqual((thread[1]["attachment"] as? [String: Any])?["file_name"] as? String, "menu.png")

        let big = Data(repeating: 1, count: 700_001).base64EncodedString()
        let tooBig = try h.admin(
            "POST", base + "/\(id)/messages", token: support, body: ["client_id": "b", "photo": ["base64": big, "file_name": "a.jpg"]])
        XCTAssertEqual(tooBig.detailFields, ["photo.base64"], tooBig.text)
        let bad = try h.admin(
            "POST", base + "/\(id)/messages", token: support,
            body: ["client_id": "c", "photo": ["base64": "!!", "file_name": "../a", "mime_type": "text/html", "x": 1]])
        XCTAssertEqual(bad.detailFields, ["photo.base64", "photo.file_name", "photo.mime_type", "photo.x"], bad.text)
        let both = try h.admin(
            "POST", base + "/\(id)/messages", token: support,
            body: ["client_id": "e", "photo": ["base64": "AA==", "file_name": "a.jpg"], "document": ["base64": "AA==", "file_name": "a"]])
        XCTAssertEqual(both.detailFields, ["document"], both.text)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.messages WHERE direction = 'out'"), 2)
    }
}

/// Carries a poll's answer from its thread back to the test.
private final class PollBox: Sendable {
    let reply = Mutex<Harness.Reply?>(nil)
}
