import AppAPI
import Foundation
import Kernel
import Postgres
import Staff
import Synchronization
import Telegram
import TelegramSimulator
import TesseraJSON
import TesseraLog
import Tenancy
import XCTest

/// The staff forum group over the simulator: linking checks, a topic per customer, messages both
/// ways, close/reopen both ways, deleted topics, strangers, racing first messages and flood control.
final class DialogsForumTests: XCTestCase {
    var simulator: TelegramSimulator!
    var h: Harness!
    var bot: Int64 = 0
    let base = "/admin/api/v1/coffee-shop/dialogs"
    let forum = "/admin/api/v1/coffee-shop/dialog-forum"

    static let ann = TelegramUser(id: 710_101, firstName: "Ann", lastName: "Lee", username: "ann_l", languageCode: "en")
    static let bob = TelegramUser(id: 710_102, firstName: "Bob", languageCode: "ru")
    /// Staff members' own Telegram accounts, and someone else in the group.
    static let sue = TelegramUser(id: 720_001, firstName: "Sue", languageCode: "en")
    static let ada = TelegramUser(id: 720_002, firstName: "Ada", languageCode: "en")
    static let stranger = TelegramUser(id: 720_099, firstName: "Mallory", languageCode: "en")

    override func setUpWithError() throws {
        simulator = TelegramSimulator(logger: Logger(label: "sim", minimumLevel: .error))
        try simulator.start()
        bot = try simulator.addBot(token: Harness.tokens["coffee-shop"]!, username: "coffee_bot")
        var updates = UpdateJobs.Settings()
        updates.minimumAge = 0
        let client = BotAPIClient(baseURL: simulator.baseURL, timeout: 5, retryPolicy: RetryPolicy(maxAttempts: 2, maxRetryAfter: 1))
        h = try Harness(botAPI: client, updates: updates)
        let registrar = WebhookRegistrar(pool: h.pool, masterKey: Harness.masterKey, client: client, publicBaseURL: h.baseURL)
        try registrar.register(try TenantSlug("coffee-shop"))
    }

    override func tearDown() {
        h?.stop()
        simulator?.shutdown()
    }

    // MARK: Helpers

    /// A staff person of coffee-shop with `role`, linked to Telegram account `user`.
    func linkedStaff(_ user: TelegramUser, role: StaffRole, name: String) throws {
        let tenantID = h.registry.tenant("coffee-shop")!.id
        try h.pool.transaction { conn in
            let directory = StaffDirectory()
            let person = try directory.findOrCreate(email: try EmailAddress("\(name.lowercased())@example.com"), displayName: name, conn)
            try directory.addMember(personID: person.id, tenantID: tenantID, role: role, conn)
            try directory.linkTelegram(userID: user.id, personID: person.id, conn)
        }
    }

    /// A forum group linked through the API; its chat id.
    func linkedGroup() throws -> Int64 {
        let chat = try XCTUnwrap(simulator.addGroup(botID: bot, title: "Coffee support"))
        let reply = try h.admin("PUT", forum, token: try h.staffToken("coffee-shop", role: .owner), body: ["chat_id": chat])
        XCTAssertEqual(reply.status, 200, reply.text)
        return chat
    }

    func write(_ user: TelegramUser, _ content: JSONValue) throws {
        XCTAssertTrue(try simulator.sendUserMessage(botID: bot, user: user, content: content).delivered)
    }

    func conversationID(_ user: TelegramUser) throws -> Int {
        Int(try h.count(
            """
            SELECT c.id FROM t_coffee_shop.conversations c JOIN t_coffee_shop.participants p ON p.id = c.participant_id
            WHERE p.telegram_id = \(user.id)
            """))
    }

    func thread(_ user: TelegramUser) throws -> Int64 {
        try h.count(
            """
            SELECT coalesce(c.forum_thread_id, 0) FROM t_coffee_shop.conversations c
            JOIN t_coffee_shop.participants p ON p.id = c.participant_id WHERE p.telegram_id = \(user.id)
            """)
    }

