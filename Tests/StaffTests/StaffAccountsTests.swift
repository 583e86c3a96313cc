import Foundation
import Kernel
import Postgres
import Staff
import TesseraCrypto
import XCTest

final class StaffAccountsTests: XCTestCase {
    var fixture: StaffFixture!
    let now = StaffFixture.now
    let client = StaffFixture.client

    override func setUpWithError() throws { fixture = try StaffFixture() }
    override func tearDown() { fixture?.close() }

    func invitation(_ tenant: Int64, _ role: StaffRole, email: String? = nil, lifetime: TimeInterval? = nil) throws
        -> String
    {
        try fixture.pool.withConnection { conn in
            try StaffLinkStore().createInvitation(
                tenantID: tenant, role: role, email: try email.map { try EmailAddress($0) }, lifetime: lifetime,
                now: now, conn
            ).0.value
        }
    }

    func assertThrows(
        _ expected: StaffAccountError, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> some Any
    ) {
        XCTAssertThrowsError(try body(), file: file, line: line) {
            XCTAssertEqual($0 as? StaffAccountError, expected, file: file, line: line)
        }
    }

    func test_acceptInvitation_createsThePersonAndMembershipAndSignsIn() throws {
        let cafe = try fixture.tenant("cafe")
        let token = try invitation(cafe.id, .manager)
        let auth = fixture.authenticator()
        let signedIn = try auth.acceptInvitation(
            token: token, displayName: "  Анна  ", password: "a long enough password", email: "Anna@Example.com",
            locale: .en,
            client: client, now: now)
        XCTAssertEqual(signedIn.person.email, "Anna@Example.com")
        XCTAssertEqual(signedIn.person.displayName, "Анна")
        XCTAssertEqual(signedIn.person.locale, .en)
        XCTAssertTrue(signedIn.person.hasPassword)
        XCTAssertEqual(signedIn.memberships.map(\.role), [.manager])
        XCTAssertEqual(signedIn.memberships.map(\.tenantSlug), ["cafe"])
        XCTAssertEqual(signedIn.session.address, "192.0.2.10")
        XCTAssertEqual(signedIn.session.userAgent, "Tests/1.0")
        XCTAssertEqual(signedIn.session.csrfToken.count, 43)

        // Only hashes are stored: no trace of the link token, the session token or the password.
        let dump = try fixture.pool.query(
            """
            SELECT (SELECT string_agg(token_hash, ' ') FROM platform.staff_links) || ' '
                || (SELECT string_agg(token_hash, ' ') FROM platform.staff_sessions) || ' '
                || (SELECT string_agg(password_hash, ' ') FROM platform.staff_people)
            """
        ).first!.decode(String.self, 0)
        XCTAssertTrue(dump.contains(try XCTUnwrap(StaffSecretToken(token)).hash))
        XCTAssertTrue(dump.contains(signedIn.token.hash))
        XCTAssertFalse(dump.contains(token))
        XCTAssertFalse(dump.contains(signedIn.token.value))
        XCTAssertFalse(dump.contains("a long enough password"))
        XCTAssertTrue(dump.contains("$scrypt$ln=4,r=1,p=1$"))

        // Signs in with the email in any case.
        let again = try auth.signIn(
            email: "anna@EXAMPLE.com", password: "a long enough password", client: client, now: now)
        XCTAssertEqual(again.person.id, signedIn.person.id)
        XCTAssertNotEqual(again.token, signedIn.token)
    }

    func test_acceptInvitation_onceUnderTenParallelAccepts() throws {
        let cafe = try fixture.tenant("cafe")
        let token = try invitation(cafe.id, .support)
        let auth = fixture.authenticator()
        let now = self.now
        let client = self.client
        let results = inParallel(10) { index in
            try auth.acceptInvitation(
                token: token, displayName: "Racer \(index)", password: "password number \(index)",
                email: "racer\(index)@example.com",
                client: client, now: now)
        }
        let winners = results.compactMap { try? $0.get() }
        XCTAssertEqual(winners.count, 1)
        for case .failure(let error) in results { XCTAssertEqual(error as? StaffAccountError, .linkUsed) }
        let people = try fixture.pool.query("SELECT email FROM platform.staff_people").map {
            try $0.decode(String.self, 0)
        }
        XCTAssertEqual(people, [winners[0].person.email], "the losers' accounts were rolled back")
        XCTAssertEqual(
            try fixture.pool.query("SELECT count(*) FROM platform.staff_memberships").first!.decode(Int64.self, 0), 1)
        XCTAssertEqual(
            try fixture.pool.query("SELECT used_by FROM platform.staff_links").first!.decode(Int64?.self, 0),
            winners[0].person.id)
    }

