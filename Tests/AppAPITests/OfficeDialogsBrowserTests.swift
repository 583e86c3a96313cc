import Foundation
import Kernel
import Staff
import Telegram
import TelegramSimulator
import TesseraJSON
import XCTest

/// The Dialogs screen in headless Chromium: customers write to the bot through the simulator,
/// staff signed in through the sign-in page read and answer; replies go out through the
/// `dialogs.reply` job to the simulator, and what arrives meanwhile appears without reloading
/// (the long poll). A manager in English, support in Russian, an analyst on a phone.
/// Screenshots: test-artifacts/office-dialogs-*.png.
extension OfficeScreensBrowserTests {
    static let annUser = TelegramUser(id: 710_001, firstName: "Ann", lastName: "Lee", username: "ann_l", languageCode: "en")
    static let bobUser = TelegramUser(id: 710_002, firstName: "Борис", languageCode: "ru")
    static let evilUser = TelegramUser(id: 710_003, firstName: "<img src=x onerror=alert(1)>", languageCode: "en")
    /// A 4 × 4 PNG.
    static let photoBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGN4kKAARwzEcQBIUhYBK8rsWwAAAABJRU5ErkJggg=="

    func customerWrites(_ user: TelegramUser, _ content: JSONValue) throws {
        XCTAssertTrue(try telegram.simulator.sendUserMessage(botID: telegram.bot, user: user, content: content).delivered)
    }

    func conversationOf(_ user: TelegramUser) throws -> Int64 {
        try h.count(
            """
            SELECT c.id FROM t_coffee_shop.conversations c JOIN t_coffee_shop.participants p ON p.id = c.participant_id
            WHERE p.telegram_id = \(user.id)
            """)
    }

    /// A page signed in as `email`, staff of coffee-shop with `role`, in `locale`.
    func dialogsPage(_ role: StaffRole, email: String, locale: String, width: Int = 1280, height: Int = 800) throws -> HeadlessPage {
        let tenantID = h.registry.tenant("coffee-shop")!.id
        let token = try h.pool.withConnection { conn in
            try StaffLinkStore().createInvitation(tenantID: tenantID, role: role, email: try EmailAddress(email), now: Date(), conn).0.value
        }
        let accepted = try h.call(
            "POST", "/office/api/invitations/\(token)/accept",
            body: ["email": email, "name": "Staff \(role.rawValue)", "password": Self.password, "locale": locale])
        XCTAssertEqual(accepted.status, 200, accepted.text)
        let page = try HeadlessPage(width: width, height: height)
        try page.navigate("\(h.baseURL)/office/sign-in")
        try page.wait(for: "document.querySelector('form[data-form=sign-in]') !== null")
        try page.evaluate(
            """
            (() => { const f = document.querySelector('form[data-form=sign-in]');
              f.elements.email.value = '\(email)'; f.elements.password.value = '\(Self.password)'; f.requestSubmit(); })()
            """)
        try page.wait(for: "!location.pathname.startsWith('/office/sign-in') && document.querySelector('main [data-screen]') !== null")
        return page
    }

    /// Types `text` into the composer and presses Enter (Shift+Enter for the line breaks in it).
    func typeAndEnter(_ page: HeadlessPage, _ text: String) throws {
        let literal = String(decoding: JSONValue.string(text).serialized(), as: UTF8.self)
        try page.evaluate(
            """
            (() => { const area = document.querySelector('form[data-form=reply] textarea');
              area.focus(); area.value = \(literal); area.dispatchEvent(new Event('input'));
              area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true, cancelable: true }));
              area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })); })()
            """)
    }