    func topics(_ chat: Int64) -> [JSONValue] { simulator.topics(botID: bot, chatID: chat) }

    /// The messages in topic `thread`, service messages left out.
    func topicMessages(_ chat: Int64, _ thread: Int64) -> [JSONValue] {
        simulator.chatMessages(botID: bot, chatID: chat).filter {
            $0["message_thread_id"]?.intValue == thread && $0["forum_topic_created"] == nil
                && $0["forum_topic_closed"] == nil && $0["forum_topic_reopened"] == nil
        }
    }

    func runJobs() throws {
        // Jobs enqueued by jobs (a sent reply's copy into the topic) run in the next pass.
        while try h.context.jobs.runDue().ran > 0 {}
    }

    func state(_ conversation: Int) throws -> String? {
        let token = try h.staffToken("coffee-shop", role: .support)
        return (try h.admin("GET", base + "/\(conversation)", token: token).json["conversation"] as? [String: Any])?["state"] as? String
    }

    func forumInfo() throws -> [String: Any]? {
        let reply = try h.admin("GET", forum, token: try h.staffToken("coffee-shop", role: .analyst))
        XCTAssertEqual(reply.status, 200, reply.text)
        return reply.json["forum"] as? [String: Any]
    }

    // MARK: Tests

    func test_link_refusesWhatIsNotAForumTheBotManages_withAClear422Each() throws {
        let owner = try h.staffToken("coffee-shop", role: .owner)
        func put(_ chat: Any) throws -> Harness.Reply { try h.admin("PUT", forum, token: owner, body: ["chat_id": chat]) }
        let plain = try XCTUnwrap(simulator.addGroup(botID: bot, title: "Plain", isForum: false))
        let member = try XCTUnwrap(simulator.addGroup(botID: bot, title: "Member", botStatus: "member"))
        let noRights = try XCTUnwrap(simulator.addGroup(botID: bot, title: "No rights", canManageTopics: false))
        for (chat, code) in [
            (plain, "forum_not_a_forum"), (member, "forum_bot_not_admin"), (noRights, "forum_no_topic_rights"),
            (-100_999_999, "forum_chat_not_found"),
        ] {
            let reply = try put(chat)
            XCTAssertEqual(reply.status, 422, reply.text)
            XCTAssertEqual(reply.errorCode, code, reply.text)
            XCTAssertEqual(reply.detailFields, ["chat_id"])
        }
        XCTAssertEqual(try put("-100").detailFields, ["chat_id"])
        XCTAssertEqual(try put(42).detailFields, ["chat_id"])
        let unknown = try h.admin("PUT", forum, token: owner, body: ["chat_id": -1, "x": 1])
        XCTAssertEqual(unknown.detailFields, ["x"])
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.forum_link"), 0, "nothing changed")
        XCTAssertEqual(
            try h.admin("PUT", forum, token: try h.staffToken("coffee-shop", role: .manager), body: ["chat_id": plain]).errorCode,
            "forbidden_role")
        XCTAssertNil(try forumInfo())

        let good = try XCTUnwrap(simulator.addGroup(botID: bot, title: "Coffee support"))
        let linked = try put(good)
        XCTAssertEqual(linked.status, 200, linked.text)
        let info = try XCTUnwrap(try forumInfo())
        XCTAssertEqual(info["chat_id"] as? Int, Int(good))
        XCTAssertEqual(info["title"] as? String, "Coffee support")
        XCTAssertEqual(info["state"] as? String, "linked")
        XCTAssertEqual(try h.admin("DELETE", forum, token: owner).status, 200)
        XCTAssertNil(try forumInfo())
    }