    func test_acceptInvitation_refusesReusedExpiredAndUnknownLinks() throws {
        let cafe = try fixture.tenant("cafe")
        let auth = fixture.authenticator()
        let token = try invitation(cafe.id, .analyst, email: "bob@example.com")
        _ = try auth.acceptInvitation(
            token: token, displayName: "Bob", password: "bob's password!", client: client, now: now)
        assertThrows(.linkUsed) {
            try auth.acceptInvitation(
                token: token, displayName: "Eve", password: "eve's password!", client: client, now: now)
        }
        let short = try invitation(cafe.id, .analyst, lifetime: 60)
        assertThrows(.linkExpired) {
            try auth.acceptInvitation(
                token: short, displayName: "Late", password: "late password", email: "late@example.com", client: client,
                now: now.addingTimeInterval(60))
        }
        assertThrows(.linkNotFound) {
            try auth.acceptInvitation(
                token: StaffSecretToken.generate().value, displayName: "X", password: "whatever password",
                email: "x@example.com",
                client: client, now: now)
        }
        assertThrows(.linkNotFound) {
            try auth.acceptInvitation(
                token: "not-a-token", displayName: "X", password: "whatever password", email: "x@example.com",
                client: client, now: now)
        }
        // A reset link is not an invitation.
        let bob = try fixture.pool.withConnection {
            try XCTUnwrap(try StaffDirectory().person(email: try EmailAddress("bob@example.com"), $0), "bob has no person")
        }
        let reset = try fixture.pool.withConnection {
            try StaffLinkStore().createPasswordReset(personID: bob.id, now: self.now, $0).0.value
        }
        assertThrows(.linkNotFound) {
            try auth.acceptInvitation(
                token: reset, displayName: "Bob", password: "bob's password!", client: client, now: now)
        }
    }

    func test_acceptInvitation_badInputChangesNothing_andTheLinkStaysUsable() throws {
        let cafe = try fixture.tenant("cafe")
        let auth = fixture.authenticator()
        let token = try invitation(cafe.id, .manager)
        assertThrows(.emailRequired) {
            try auth.acceptInvitation(
                token: token, displayName: "A", password: "long password", client: client, now: now)
        }
        assertThrows(.invalidEmail) {
            try auth.acceptInvitation(
                token: token, displayName: "A", password: "long password", email: "no-at-sign", client: client, now: now
            )
        }
        assertThrows(.weakPassword("at least 10 characters")) {
            try auth.acceptInvitation(
                token: token, displayName: "A", password: "short", email: "a@example.com", client: client, now: now)
        }
        assertThrows(.invalidDisplayName) {
            try auth.acceptInvitation(
                token: token, displayName: "   ", password: "long password", email: "a@example.com", client: client,
                now: now)
        }
        XCTAssertEqual(
            try fixture.pool.query("SELECT count(*) FROM platform.staff_people").first!.decode(Int64.self, 0), 0)
        XCTAssertNoThrow(
            try auth.acceptInvitation(
                token: token, displayName: "A", password: "long password", email: "a@example.com", client: client,
                now: now))
    }

    func test_acceptInvitation_forAnExistingAccount_needsItsPassword_andAddsTheTenant() throws {
        let cafe = try fixture.tenant("cafe")
        let bakery = try fixture.tenant("bakery")
        let first = try fixture.staff("c@example.com", .owner, of: cafe, password: "first password")
        let auth = fixture.authenticator()
        let token = try invitation(bakery.id, .support, email: "C@example.com")
        assertThrows(.passwordRequired) {
            try auth.acceptInvitation(
                token: token, displayName: "C", password: "a new password", client: client, now: now)
        }
        let signedIn = try auth.acceptInvitation(
            token: token, displayName: "C", password: "first password", client: client, now: now)
        XCTAssertEqual(signedIn.person.id, first.person.id)
        XCTAssertEqual(
            signedIn.memberships.map { "\($0.tenantSlug):\($0.role.rawValue)" }, ["bakery:support", "cafe:owner"])
    }