    func test_dialogs_managerInEnglish_readsReplies_andSeesNewMessagesWithoutReloading() throws {
        try customerWrites(Self.annUser, ["text": "Hello!\nIs the café open?"])
        try customerWrites(Self.annUser, ["photo": ["base64": .string(Self.photoBase64)], "caption": "my cup"])
        let id = try conversationOf(Self.annUser)
        let page = try dialogsPage(.manager, email: "max@example.com", locale: "en")

        try page.navigate("\(h.baseURL)/office/coffee-shop/dialogs")
        try ready(page, "dialogs")
        try page.wait(for: "document.querySelector('a[data-conversation=\"\(id)\"] .conversation-name')?.textContent === 'Ann Lee @ann_l'")
        XCTAssertEqual(try text(page, "a[data-conversation] [data-unread]"), "2")
        XCTAssertNotNil(try text(page, "a[data-conversation] [data-waiting]"))
        XCTAssertEqual(try text(page, "a[data-conversation] .conversation-preview"), "my cup")
        XCTAssertEqual(try text(page, "h1"), "Dialogs")
        XCTAssertEqual(try page.evaluate("document.querySelector('[data-link=forum]') === null").boolValue, true, "only owners link the forum")
        try page.screenshot(to: artifacts.appendingPathComponent("office-dialogs-en.png"))
        // The tabs go through the URL: nothing is closed yet, and back returns.
        try page.evaluate("document.querySelector('[data-state=closed]').click()")
        try page.wait(for: "location.search === '?state=closed' && document.querySelector('[data-empty]') !== null")
        try page.evaluate("history.back()")
        try page.wait(for: "location.search === '' && document.querySelector('a[data-conversation]') !== null")

        // The conversation: line breaks kept, the photo shown through the file route, read.
        try page.evaluate("window.__sameDocument = true; document.querySelector('a[data-conversation=\"\(id)\"]').click()")
        try page.wait(for: "location.pathname === '/office/coffee-shop/dialogs/\(id)' && document.querySelector('form[data-form=reply]') !== null")
        try page.wait(for: "document.querySelector('[data-kind=text] .bubble-text')?.textContent === 'Hello!\\nIs the café open?'")
        try page.wait(for: "(() => { const img = document.querySelector('img[data-photo]'); return img?.complete && img.naturalWidth === 4; })()")
        XCTAssertEqual(try text(page, "[data-kind=photo] .bubble-text"), "my cup")
        try page.wait(for: "document.querySelector('a[data-conversation] [data-unread]') === null")
        XCTAssertEqual(try h.count("SELECT unread_count::bigint FROM t_coffee_shop.conversations WHERE id = \(id)"), 0)
        XCTAssertEqual(try text(page, "a[data-participant]"), "Ann Lee @ann_l")
        XCTAssertEqual(
            try page.evaluate("document.querySelector('a[data-participant]').getAttribute('href')").stringValue,
            "/office/coffee-shop/participants/\(try h.count("SELECT participant_id FROM t_coffee_shop.conversations WHERE id = \(id)"))")

        // A reply with Enter; pressing it twice sends one message. It shows queued, then sent.
        try typeAndEnter(page, "Yes, until 8 pm.\nWelcome!")
        try page.evaluate("document.querySelector('form[data-form=reply]').requestSubmit()")
        try page.wait(for: "document.querySelector('[data-direction=out] [data-delivery]') !== null")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.messages WHERE direction = 'out'"), 1)
        XCTAssertEqual(try text(page, "[data-direction=out] .bubble-text"), "Yes, until 8 pm.\nWelcome!")
        XCTAssertEqual(try text(page, "[data-direction=out] .bubble-author"), "You")
        XCTAssertEqual(try h.context.jobs.runDue().done, 1)
        try page.wait(for: "document.querySelector('[data-direction=out] [data-delivery]')?.textContent === 'sent'")
        XCTAssertEqual(
            telegram.simulator.sentMessages(botID: telegram.bot, chatID: Self.annUser.id).compactMap { $0["text"]?.stringValue },
            ["Yes, until 8 pm.\nWelcome!"])

        // The customer answers: it appears without a reload, and is read at once.
        try customerWrites(Self.annUser, ["text": "Thanks <3"])
        try page.wait(for: "[...document.querySelectorAll('[data-direction=in] .bubble-text')].some((b) => b.textContent === 'Thanks <3')")
        XCTAssertEqual(try page.evaluate("window.__sameDocument === true").boolValue, true, "no reload")
        try page.wait(for: "document.querySelector('a[data-conversation=\"\(id)\"] .conversation-preview')?.textContent === 'Thanks <3'")

        // State and assignee.
        try page.evaluate(
            "(() => { const s = document.querySelector('select[data-field=state]'); s.value = 'pending'; s.dispatchEvent(new Event('change')); })()")
        try page.wait(for: "document.querySelector('a[data-conversation=\"\(id)\"] .badge.pending') !== null")
        try page.evaluate(
            "(() => { const s = document.querySelector('select[data-field=assignee]'); s.value = s.options[1].value; s.dispatchEvent(new Event('change')); })()")
        try page.wait(for: "document.querySelector('a[data-conversation] [data-assigned]') !== null")
        XCTAssertEqual(
            try h.count("SELECT count(*) FROM t_coffee_shop.conversations WHERE state = 'pending' AND assignee LIKE 'staff_person:%'"), 1)
        try page.screenshot(to: artifacts.appendingPathComponent("office-dialogs-conversation-en.png"))
    }

