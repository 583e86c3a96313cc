import Foundation
import Postgres
import XCTest

/// Contacts, the Audit log and Jobs in headless Chromium, signed in as the owner, in English and
/// Russian: contacts with their ways and a filter in the URL, an audit entry's changed fields side
/// by side and a filter by actor, a queued job cancelled after the confirm dialog and a dead one
/// retried. Screenshots go to test-artifacts/office-{contacts,audit,jobs}-{en,ru}.png.
extension OfficeScreensBrowserTests {
    func test_contactsAuditAndJobs_inEnglishAndRussian() throws {
        // Ann fills in the contact form; her note is markup, shown as text.
        let form = try h.call(
            "PUT", "/api/v1/coffee-shop/me/contact",
            body: [
                "email": "ann@example.com", "consent": true,
                "fields": ["drink": "flat-white", "note": "<img src=x onerror=window.__xss=1>"],
            ],
            headers: ["Authorization": "tma " + Harness.initData("coffee-shop")])
        XCTAssertEqual(form.status, 200, form.text)
        // A post created and renamed through the API: two audit entries.
        let token = try h.staffToken("coffee-shop", role: .owner)
        let created = try h.admin(
            "POST", "/admin/api/v1/coffee-shop/news", token: token, body: ["section": "news", "title": "Old title"])
        let post = try XCTUnwrap((created.json["post"] as? [String: Any])?["id"] as? Int)
        XCTAssertEqual(
            try h.admin("PATCH", "/admin/api/v1/coffee-shop/news/\(post)", token: token, body: ["title": "New title"])
                .status, 200)
        // A dead letter, and a job queued for tomorrow (the runner leaves it alone until then).
        let jobs = try h.pool.query(
            """
            INSERT INTO t_coffee_shop.jobs (kind, state, attempts, max_attempts, last_error, finished_at, run_at)
            VALUES ('mail.digest', 'dead', 3, 3, 'SMTP said 550 <no such user>', now(), now()),
                   ('reminder.event', 'queued', 0, 10, NULL, NULL, now() + interval '1 day')
            RETURNING id
            """
        ).map { try $0.decode(Int64.self, 0) }

        let page = try signedInPage()

        // Contacts.
        try page.navigate("\(h.baseURL)/office/coffee-shop/contacts")
        try ready(page, "contacts")
        try page.wait(for: "document.querySelector('a[data-participant]')?.textContent === 'Ann Lee @ann'")
        XCTAssertEqual(try text(page, "h1"), "Contacts")
        XCTAssertEqual(try text(page, ".contact-value"), "ann@example.com")
        XCTAssertEqual(try text(page, "[data-way=form]")?.hasPrefix("form, "), true)
        XCTAssertEqual(try text(page, "[data-consent=given]"), "given")
        XCTAssertTrue(try text(page, ".contact-fields")?.contains("<img src=x onerror=window.__xss=1>") ?? false)
        XCTAssertEqual(try page.evaluate("document.querySelectorAll('[data-screen=contacts] img').length").intValue, 0)
        XCTAssertEqual(
            try page.evaluate("document.querySelector('[data-action=export]')?.getAttribute('href')").stringValue,
            "/admin/api/v1/coffee-shop/contacts/export.csv")
        try page.screenshot(to: artifacts.appendingPathComponent("office-contacts-en.png"))
        try page.evaluate("[...document.querySelectorAll('.chip')].find(c => c.textContent === 'withdrawn').click()")
        try page.wait(
            for:
                "location.search === '?consent=withdrawn' && document.querySelector('[data-screen=contacts] .empty')?.textContent === 'Nobody matches these filters.'"
        )
        XCTAssertEqual(
            try page.evaluate("document.querySelector('[data-action=export]').getAttribute('href')").stringValue,
            "/admin/api/v1/coffee-shop/contacts/export.csv?consent=withdrawn")

        // Audit log: the rename, field by field, and a filter by who did it.
        try page.evaluate("document.querySelector('nav a[data-screen=audit]').click()")
        try ready(page, "audit")
        try page.wait(for: "document.querySelectorAll('details.audit-diff').length >= 1")
        XCTAssertEqual(
            try page.evaluate("document.querySelector('a[data-record]').getAttribute('href')").stringValue,
            "/office/coffee-shop/news/\(post)")
        try page.evaluate("document.querySelector('details.audit-diff').open = true")
        XCTAssertEqual(try text(page, "details.audit-diff tr[data-field='post.title'] .diff-before"), "Old title")
        XCTAssertEqual(try text(page, "details.audit-diff tr[data-field='post.title'] .diff-after"), "New title")
        try page.screenshot(to: artifacts.appendingPathComponent("office-audit-en.png"))
        let actor = try XCTUnwrap(
            page.evaluate("document.querySelector('details.audit-diff').closest('tr').querySelector('[data-actor]').dataset.actor").stringValue)
        try page.evaluate("document.querySelector('details.audit-diff').closest('tr').querySelector('[data-actor]').click()")
        try page.wait(
            for:
                "new URLSearchParams(location.search).get('actor') === '\(actor)' && document.querySelector('[data-filter=actor]') !== null && document.querySelectorAll('[data-actor]').length === 2"
        )

        // Jobs: cancel the queued one after the confirm dialog; retry the dead one.
        try page.evaluate("document.querySelector('nav a[data-screen=jobs]').click()")
        try ready(page, "jobs")
        try page.wait(for: "document.querySelector('[data-action=cancel][data-job=\"\(jobs[1])\"]') !== null")
        XCTAssertEqual(try text(page, "[data-state=dead]"), "dead")
        XCTAssertEqual(try text(page, ".job-error"), "SMTP said 550 <no such user>")
        try page.screenshot(to: artifacts.appendingPathComponent("office-jobs-en.png"))
        try page.evaluate("document.querySelector('[data-action=cancel]').click()")
        try page.wait(for: "document.querySelector('dialog[open]')?.textContent.includes('Cancel job #\(jobs[1])?')")
        try page.evaluate("document.querySelector('dialog[open] [data-confirm]').click()")
        try page.wait(
            for: "document.querySelector('.toast')?.textContent === 'Job cancelled' && document.querySelector('[data-action=cancel]') === null")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.jobs WHERE id = \(jobs[1]) AND state = 'cancelled'"), 1)
        try page.evaluate("[...document.querySelectorAll('.chip')].find(c => c.textContent.startsWith('dead')).click()")
        try page.wait(for: "location.search === '?state=dead' && document.querySelector('[data-action=retry]') !== null")
        try page.evaluate("document.querySelector('[data-action=retry]').click()")
        try page.wait(for: "document.querySelector('dialog[open]') !== null")
        try page.evaluate("document.querySelector('dialog[open] [data-confirm]').click()")
        try page.wait(for: "[...document.querySelectorAll('.toast')].some(t => t.textContent === 'Job queued again')")
        XCTAssertEqual(
            try h.count("SELECT count(*) FROM t_coffee_shop.jobs WHERE id = \(jobs[0]) AND attempts < 3"), 1,
            "attempts start again from 0")

        // Russian.
        try page.evaluate("document.querySelector('[data-action=locale]').click()")
        try page.wait(for: "document.documentElement.lang === 'ru' && document.querySelector('h1')?.textContent === 'Фоновые задачи'")
        try ready(page, "jobs")
        try page.navigate("\(h.baseURL)/office/coffee-shop/jobs")
        try ready(page, "jobs")
        try page.wait(for: "document.querySelector('[data-state=cancelled]')?.textContent === 'отменена'")
        try page.screenshot(to: artifacts.appendingPathComponent("office-jobs-ru.png"))
        try page.evaluate("document.querySelector('nav a[data-screen=contacts]').click()")
        try ready(page, "contacts")
        try page.wait(for: "document.querySelector('[data-consent=given]')?.textContent === 'дано'")
        XCTAssertEqual(try text(page, "h1"), "Контакты")
        XCTAssertEqual(try text(page, "[data-action=export]"), "Выгрузить CSV")
        try page.screenshot(to: artifacts.appendingPathComponent("office-contacts-ru.png"))
        try page.evaluate("document.querySelector('nav a[data-screen=audit]').click()")
        try ready(page, "audit")
        // Olga's cancel and retry are audited too; the rename is further down.
        let rename = "[...document.querySelectorAll('tr')].find(r => r.querySelector('.mono')?.textContent === 'news.update')"
        try page.wait(for: "\(rename)?.querySelector('details summary')?.textContent.startsWith('изменено: ')")
        try page.evaluate("\(rename).querySelector('details').open = true")
        XCTAssertEqual(try page.evaluate("\(rename).querySelector('tr[data-field=\"post.title\"] .diff-after').textContent").stringValue, "New title")
        XCTAssertEqual(try text(page, "h1"), "Журнал действий")
        try page.screenshot(to: artifacts.appendingPathComponent("office-audit-ru.png"))
        XCTAssertTrue(try page.evaluate("window.__xss === undefined").boolValue ?? false)
    }

    func test_contacts_emptyState_saysHowContactsArrive() throws {
        let page = try signedInPage()
        try page.navigate("\(h.baseURL)/office/coffee-shop/contacts")
        try ready(page, "contacts")
        try page.wait(for: "document.querySelector('[data-screen=contacts] .empty') !== null")
        let empty = try XCTUnwrap(text(page, "[data-screen=contacts] .empty"))
        XCTAssertTrue(empty.contains("contact form") && empty.contains("requestContact") && empty.contains("bot"), empty)
    }
}