    func test_signIn_unknownEmailAndWrongPasswordLookTheSame_andAreRateLimited() throws {
        let cafe = try fixture.tenant("cafe")
        try fixture.staff("d@example.com", .manager, of: cafe, password: "the right password")
        var auth = fixture.authenticator()
        auth.accountLimit = SignInRateLimit(limit: 3, window: 600)
        assertThrows(.invalidCredentials) {
            try auth.signIn(email: "nobody@example.com", password: "x", client: client, now: now)
        }
        assertThrows(.invalidCredentials) {
            try auth.signIn(email: "d@example.com", password: "wrong", client: client, now: now)
        }
        assertThrows(.invalidCredentials) {
            try auth.signIn(email: "not an email", password: "wrong", client: client, now: now)
        }
        for seconds in [10.0, 20] {
            assertThrows(.invalidCredentials) {
                try auth.signIn(
                    email: "D@example.com", password: "wrong", client: client, now: now.addingTimeInterval(seconds))
            }
        }
        // Three failures for the account: even the right password waits until the first leaves the window.
        assertThrows(.rateLimited(retryAfter: 570)) {
            try auth.signIn(
                email: "d@example.com", password: "the right password", client: client, now: now.addingTimeInterval(30))
        }
        XCTAssertNoThrow(
            try auth.signIn(
                email: "d@example.com", password: "the right password", client: client, now: now.addingTimeInterval(600)
            ))
        // A success clears the account's failures.
        assertThrows(.invalidCredentials) {
            try auth.signIn(email: "d@example.com", password: "wrong", client: client, now: now.addingTimeInterval(601))
        }
        XCTAssertNoThrow(
            try auth.signIn(
                email: "d@example.com", password: "the right password", client: client, now: now.addingTimeInterval(602)
            ))
    }

    func test_signIn_isRateLimitedPerAddressAcrossAccounts() throws {
        var auth = fixture.authenticator()
        auth.addressLimit = SignInRateLimit(limit: 2, window: 600)
        let other = StaffAccounts.Client(address: "198.51.100.7", userAgent: "")
        assertThrows(.invalidCredentials) {
            try auth.signIn(email: "a@example.com", password: "x", client: client, now: now)
        }
        assertThrows(.invalidCredentials) {
            try auth.signIn(email: "b@example.com", password: "x", client: client, now: now)
        }
        assertThrows(.rateLimited(retryAfter: 600)) {
            try auth.signIn(email: "c@example.com", password: "x", client: client, now: now)
        }
        assertThrows(.invalidCredentials) {
            try auth.signIn(email: "c@example.com", password: "x", client: other, now: now)
        }
    }

    func test_signIn_disabledAccount_andRehashOfOldParameters() throws {
        let cafe = try fixture.tenant("cafe")
        let person = try fixture.staff("e@example.com", .analyst, of: cafe, password: "e's password ok").person
        let stronger = StaffAccounts(
            pool: fixture.pool, hashing: PasswordHashing(parameters: .init(logN: 5, r: 1, p: 1)))
        _ = try stronger.signIn(email: "e@example.com", password: "e's password ok", client: client, now: now)
        let stored = try fixture.pool.query("SELECT password_hash FROM platform.staff_people").first!.decode(
            String.self, 0)
        XCTAssertTrue(stored.hasPrefix("$scrypt$ln=5,r=1,p=1$"), "a hash with weaker parameters is replaced at sign-in")
        XCTAssertTrue(try PasswordHash(encoded: stored).verify("e's password ok"))

        try fixture.pool.withConnection { try StaffDirectory().setDisabled(true, personID: person.id, $0) }
        assertThrows(.accountDisabled) {
            try stronger.signIn(email: "e@example.com", password: "e's password ok", client: client, now: now)
        }
        assertThrows(.invalidCredentials) {
            try stronger.signIn(email: "e@example.com", password: "wrong", client: client, now: now)
        }
    }