    func test_dialogs_supportInRussian_replies_andSeesWhenTheBotIsBlocked() throws {
        try customerWrites(Self.bobUser, ["text": "Здравствуйте! Где мой заказ?"])
        try customerWrites(Self.bobUser, ["contact": ["phone_number": "+79990001122", "first_name": "Борис"]])
        try customerWrites(Self.bobUser, ["voice": ["duration": 3]])
        try customerWrites(Self.bobUser, ["document": ["file_name": "чек.pdf", "mime_type": "application/pdf"]])
        let id = try conversationOf(Self.bobUser)
        let page = try dialogsPage(.support, email: "vera@example.com", locale: "ru")

        try page.navigate("\(h.baseURL)/office/coffee-shop/dialogs/\(id)")
        try ready(page, "dialogs")
        try page.wait(for: "document.querySelector('form[data-form=reply]') !== null && document.querySelector('[data-kind=document]') !== null")
        XCTAssertEqual(try text(page, "h1"), "Диалоги")
        XCTAssertEqual(try text(page, "[data-contact] a"), "+79990001122")
        XCTAssertEqual(try page.evaluate("document.querySelectorAll('audio[data-voice]').length").intValue, 1)
        XCTAssertTrue(try text(page, "a[data-file=document]")?.contains("чек.pdf") ?? false)
        XCTAssertEqual(
            try page.evaluate("document.querySelector('a[data-file=document]').getAttribute('href')").stringValue?.hasSuffix("/file"), true)

        try typeAndEnter(page, "Заказ в пути.")
        try page.wait(for: "document.querySelector('[data-direction=out] [data-delivery]') !== null")
        XCTAssertEqual(try h.context.jobs.runDue().done, 1)
        try page.wait(for: "document.querySelector('[data-direction=out] [data-delivery]')?.textContent === 'отправлено'")
        XCTAssertEqual(
            telegram.simulator.sentMessages(botID: telegram.bot, chatID: Self.bobUser.id).compactMap { $0["text"]?.stringValue },
            ["Заказ в пути."])
        try page.screenshot(to: artifacts.appendingPathComponent("office-dialogs-ru.png"))

        // Boris blocks the bot: the next reply fails with Telegram's reason and the banner says why.
        _ = telegram.simulator.setBlocked(botID: telegram.bot, user: Self.bobUser, blocked: true, notify: false)
        try typeAndEnter(page, "Вы тут?")
        try page.wait(for: "document.querySelectorAll('[data-direction=out] [data-delivery]').length === 2")
        XCTAssertEqual(try h.context.jobs.runDue().dead, 1)
        try page.wait(for: "document.querySelector('[data-delivery=failed]')?.textContent.includes('bot was blocked by the user')")
        try page.wait(for: "document.querySelector('[data-unreachable]')?.textContent.includes('заблокировал бота')")
        try page.screenshot(to: artifacts.appendingPathComponent("office-dialogs-blocked-ru.png"))
    }

