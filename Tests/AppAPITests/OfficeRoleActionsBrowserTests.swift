import Foundation
import Kernel
import Postgres
import TesseraJSON
import XCTest

/// Roles in the office's screens, in headless Chromium: signed in as an analyst, then support,
/// then a manager, every screen the role may open shows exactly the buttons and forms whose
/// permission the role table (`StaffRole.allows`) gives it — an analyst no "New post", a manager
/// no "Delete" and no "Refund", support no export.
extension OfficeScreensBrowserTests {
    /// A screen to open, what shows its data has loaded, and each action with the permission it needs.
    struct RoleVisit {
        var path: String
        var needs: StaffPermission
        var loaded: String
        var actions: [(selector: String, needs: StaffPermission)]
    }

    func test_eachRole_seesExactlyTheActionsItMayUse() throws {
        let order = try paidOrder()  // Ann, her paid order and its payment
        let ann = try h.pool.query("SELECT id FROM t_coffee_shop.participants WHERE username = 'ann'").first!
            .decode(Int64.self, 0)
        XCTAssertEqual(
            try h.call(
                "PUT", "/api/v1/coffee-shop/me/contact", body: ["email": "ann@example.com", "consent": true, "fields": ["drink": "filter"]],
                headers: ["Authorization": "tma " + Harness.initData("coffee-shop")]
            ).status, 200)
        let owner = try h.staffToken("coffee-shop")
        let post = try XCTUnwrap(
            (try h.admin("POST", "/admin/api/v1/coffee-shop/news", token: owner, body: ["section": "news", "title": "Hello"])
                .json["post"] as? [String: Any])?["id"] as? Int)
        let event = try XCTUnwrap(
            (try h.admin(
                "POST", "/admin/api/v1/events-club/events", token: try h.staffToken("events-club"),
                body: ["section": "events", "title": "Meetup", "starts_at": iso(Date().addingTimeInterval(7 * 86_400))]
            ).json["event"] as? [String: Any])?["id"] as? Int)
        // Bob is banned (the ban list has a row); Ann is not (her profile offers the ban form).
        let bob = Harness.user(id: 424_243)
        XCTAssertEqual(
            try h.call(
                "GET", "/api/v1/coffee-shop/me/contact",
                headers: ["Authorization": "tma " + Harness.initData("coffee-shop", user: bob)]
            ).status, 200)
        let bobID = try h.pool.query("SELECT id FROM t_coffee_shop.participants WHERE telegram_id = \(bob.id)").first!
            .decode(Int64.self, 0)
        XCTAssertEqual(
            try h.admin("POST", "/admin/api/v1/coffee-shop/participants/\(bobID)/ban", token: owner, body: ["reason": "spam"]).status, 201)
        try h.pool.execute(
            """
            INSERT INTO t_coffee_shop.jobs (kind, state, attempts, max_attempts, last_error, finished_at)
            VALUES ('mail.digest', 'dead', 3, 3, 'boom', now())
            """)

        let visits = [
            RoleVisit(
                path: "coffee-shop/news", needs: .read(.content), loaded: "a[data-post]",
                actions: [("[data-action=new-post]", .write(.content))]),
            RoleVisit(
                path: "coffee-shop/news/\(post)", needs: .read(.content),
                loaded: "form[data-form=post] input[name=title][value=Hello]",
                actions: [
                    ("[data-action=save]", .write(.content)), ("[data-action=delete]", .delete(.content)),
                    ("form[data-form=post] input[name=title]:enabled", .write(.content)),
                ]),
            RoleVisit(
                path: "events-club/events", needs: .read(.content), loaded: "a[data-event]",
                actions: [("[data-action=new-event]", .write(.content))]),
            RoleVisit(
                path: "events-club/events/\(event)", needs: .read(.content),
                loaded: "form[data-form=event] input[name=title][value=Meetup]",
                actions: [
                    ("[data-action=save]", .write(.content)), ("[data-action=delete]", .delete(.content)),
                    ("form[data-form=event] input[name=title]:enabled", .write(.content)),
                ]),
            RoleVisit(
                path: "coffee-shop/orders/\(order)", needs: .read(.orders), loaded: "[data-screen=order] .card",
                actions: [("[data-action=ship]", .write(.orders)), ("[data-action=refund]", .money(.orders))]),
            RoleVisit(
                path: "coffee-shop/payments", needs: .read(.finance), loaded: "[data-screen=payments] td .badge",
                actions: [("[data-action=refund]", .money(.finance))]),
            RoleVisit(
                path: "coffee-shop/quests", needs: .read(.content), loaded: "[data-screen=quests] td strong",
                actions: [("[data-quest-toggle]", .write(.content)), ("[data-action=reward]", .write(.content))]),
            RoleVisit(
                path: "coffee-shop/participants", needs: .read(.people), loaded: "a[data-participant]",
                actions: [("[data-action=export]", .export(.people))]),
            RoleVisit(
                path: "coffee-shop/participants/\(ann)", needs: .read(.people), loaded: "[data-section=notes]",
                actions: [
                    ("form[data-form=tag]", .write(.people)), ("form[data-form=note]", .write(.people)),
                    ("form[data-form=ban]", .write(.people)),
                ]),
            RoleVisit(
                path: "coffee-shop/bans", needs: .read(.people), loaded: "a[data-participant]",
                actions: [("[data-action=unban]", .write(.people))]),
            RoleVisit(
                path: "coffee-shop/contacts", needs: .read(.people), loaded: "a[data-participant]",
                actions: [("[data-action=export]", .export(.people))]),
            RoleVisit(
                path: "coffee-shop/jobs", needs: .read(.jobs), loaded: "[data-state=dead]",
                actions: [("[data-action=retry]", .write(.jobs))]),
        ]

        try accept(try invite("coffee-shop", role: .analyst))
        try accept(try invite("events-club", role: .analyst))
        let page = try HeadlessPage(width: 1280, height: 800)
        try signIn(page)
        var wrong: [String] = []
        var opened: [StaffRole: Int] = [:]
        for role in [StaffRole.analyst, .support, .manager] {
            try h.pool.execute(
                """
                UPDATE platform.staff_memberships SET role = \(role.rawValue)
                WHERE person_id = (SELECT id FROM platform.staff_people WHERE email = \(Self.email))
                """)
            for visit in visits {
                // A full load: the session (and its `can` list) is read again.
                try page.navigate("\(h.baseURL)/office/\(visit.path)")
                guard role.allows(visit.needs) else {
                    try page.wait(for: "document.querySelector('main .notice-error') !== null")
                    continue
                }
                try page.wait(for: "document.querySelector(\(js(visit.loaded))) !== null")
                opened[role, default: 0] += 1
                for action in visit.actions {
                    let shown = try page.evaluate("document.querySelector(\(js(action.selector))) !== null").boolValue
                    if shown != role.allows(action.needs) {
                        wrong.append("\(role.rawValue) on \(visit.path): \(action.selector) \(shown == true ? "shown" : "hidden")")
                    }
                }
            }
            if role == .analyst {
                try page.navigate("\(h.baseURL)/office/coffee-shop/news/\(post)")
                try page.wait(for: "document.querySelector('form[data-form=post] input[name=title][value=Hello]') !== null")
                try page.screenshot(to: artifacts.appendingPathComponent("office-roles-analyst-news-en.png"))
            }
        }
        XCTAssertEqual(wrong, [])
        XCTAssertEqual(opened, [.analyst: 12, .support: 5, .manager: 12])
    }

    private func js(_ text: String) -> String { String(decoding: JSONValue.string(text).serialized(), as: UTF8.self) }
}
