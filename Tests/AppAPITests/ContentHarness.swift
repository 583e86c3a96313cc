import Foundation
import Kernel
import Postgres
import Staff
import Tenancy
import XCTest

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Requests with bodies and both kinds of credentials, on top of `Harness`.
extension Harness {
    /// A fresh staff token for `slug` (stored hashed, as the CLI does).
    func staffToken(_ slug: String, role: StaffRole = .owner) throws -> String {
        let tenantID = registry.tenant(slug)!.id
        return try pool.withConnection { try StaffTokenStore().create(tenantID: tenantID, role: role, name: "test", $0) }.0.value
    }

    func call(_ method: String, _ path: String, body: Any? = nil, headers: [String: String] = [:]) throws -> Reply {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.httpMethod = method
        request.cachePolicy = .reloadIgnoringLocalCacheData
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        if let body {
            request.httpBody = try body as? Data ?? JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        return try send(request)
    }

    func admin(_ method: String, _ path: String, token: String, body: Any? = nil) throws -> Reply {
        try call(method, path, body: body, headers: ["Authorization": "Bearer " + token])
    }

    func user(_ method: String, _ path: String, slug: String = "events-club", userID: Int64 = 424_242, body: Any? = nil) throws -> Reply {
        try call(method, path, body: body, headers: ["Authorization": "tma " + Harness.initData(slug, user: Harness.user(id: userID))])
    }

    func count(_ sql: String) throws -> Int64 {
        try pool.query(SQL(unsafe: sql)).first!.decode(Int64.self, 0)
    }
}

extension Harness.Reply {
    var details: [[String: Any]] { ((json["error"] as? [String: Any])?["details"] as? [[String: Any]]) ?? [] }
    var detailFields: Set<String> { Set(details.compactMap { $0["field"] as? String }) }
}

func iso(_ date: Date) -> String {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    return f.string(from: date)
}

extension Harness {
    /// Waits (up to 10 s) until the server hears NOTIFY: before anything counts on a notification.
    func awaitListening(file: StaticString = #filePath, line: UInt = #line) {
        let deadline = Date().addingTimeInterval(10)
        while !context.notifications.isListening, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertTrue(context.notifications.isListening, "the notification listener did not start", file: file, line: line)
    }
}
