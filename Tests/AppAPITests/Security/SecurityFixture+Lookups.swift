import Foundation
import Kernel
import Telegram
import XCTest

/// Lookups of what the fixture seeded that throw, naming what is missing, instead of trapping: a
/// gap in the fixture (a new route whose ids it does not know, a tenant it did not sign in to)
/// fails the one test that met it, not the whole test process.
extension SecurityFixture {
    func token(_ slug: String) throws -> String {
        try XCTUnwrap(tokens[slug], "SecurityFixture has no owner token of \(slug)")
    }

    func session(_ slug: String) throws -> Session {
        try XCTUnwrap(sessions[slug], "SecurityFixture has no owner session of \(slug)")
    }

    func bot(_ slug: String) throws -> Int64 {
        try XCTUnwrap(bots[slug], "SecurityFixture has no bot of \(slug) in the simulator")
    }

    /// The path values of `slug`'s records.
    func records(_ slug: String) throws -> [String: String] {
        try XCTUnwrap(ids[slug], "SecurityFixture has no record ids of \(slug)")
    }

    static func person(_ slug: String) throws -> TelegramUser {
        try XCTUnwrap(people[slug], "SecurityFixture has no participant of \(slug)")
    }

    /// The tenant whose records fill every parameter of `endpoint`'s pattern.
    func victim(of endpoint: Endpoint) throws -> String {
        try XCTUnwrap(
            victim(for: endpoint.pattern),
            "\(Self.key(endpoint)): no tenant has a record for each of its parameters; seed one in SecurityFixture")
    }

    /// `pattern` for `tenant` with each parameter from `values`.
    static func path(_ pattern: String, tenant: String, _ values: [String: String]) throws -> String {
        let missing = parameters(pattern).filter { values[$0] == nil }
        return try XCTUnwrap(
            fill(pattern, tenant: tenant, values), "\(pattern): no value for \(missing.joined(separator: ", ")) in the ids given")
    }

    /// `endpoint`'s path on `tenant` with the ids of `owner`'s records (`tenant`'s own by default).
    func path(_ endpoint: Endpoint, on tenant: String, idsOf owner: String? = nil) throws -> String {
        try Self.path(endpoint.pattern, tenant: tenant, try records(owner ?? tenant))
    }
}

extension Harness {
    /// The id of the live tenant `slug`.
    func tenantID(_ slug: String) throws -> Int64 {
        try XCTUnwrap(registry.tenant(slug), "no live tenant \(slug)").id
    }

    /// One of the tenants' bot tokens the harness configured.
    static func token(_ slug: String) throws -> String {
        try XCTUnwrap(tokens[slug], "Harness has no bot token of \(slug)")
    }
}