    func test_dialogs_analystOnAPhone_readsWithoutComposer_andNamesAreText() throws {
        let evil = "<img src=x onerror=alert(1)>"
        try customerWrites(Self.evilUser, ["text": .string(evil)])
        let id = try conversationOf(Self.evilUser)
        let page = try dialogsPage(.analyst, email: "ada@example.com", locale: "en", width: 390, height: 844)

        try page.navigate("\(h.baseURL)/office/coffee-shop/dialogs")
        try ready(page, "dialogs")
        try page.evaluate("window.__alerted = false; window.alert = () => { window.__alerted = true; }")
        try page.wait(for: "document.querySelector('a[data-conversation] .conversation-name')?.textContent === '<img src=x onerror=alert(1)>'")
        XCTAssertEqual(try text(page, "a[data-conversation] .conversation-preview"), evil)
        // Step one on a phone: the list only.
        XCTAssertEqual(try page.evaluate("getComputedStyle(document.querySelector('.dialogs-thread')).display").stringValue, "none")
        try page.screenshot(to: artifacts.appendingPathComponent("office-dialogs-phone-en.png"))

        // Counts the page's polls from here on: none starts afresh (without `after`) while the
        // analyst moves between the list and a conversation, and leaving ends the one running.
        try page.evaluate(
            """
            (() => { window.__polls = { fresh: 0, inflight: 0 }; const original = window.fetch;
              window.fetch = (url, options) => {
                if (!String(url).includes('/dialog-updates')) return original(url, options);
                if (!String(url).includes('after=')) window.__polls.fresh++;
                window.__polls.inflight++;
                return original(url, options).finally(() => { window.__polls.inflight--; });
              }; })()
            """)
        try page.evaluate("document.querySelector('a[data-conversation=\"\(id)\"]').click()")
        try page.wait(for: "document.querySelector('[data-read-only]') !== null")
        XCTAssertEqual(try text(page, "[data-kind=text] .bubble-text"), evil)
        XCTAssertEqual(try text(page, "a[data-participant]"), evil)
        XCTAssertEqual(try page.evaluate("document.querySelectorAll('main img[src=x], main img[onerror]').length").intValue, 0)
        XCTAssertEqual(try page.evaluate("window.__alerted").boolValue, false)
        // An analyst reads: no composer, no state or assignee controls; the unread count stays.
        XCTAssertEqual(try page.evaluate("document.querySelector('form[data-form=reply]') === null").boolValue, true)
        XCTAssertEqual(try page.evaluate("document.querySelector('select[data-field=state]') === null").boolValue, true)
        XCTAssertEqual(try h.count("SELECT unread_count::bigint FROM t_coffee_shop.conversations WHERE id = \(id)"), 1)
        // Step two: the conversation only, with a way back.
        XCTAssertEqual(try page.evaluate("getComputedStyle(document.querySelector('.dialogs-list')).display").stringValue, "none")
        XCTAssertNotEqual(try page.evaluate("getComputedStyle(document.querySelector('[data-action=back]')).display").stringValue, "none")
        try page.screenshot(to: artifacts.appendingPathComponent("office-dialogs-conversation-phone-en.png"))
        try page.evaluate("document.querySelector('[data-action=back]').click()")
        try page.wait(for: "location.pathname === '/office/coffee-shop/dialogs' && getComputedStyle(document.querySelector('.dialogs-list')).display !== 'none'")
        try page.evaluate("document.querySelector('a[data-conversation]').click()")
        try page.wait(for: "document.querySelector('[data-read-only]') !== null")
        XCTAssertEqual(try page.evaluate("window.__polls.fresh").intValue, 0, "one loop for list and conversation")
        try page.evaluate("document.querySelector('nav a[data-screen=participants]').click()")
        try ready(page, "participants")
        try page.wait(for: "window.__polls.inflight === 0")
        XCTAssertEqual(try page.evaluate("window.__polls.fresh").intValue, 0)
    }
}

extension OfficeScreensBrowserTests {
    /// Puts a file of `size` bytes (the PNG first) into the composer's file input, as picking it would.
    func attach(_ page: HeadlessPage, name: String, type: String, size: Int? = nil) throws {
        try page.evaluate(
            """
            (() => { const png = Uint8Array.from(atob('\(Self.photoBase64)'), (c) => c.charCodeAt(0));
              const bytes = \(size.map { "new Uint8Array(\($0))" } ?? "png");
              const dt = new DataTransfer(); dt.items.add(new File([bytes], '\(name)', { type: '\(type)' }));
              const input = document.querySelector('form[data-form=reply] input[type=file]');
              input.files = dt.files; input.dispatchEvent(new Event('change')); })()
            """)
    }