    func test_wholeLoop_customerToTopic_topicToCustomer_officeReplyToTopic_closeAndReopenBothWays() throws {
        try linkedStaff(Self.sue, role: .support, name: "Sue")
        try write(Self.ann, ["text": "before the group"])
        let chat = try linkedGroup()
        try runJobs()
        XCTAssertTrue(topics(chat).isEmpty, "messages from before the link are not copied")

        try write(Self.ann, ["text": "where is my <b>order</b>?"])
        try write(Self.ann, ["photo": ["file_name": "receipt.jpg"], "caption": "the receipt"])
        try runJobs()
        let id = try conversationID(Self.ann)
        let all = topics(chat)
        XCTAssertEqual(all.count, 1)
        XCTAssertEqual(all.first?["name"]?.stringValue, "Ann Lee (@ann_l) · #\(id)")
        XCTAssertTrue(ForumTopic.iconColors.contains(all.first?["icon_color"]?.intValue ?? 0))
        let thread = try thread(Self.ann)
        XCTAssertEqual(all.first?["message_thread_id"]?.intValue, thread)
        var inTopic = topicMessages(chat, thread)
        XCTAssertEqual(inTopic.map { $0["text"]?.stringValue ?? $0["caption"]?.stringValue }, ["where is my <b>order</b>?", "the receipt"])
        XCTAssertNotNil(inTopic.last?["photo"])

        // Sue answers in the topic: the customer gets a copy, the office shows it as Sue's.
        XCTAssertTrue(try simulator.sendGroupMessage(botID: bot, chatID: chat, from: Self.sue, threadID: thread, content: ["text": "On its way!"]).delivered)
        let support = try h.staffToken("coffee-shop", role: .support)
        var thread0 = try h.admin("GET", base + "/\(id)/messages", token: support).json["messages"] as? [[String: Any]] ?? []
        XCTAssertEqual(thread0.first?["text"] as? String, "On its way!")
        XCTAssertEqual((thread0.first?["delivery"] as? [String: Any])?["state"] as? String, "queued")
        try runJobs()
        XCTAssertEqual(simulator.sentMessages(botID: bot, chatID: Self.ann.id).compactMap { $0["text"]?.stringValue }, ["On its way!"])
        thread0 = try h.admin("GET", base + "/\(id)/messages", token: support).json["messages"] as? [[String: Any]] ?? []
        XCTAssertEqual((thread0.first?["delivery"] as? [String: Any])?["state"] as? String, "sent")
        let sue = try h.count("SELECT id FROM platform.staff_people WHERE telegram_user_id = \(Self.sue.id)")
        XCTAssertEqual(thread0.first?["author"] as? String, "staff_person:\(sue)")
        let conversation = try h.admin("GET", base + "/\(id)", token: support).json["conversation"] as? [String: Any]
        XCTAssertTrue(conversation?["waiting_since"] is NSNull, "answered")

        // An office reply goes to the customer and, marked, into the topic.
        XCTAssertEqual(try h.admin("POST", base + "/\(id)/messages", token: support, body: ["client_id": "r1", "text": "Anything else?"]).status, 201)
        try runJobs()
        XCTAssertEqual(simulator.sentMessages(botID: bot, chatID: Self.ann.id).compactMap { $0["text"]?.stringValue }, ["On its way!", "Anything else?"])
        inTopic = topicMessages(chat, thread)
        XCTAssertEqual(inTopic.last?["text"]?.stringValue, "Anything else?\n\n— test, via back office")
        XCTAssertEqual(topics(chat).count, 1)

        // Closing in the office closes the topic; reopening reopens it.
        let manager = try h.staffToken("coffee-shop", role: .manager)
        XCTAssertEqual(try h.admin("PATCH", base + "/\(id)", token: manager, body: ["state": "closed"]).status, 200)
        try runJobs()
        XCTAssertEqual(topics(chat).first?["closed"]?.boolValue, true)
        XCTAssertEqual(try h.admin("PATCH", base + "/\(id)", token: manager, body: ["state": "open"]).status, 200)
        try runJobs()
        XCTAssertEqual(topics(chat).first?["closed"]?.boolValue, false)

        // A human closing or reopening the topic in Telegram sets the conversation's state.
        XCTAssertTrue(try simulator.setTopicClosed(botID: bot, chatID: chat, threadID: thread, closed: true, by: Self.sue).delivered)
        XCTAssertEqual(try state(id), "closed")
        XCTAssertTrue(try simulator.setTopicClosed(botID: bot, chatID: chat, threadID: thread, closed: false, by: Self.sue).delivered)
        XCTAssertEqual(try state(id), "open")

        // A customer writing into a conversation closed in the office reopens it and its topic.
        XCTAssertEqual(try h.admin("PATCH", base + "/\(id)", token: manager, body: ["state": "closed"]).status, 200)
        try runJobs()
        try write(Self.ann, ["text": "one more thing"])
        try runJobs()
        XCTAssertEqual(try state(id), "open")
        XCTAssertEqual(topics(chat).first?["closed"]?.boolValue, false)
        XCTAssertEqual(topicMessages(chat, thread).last?["text"]?.stringValue, "one more thing")
        XCTAssertEqual(try forumInfo()?["topics"] as? Int, 1)
    }

