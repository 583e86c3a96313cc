import Foundation
import Postgres
import Staff
import Tenancy
import XCTest

final class StaffDirectoryTests: XCTestCase {
    var fixture: StaffFixture!
    let directory = StaffDirectory()

    override func setUpWithError() throws { fixture = try StaffFixture() }
    override func tearDown() { fixture?.close() }

    func test_lastOwner_cannotBeDemotedOrRemoved_othersCan() throws {
        let cafe = try fixture.tenant("cafe")
        let owner = try fixture.staff("owner@example.com", .owner, of: cafe).person
        let manager = try fixture.staff("manager@example.com", .manager, of: cafe).person
        try fixture.pool.withConnection { conn in
            XCTAssertThrowsError(try directory.setRole(.manager, personID: owner.id, tenant: cafe, conn)) {
                XCTAssertEqual($0 as? StaffAccountError, .lastOwner(tenant: "cafe"))
            }
            XCTAssertThrowsError(try directory.removeMember(personID: owner.id, tenant: cafe, conn)) {
                XCTAssertEqual($0 as? StaffAccountError, .lastOwner(tenant: "cafe"))
            }
            try directory.setRole(.owner, personID: manager.id, tenant: cafe, conn)
            try directory.setRole(.analyst, personID: owner.id, tenant: cafe, conn)
            try directory.removeMember(personID: owner.id, tenant: cafe, conn)
            XCTAssertThrowsError(try directory.removeMember(personID: owner.id, tenant: cafe, conn)) {
                XCTAssertEqual($0 as? StaffAccountError, .notMember(personID: owner.id, tenant: "cafe"))
            }
            XCTAssertEqual(
                try directory.members(tenantID: cafe.id, conn).map { "\($0.0.email) \($0.1.role)" },
                ["manager@example.com owner"])
            XCTAssertNotNil(try directory.person(id: owner.id, conn), "removing a membership keeps the person")
        }
    }

    /// Two owners demoting each other at the same time: one wins, the other finds itself the last owner.
    func test_twoConcurrentDemotionsOfTwoOwners_oneFails() throws {
        let cafe = try fixture.tenant("cafe")
        let a = try fixture.staff("a@example.com", .owner, of: cafe).person
        let b = try fixture.staff("b@example.com", .owner, of: cafe).person
        let configuration = fixture.configuration
        let first = try PostgresConnection(configuration: configuration)
        let second = ResultsBox<Bool>(1)
        let done = DispatchSemaphore(value: 0)
        var finished = false
        try first.transaction { conn in
            try directory.setRole(.manager, personID: a.id, tenant: cafe, conn)
            // The first demotion holds its locks, uncommitted, while the second starts on
            // another connection: it waits for the owner rows, then sees one owner left.
            Thread {
                second.set(
                    0,
                    Result {
                        let conn = try PostgresConnection(configuration: configuration)
                        try StaffDirectory().setRole(.manager, personID: b.id, tenant: cafe, conn)
                        return true
                    })
                done.signal()
            }.start()
            // Commit only once the second demotion is waiting for a lock (or, were the
            // locking wrong, has already finished): either way the race really happened.
            while !finished {
                if done.wait(timeout: .now() + .milliseconds(20)) == .success {
                    finished = true
                    break
                }
                let waiting = try fixture.pool.query(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                ).first!.decode(Int64.self, 0)
                if waiting > 0 { break }
            }
        }
        if !finished { done.wait() }
        guard case .failure(let error) = second.all[0] else { return XCTFail("both owners were demoted") }
        XCTAssertEqual(error as? StaffAccountError, .lastOwner(tenant: "cafe"))
        let roles = try fixture.pool.query("SELECT role FROM platform.staff_memberships ORDER BY person_id").map {
            try $0.decode(String.self, 0)
        }
        XCTAssertEqual(roles, ["manager", "owner"])
    }

    /// The same race with both transactions released at once, many times over.
    func test_parallelDemotionsAndRemovals_alwaysLeaveAnOwner() throws {
        let cafe = try fixture.tenant("cafe")
        for round in 0..<5 {
            let a = try fixture.staff("a\(round)@example.com", .owner, of: cafe).person
            let b = try fixture.staff("b\(round)@example.com", .owner, of: cafe).person
            let configuration = fixture.configuration
            let results = inParallel(2) { index in
                let conn = try PostgresConnection(configuration: configuration)
                if index == 0 {
                    try StaffDirectory().setRole(.support, personID: a.id, tenant: cafe, conn)
                } else {
                    try StaffDirectory().removeMember(personID: b.id, tenant: cafe, conn)
                }
            }
            XCTAssertEqual(results.filter { (try? $0.get()) != nil }.count, 1, "round \(round)")
            XCTAssertEqual(
                try fixture.pool.query("SELECT count(*) FROM platform.staff_memberships WHERE role = 'owner'").first!
                    .decode(Int64.self, 0), 1)
            try fixture.pool.execute("DELETE FROM platform.staff_memberships")
        }
    }

    func test_personReference_byEmailOrId_withClearErrors() throws {
        let cafe = try fixture.tenant("cafe")
        let person = try fixture.staff("Someone@Example.com", .analyst, of: cafe).person
        try fixture.pool.withConnection { conn in
            XCTAssertEqual(try directory.person(reference: String(person.id), conn).id, person.id)
            XCTAssertEqual(try directory.person(reference: "someone@example.COM", conn).id, person.id)
            XCTAssertThrowsError(try directory.person(reference: "999", conn)) {
                XCTAssertEqual($0 as? StaffAccountError, .unknownPerson("with id 999"))
            }
            XCTAssertThrowsError(try directory.person(reference: "nobody@example.com", conn)) {
                XCTAssertEqual($0 as? StaffAccountError, .unknownPerson("with email nobody@example.com"))
            }
            XCTAssertThrowsError(try directory.person(reference: "gibberish", conn)) {
                XCTAssertEqual(
                    $0 as? StaffAccountError, .unknownPerson("\"gibberish\" (give an email address or a numeric id)"))
            }
        }
    }

    func test_emailIsUniqueIgnoringCase() throws {
        try fixture.pool.withConnection { conn in
            let one = try directory.findOrCreate(email: try EmailAddress("X@example.com"), displayName: "", conn)
            let two = try directory.findOrCreate(email: try EmailAddress("x@EXAMPLE.com"), displayName: "", conn)
            XCTAssertEqual(one.id, two.id)
            XCTAssertThrowsError(try conn.execute("INSERT INTO platform.staff_people (email) VALUES ('x@Example.COM')"))
            {
                XCTAssertTrue(($0 as? PostgresError)?.isUniqueViolation ?? false)
            }
        }
    }
}