    func test_dialogs_composer_sendsAPhoto_andRefusesATooBigFileBeforeUploading() throws {
        try customerWrites(Self.annUser, ["text": "Send me the menu, please"])
        let id = try conversationOf(Self.annUser)
        let page = try dialogsPage(.support, email: "sam@example.com", locale: "en")
        try page.navigate("\(h.baseURL)/office/coffee-shop/dialogs/\(id)")
        try page.wait(for: "document.querySelector('form[data-form=reply]') !== null")
        // The limit is said before anything is uploaded.
        XCTAssertTrue(try text(page, "form[data-form=reply] .hint")?.contains("683.6 kB") ?? false)

        try attach(page, name: "big.pdf", type: "application/pdf", size: 700_001)
        try page.wait(for: "document.querySelector('form[data-form=reply] [role=alert]')?.textContent.includes('the most you can send is 683.6 kB')")
        try page.evaluate("document.querySelector('form[data-form=reply]').requestSubmit()")
        try page.wait(for: "document.querySelector('form[data-form=reply] [role=alert]')?.textContent.includes('Write a message or attach a file first')")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.messages WHERE direction = 'out'"), 0)

        try attach(page, name: "menu.png", type: "image/png")
        try page.wait(for: "document.querySelector('.composer-file')?.textContent.startsWith('menu.png')")
        try typeAndEnter(page, "Here it is")
        try page.wait(for: "document.querySelector('[data-direction=out][data-kind=photo]') !== null")
        // While queued the office shows the upload; once sent, Telegram's copy.
        try page.wait(for: "(() => { const img = document.querySelector('[data-direction=out] img[data-photo]'); return img?.complete && img.naturalWidth === 4; })()")
        XCTAssertEqual(try h.context.jobs.runDue().done, 1)
        try page.wait(for: "document.querySelector('[data-direction=out] [data-delivery]')?.textContent === 'sent'")
        let sent = telegram.simulator.sentMessages(botID: telegram.bot, chatID: Self.annUser.id)
        XCTAssertEqual(sent.compactMap { $0["caption"]?.stringValue }, ["Here it is"])
        XCTAssertEqual(sent.count, 1)
        XCTAssertEqual(try text(page, "[data-direction=out] .bubble-text"), "Here it is")
        XCTAssertEqual(try page.evaluate("document.querySelector('.composer-file').textContent").stringValue, "")
    }

    /// True when the point at the centre of the Send button hits the button (nothing covers it).
    func sendButtonIsFree(_ page: HeadlessPage) throws -> Bool {
        try page.evaluate(
            """
            (() => { const b = document.querySelector('form[data-form=reply] [data-action=send]'); const r = b.getBoundingClientRect();
              const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); return hit === b || b.contains(hit); })()
            """
        ).boolValue == true
    }

    func test_dialogs_owner_toastsLeaveTheSendButtonFree_andTheForumLinkOpensTheForumCard() throws {
        try customerWrites(Self.annUser, ["text": "Hello"])
        let id = try conversationOf(Self.annUser)
        for (width, height, name) in [(1280, 800, "desktop"), (390, 844, "phone")] {
            let page = try dialogsPage(.owner, email: "olga-\(name)@example.com", locale: "en", width: width, height: height)
            try page.navigate("\(h.baseURL)/office/coffee-shop/dialogs/\(id)")
            try page.wait(for: "document.querySelector('form[data-form=reply] [data-action=send]') !== null && document.querySelector('select[data-field=state]') !== null")
            // Saving the state shows a toast; while it shows, the Send button is still the one clicked.
            try page.evaluate(
                "(() => { const s = document.querySelector('select[data-field=state]'); s.value = 'pending'; s.dispatchEvent(new Event('change')); })()")
            try page.wait(for: "document.querySelector('#toasts .toast') !== null")
            XCTAssertTrue(try sendButtonIsFree(page), "\(name): a toast covers the Send button")
            XCTAssertEqual(
                try page.evaluate(
                    "document.querySelector('#toasts').getBoundingClientRect().bottom <= document.querySelector('form[data-form=reply]').getBoundingClientRect().top"
                ).boolValue, true, "\(name): the toasts overlap the composer")
            try page.screenshot(to: artifacts.appendingPathComponent("office-dialogs-toast-\(name)-en.png"))
            guard name == "desktop" else { continue }
            // The owner's way to the staff forum card, from the Dialogs screen.
            XCTAssertEqual(try text(page, "[data-link=forum]"), "Staff forum group")
            try page.evaluate("document.querySelector('[data-link=forum]').click()")
            try ready(page, "forum")
            XCTAssertEqual(try page.evaluate("location.pathname").stringValue, "/office/coffee-shop/dialogs/forum")
            XCTAssertEqual(try text(page, "h1"), "Staff forum group")
        }
    }
}