    func test_topicDeletedByAHuman_isRecreatedAndRemembered() throws {
        let chat = try linkedGroup()
        try write(Self.bob, ["text": "hi"])
        try runJobs()
        let first = try thread(Self.bob)
        XCTAssertGreaterThan(first, 0)
        try simulator.deleteTopic(botID: bot, chatID: chat, threadID: first)

        try write(Self.bob, ["text": "anyone?"])
        try runJobs()
        let second = try thread(Self.bob)
        XCTAssertNotEqual(second, first)
        XCTAssertEqual(topics(chat).map { $0["message_thread_id"]?.intValue }, [second])
        XCTAssertEqual(topicMessages(chat, second).compactMap { $0["text"]?.stringValue }, ["anyone?"])
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.jobs WHERE kind LIKE 'dialogs.forum%' AND state <> 'done'"), 0)
    }

    func test_messagesFromStrangersOtherRolesBotsAndCommands_areNotSent_butCounted() throws {
        try linkedStaff(Self.ada, role: .analyst, name: "Ada")
        try linkedStaff(Self.sue, role: .support, name: "Sue")
        let chat = try linkedGroup()
        try write(Self.ann, ["text": "hello"])
        try runJobs()
        let thread = try thread(Self.ann)
        let before = try h.count("SELECT count(*) FROM t_coffee_shop.messages")

        for (user, text) in [(Self.stranger, "I am not staff"), (Self.ada, "analysts only read"), (Self.sue, "/help")] {
            XCTAssertTrue(try simulator.sendGroupMessage(botID: bot, chatID: chat, from: user, threadID: thread, content: ["text": .string(text)]).delivered)
        }
        // Staff outside any customer's topic (the General topic) reach no one either.
        XCTAssertTrue(try simulator.sendGroupMessage(botID: bot, chatID: chat, from: Self.sue, content: ["text": "team chat"]).delivered)
        // Another bot in the group.
        let botMessage: JSONObject = [
            "message_id": 9_001, "message_thread_id": .int(thread), "is_topic_message": true, "date": 1_700_000_000,
            "from": ["id": 5_555, "is_bot": true, "first_name": "Other bot"],
            "chat": ["id": .int(chat), "type": "supergroup", "title": "Coffee support", "is_forum": true], "text": "beep",
        ]
        XCTAssertTrue(simulator.pushRaw(botID: bot, update: ["message": .object(botMessage)]).delivered)
        try runJobs()

        XCTAssertEqual(simulator.sentMessages(botID: bot, chatID: Self.ann.id).count, 0)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.messages"), before)
        XCTAssertEqual(try forumInfo()?["ignored_messages"] as? Int, 5)
    }