    func test_sessions_validateRevokeExpireAndSignOutEverywhere() throws {
        let cafe = try fixture.tenant("cafe")
        let auth = fixture.authenticator(SessionPolicy(lifetime: 3600, idleTimeout: 600, touchInterval: 60))
        let first = try fixture.staff("f@example.com", .owner, of: cafe, password: "f's password ok")
        let second = try auth.signIn(email: "f@example.com", password: "f's password ok", client: client, now: now)
        let third = try auth.signIn(email: "f@example.com", password: "f's password ok", client: client, now: now)

        let seen = try XCTUnwrap(
            try auth.authenticate(sessionToken: second.token.value, now: now.addingTimeInterval(300)))
        XCTAssertEqual(seen.person.id, first.person.id)
        XCTAssertEqual(seen.role(inTenant: cafe.id), .owner)
        XCTAssertEqual(seen.session.csrfToken, second.session.csrfToken)
        XCTAssertEqual(seen.session.lastSeenAt, now.addingTimeInterval(300))
        XCTAssertNil(try auth.authenticate(sessionToken: "garbage", now: now))
        XCTAssertNil(try auth.authenticate(sessionToken: StaffSecretToken.generate().value, now: now))

        // Idle timeout: the first (made through the fixture, with the default policy) was last seen at `now`.
        XCTAssertNil(try auth.authenticate(sessionToken: first.token.value, now: now.addingTimeInterval(600)))
        // Seen at +300, so alive at +850; the absolute lifetime still ends it at +3600.
        XCTAssertNotNil(try auth.authenticate(sessionToken: second.token.value, now: now.addingTimeInterval(850)))
        XCTAssertNotNil(try auth.authenticate(sessionToken: second.token.value, now: now.addingTimeInterval(1400)))
        XCTAssertNotNil(try auth.authenticate(sessionToken: second.token.value, now: now.addingTimeInterval(1950)))
        XCTAssertNotNil(try auth.authenticate(sessionToken: second.token.value, now: now.addingTimeInterval(2500)))
        XCTAssertNotNil(try auth.authenticate(sessionToken: second.token.value, now: now.addingTimeInterval(3050)))
        XCTAssertNil(try auth.authenticate(sessionToken: second.token.value, now: now.addingTimeInterval(3600)))

        // Sign out one; sign out everywhere else keeping the asking session.
        let fourth = try auth.signIn(email: "f@example.com", password: "f's password ok", client: client, now: now)
        XCTAssertTrue(try auth.signOut(sessionToken: third.token.value, now: now))
        XCTAssertFalse(try auth.signOut(sessionToken: third.token.value, now: now))
        XCTAssertNil(try auth.authenticate(sessionToken: third.token.value, now: now))
        let fifth = try auth.signIn(email: "f@example.com", password: "f's password ok", client: client, now: now)
        XCTAssertEqual(try auth.signOutEverywhere(personID: first.person.id, keeping: fifth.session.id, now: now), 3)
        XCTAssertNil(try auth.authenticate(sessionToken: fourth.token.value, now: now))
        XCTAssertNotNil(try auth.authenticate(sessionToken: fifth.token.value, now: now))
        XCTAssertEqual(try auth.signOutEverywhere(personID: first.person.id, now: now), 1)
        XCTAssertNil(try auth.authenticate(sessionToken: fifth.token.value, now: now))
    }

    func test_sessions_endWhenThePersonIsDisabled() throws {
        let cafe = try fixture.tenant("cafe")
        let auth = fixture.authenticator()
        let signedIn = try fixture.staff("g@example.com", .manager, of: cafe)
        XCTAssertNotNil(try auth.authenticate(sessionToken: signedIn.token.value, now: now))
        try fixture.pool.withConnection { try StaffDirectory().setDisabled(true, personID: signedIn.person.id, $0) }
        XCTAssertNil(try auth.authenticate(sessionToken: signedIn.token.value, now: now))
    }