    func test_twoFirstMessagesAtOnce_makeOneTopic() throws {
        let chat = try linkedGroup()
        try write(Self.ann, ["text": "one"])
        try write(Self.ann, ["text": "two"])
        let id = try conversationID(Self.ann)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.jobs WHERE kind = 'dialogs.forum_copy' AND state = 'queued'"), 2)
        // A second runner with the same handlers, as another process would have.
        let other = JobRunner(pool: h.pool, schemas: { [try! Identifier("t_coffee_shop")] })
        for area in h.context.areas { area.registerJobs(on: other) }

        // Both jobs are provably inside their topic step at once: both wait on the topic lock the
        // test holds (two sessions waiting on a lock) before it is let go.
        let gate = try PostgresConnection(configuration: h.configuration)
        try gate.execute("BEGIN")
        try gate.execute(SQL(unsafe: "SELECT pg_advisory_xact_lock(hashtextextended('t_coffee_shop.forum_topic.\(id)', 0))"))
        let group = DispatchGroup()
        let failures = Mutex<[String]>([])
        for runner in [h.context.jobs, other] {
            group.enter()
            Thread {
                do { try runner.runDue() } catch { failures.withLock { $0.append("\(error)") } }
                group.leave()
            }.start()
        }
        var waiting: Int64 = 0
        let deadline = Date().addingTimeInterval(30)
        while waiting < 2, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.005)
            try gate.execute("SELECT pg_stat_clear_snapshot()")
            waiting = try gate.query(
                """
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()
                """
            ).first!.decode(Int64.self, 0)
        }
        try gate.execute("COMMIT")
        group.wait()
        XCTAssertEqual(waiting, 2, "both jobs waited for the topic at once")
        XCTAssertEqual(failures.withLock { $0 }, [])

        XCTAssertEqual(topics(chat).count, 1)
        let thread = try thread(Self.ann)
        XCTAssertEqual(Set(topicMessages(chat, thread).compactMap { $0["text"]?.stringValue }), ["one", "two"])
    }

    func test_429_isRetriedAfterRetryAfter() throws {
        let chat = try linkedGroup()
        simulator.injectFault(botID: bot, method: "createForumTopic", count: 1, retryAfter: 40)
        try write(Self.ann, ["text": "hello"])
        XCTAssertEqual(try h.context.jobs.runDue().retried, 1)
        XCTAssertTrue(topics(chat).isEmpty)
        XCTAssertEqual(
            try h.count(
                """
                SELECT count(*) FROM t_coffee_shop.jobs WHERE kind = 'dialogs.forum_copy' AND state = 'queued'
                AND run_at >= now() + interval '30 seconds' AND last_error LIKE '%429%'
                """), 1)
        XCTAssertEqual(try h.context.jobs.runDue().ran, 0, "not before retry_after")
        try h.pool.execute("UPDATE t_coffee_shop.jobs SET run_at = now() WHERE kind = 'dialogs.forum_copy'")
        XCTAssertEqual(try h.context.jobs.runDue().done, 1)
        XCTAssertEqual(topics(chat).count, 1)
        XCTAssertEqual(topicMessages(chat, try thread(Self.ann)).compactMap { $0["text"]?.stringValue }, ["hello"])
    }

    func test_botRemovedFromTheGroup_marksTheLinkBroken_untilLinkedAgain() throws {
        let chat = try linkedGroup()
        simulator.addGroup(botID: bot, id: chat, botStatus: "kicked")
        try write(Self.ann, ["text": "hello"])
        XCTAssertEqual(try h.context.jobs.runDue().dead, 1)
        let info = try XCTUnwrap(try forumInfo())
        XCTAssertEqual(info["state"] as? String, "broken")
        XCTAssertEqual(info["broken_reason"] as? String, "Forbidden: bot is not a member of the supergroup chat")
        // Nothing more is queued for a broken link; linking again (the bot back as admin) heals it.
        try write(Self.ann, ["text": "again"])
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.jobs WHERE kind = 'dialogs.forum_copy'"), 1)
        simulator.addGroup(botID: bot, id: chat, botStatus: "administrator")
        let owner = try h.staffToken("coffee-shop", role: .owner)
        XCTAssertEqual(try h.admin("PUT", forum, token: owner, body: ["chat_id": chat]).status, 200)
        XCTAssertEqual(try forumInfo()?["state"] as? String, "linked")
        XCTAssertTrue(info["broken_at"] is String)
    }

    func test_linkOfficeCommand_fromALinkedOwner_linksTheGroup_othersAreRefusedInTheGroup() throws {
        try linkedStaff(Self.sue, role: .support, name: "Sue")
        try linkedStaff(Self.ada, role: .owner, name: "Ada")
        let plain = try XCTUnwrap(simulator.addGroup(botID: bot, title: "No topics", isForum: false))
        let group = try XCTUnwrap(simulator.addGroup(botID: bot, title: "Coffee support"))
        func say(_ user: TelegramUser, _ text: String, in chat: Int64) throws {
            XCTAssertTrue(try simulator.sendGroupMessage(botID: bot, chatID: chat, from: user, content: ["text": .string(text)]).delivered)
        }
        func answers(_ chat: Int64) -> [String] {
            simulator.sentMessages(botID: bot, chatID: chat).compactMap { $0["text"]?.stringValue }
        }

        try say(Self.sue, "/link_office", in: group)
        try say(Self.ada, "/link_office@some_other_bot", in: group)
        try runJobs()
        XCTAssertEqual(answers(group), ["Only an owner of the project whose Telegram account is linked to the back office can link this group."])
        try say(Self.ada, "/link_office", in: plain)
        try runJobs()
        XCTAssertEqual(answers(plain), ["Not linked: the group has no topics: turn on Topics in the group's settings"])
        XCTAssertNil(try forumInfo())

        // Addressed to this tenant's bot (the harness's tenants are @test_bot), in any case.
        try say(Self.ada, "/link_office@Test_bot", in: group)
        try runJobs()
        let info = try XCTUnwrap(try forumInfo())
        XCTAssertEqual(info["chat_id"] as? Int, Int(group))
        let ada = try h.count("SELECT id FROM platform.staff_people WHERE telegram_user_id = \(Self.ada.id)")
        XCTAssertEqual(info["linked_by"] as? String, "staff_person:\(ada)")
        XCTAssertEqual(answers(group).last, "The group «Coffee support» is linked to the back office: each customer's dialog gets its own topic here.")
        // The link is in the audit log under the office's own action, by Ada as owner, via Telegram;
        // the refused attempts left nothing there.
        let owner = try h.staffToken("coffee-shop", role: .owner)
        let log = try h.admin("GET", "/admin/api/v1/coffee-shop/audit?record_type=dialog_forum", token: owner)
        XCTAssertEqual(log.status, 200, log.text)
        let entries = try XCTUnwrap(log.json["entries"] as? [[String: Any]])
        XCTAssertEqual(entries.map { $0["action"] as? String }, ["dialog_forum.update"])
        let entry = try XCTUnwrap(entries.first)
        XCTAssertEqual(entry["role"] as? String, "owner")
        XCTAssertEqual((entry["actor"] as? [String: Any])?["kind"] as? String, "person")
        XCTAssertEqual((entry["actor"] as? [String: Any])?["id"] as? Int, Int(ada))
        let after = try XCTUnwrap(entry["after"] as? [String: Any])
        XCTAssertEqual(after["via"] as? String, "telegram")
        XCTAssertEqual((after["forum"] as? [String: Any])?["chat_id"] as? Int, Int(group))
        // Linked: the next customer gets a topic there.
        try write(Self.ann, ["text": "hello"])
        try runJobs()
        XCTAssertEqual(topics(group).count, 1)
    }
}