    func test_resetPassword_setsTheNewPassword_signsOutEverywhere_andWorksOnce() throws {
        let cafe = try fixture.tenant("cafe")
        let auth = fixture.authenticator()
        let before = try fixture.staff("h@example.com", .manager, of: cafe, password: "old password here")
        let (older, token) = try fixture.pool.withConnection { conn in
            (
                try StaffLinkStore().createPasswordReset(personID: before.person.id, now: self.now, conn).0.value,
                try StaffLinkStore().createPasswordReset(personID: before.person.id, now: self.now, conn).0.value
            )
        }
        assertThrows(.weakPassword("at least 10 characters")) {
            try auth.resetPassword(token: token, newPassword: "short", client: client, now: now)
        }
        let after = try auth.resetPassword(token: token, newPassword: "new password here", client: client, now: now)
        XCTAssertEqual(after.person.id, before.person.id)
        XCTAssertNil(try auth.authenticate(sessionToken: before.token.value, now: now))
        XCTAssertNotNil(try auth.authenticate(sessionToken: after.token.value, now: now))
        assertThrows(.invalidCredentials) {
            try auth.signIn(email: "h@example.com", password: "old password here", client: client, now: now)
        }
        XCTAssertNoThrow(
            try auth.signIn(email: "h@example.com", password: "new password here", client: client, now: now))
        assertThrows(.linkUsed) {
            try auth.resetPassword(token: token, newPassword: "third password", client: client, now: now)
        }
        assertThrows(
            .linkExpired,
            { try auth.resetPassword(token: older, newPassword: "third password", client: client, now: now) })
        let late = try fixture.pool.withConnection {
            try StaffLinkStore().createPasswordReset(personID: before.person.id, now: self.now, $0).0.value
        }
        assertThrows(.linkExpired) {
            try auth.resetPassword(
                token: late, newPassword: "third password", client: client, now: now.addingTimeInterval(3600))
        }
    }

    func test_telegramSignInLink_signsInOnce() throws {
        let cafe = try fixture.tenant("cafe")
        let auth = fixture.authenticator()
        let person = try fixture.staff("i@example.com", .support, of: cafe).person
        try fixture.pool.withConnection { try StaffDirectory().linkTelegram(userID: 4242, personID: person.id, $0) }
        let other = try fixture.staff("j@example.com", .support, of: cafe).person
        assertThrows(.telegramTaken) {
            try self.fixture.pool.withConnection {
                try StaffDirectory().linkTelegram(userID: 4242, personID: other.id, $0)
            }
        }
        let found = try fixture.pool.withConnection { try StaffDirectory().person(telegramUserID: 4242, $0) }
        XCTAssertEqual(found?.id, person.id)
        let token = try fixture.pool.withConnection {
            try StaffLinkStore().createTelegramSignIn(personID: person.id, tenantID: cafe.id, now: self.now, $0).0.value
        }
        let signedIn = try auth.signIn(telegramLink: token, client: client, now: now.addingTimeInterval(30))
        XCTAssertEqual(signedIn.person.id, person.id)
        assertThrows(.linkUsed) {
            try auth.signIn(telegramLink: token, client: client, now: now.addingTimeInterval(31))
        }
        let expired = try fixture.pool.withConnection {
            try StaffLinkStore().createTelegramSignIn(personID: person.id, tenantID: cafe.id, now: self.now, $0).0.value
        }
        assertThrows(.linkExpired) {
            try auth.signIn(telegramLink: expired, client: client, now: now.addingTimeInterval(600))
        }
    }

    func test_invitationLink_cannotGuessAnExistingAccountsPasswordUnlimited() throws {
        let cafe = try fixture.tenant("cafe")
        try fixture.staff("k@example.com", .owner, of: cafe, password: "k's real password")
        var auth = fixture.authenticator()
        auth.accountLimit = SignInRateLimit(limit: 2, window: 600)
        let token = try invitation(cafe.id, .analyst, email: "k@example.com")
        for _ in 0..<2 {
            assertThrows(.passwordRequired) {
                try auth.acceptInvitation(
                    token: token, displayName: "K", password: "guess guess", client: client, now: now)
            }
        }
        assertThrows(.rateLimited(retryAfter: 600)) {
            try auth.acceptInvitation(
                token: token, displayName: "K", password: "k's real password", client: client, now: now)
        }
    }
}
