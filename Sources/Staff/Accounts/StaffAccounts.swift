import Foundation
import Kernel
import Postgres
import TesseraCrypto

/// The accounts facade the back office's routes call: sign in, accept an invitation, reset a
/// password, sign in with a Telegram link, recognise a session, sign out. Hashing runs on the
/// caller's thread without holding a database connection; each database step is one short
/// transaction.
public struct StaffAccounts: Sendable {
    public let pool: PostgresPool
    public let hashing: PasswordHashing
    public var sessions: StaffSessionStore
    public var accountLimit: SignInRateLimit = .perAccount
    public var addressLimit: SignInRateLimit = .perAddress
    public var passwordPolicy = PasswordPolicy()

    let directory = StaffDirectory()
    let links = StaffLinkStore()
    let failures = SignInFailureStore()

    public init(pool: PostgresPool, hashing: PasswordHashing, sessionPolicy: SessionPolicy = SessionPolicy()) {
        self.pool = pool
        self.hashing = hashing
        sessions = StaffSessionStore(policy: sessionPolicy)
    }

    /// A new session: the cookie's token (shown once), the CSRF token in `session`, and who it is.
    public struct SignedIn: Sendable {
        public var token: StaffSecretToken
        public var session: StaffSession
        public var person: StaffPerson
        public var memberships: [StaffMembership]
    }

    /// A request's session, its person and their tenants with roles.
    public struct Authenticated: Sendable, Equatable {
        public var session: StaffSession
        public var person: StaffPerson
        public var memberships: [StaffMembership]

        /// The person's role in the tenant, nil when they are not its staff.
        public func role(inTenant tenantID: Int64) -> StaffRole? {
            memberships.first { $0.tenantID == tenantID }?.role
        }
    }

    /// Where a request comes from, stored with the session.
    public struct Client: Sendable {
        public var address: String
        public var userAgent: String
        public init(address: String, userAgent: String) {
            self.address = address
            self.userAgent = userAgent
        }
    }

    /// Email and password to a session. An unknown email and a wrong password both throw
    /// `invalidCredentials` after the same work; too many failures throw `rateLimited`.
    public func signIn(email rawEmail: String, password: String, client: Client, now: Date = Date()) throws -> SignedIn
    {
        let email = try? EmailAddress(rawEmail)
        let keys = [
            email.map(SignInFailureStore.accountKey) ?? SignInFailureStore.accountKey(unparsed: rawEmail),
            SignInFailureStore.addressKey(client.address),
        ]
        let (person, stored) = try pool.withConnection { conn -> (StaffPerson?, String?) in
            try checkRateLimits(keys, now: now, conn)
            guard let email, let person = try directory.person(email: email, conn) else { return (nil, nil) }
            return (person, try directory.passwordHash(personID: person.id, conn))
        }
        let (matches, hash) = hashing.verify(password, against: stored)
        guard let person, matches, let hash else {
            try recordFailure(keys, now: now)
            throw StaffAccountError.invalidCredentials
        }
        guard !person.disabled else { throw StaffAccountError.accountDisabled }
        let upgraded = hash.needsRehash(target: hashing.parameters) ? try hashing.hash(password) : nil
        return try pool.transaction { conn in
            try failures.clear(keys[0], conn)
            if let upgraded { try directory.setPasswordHash(upgraded, personID: person.id, conn) }
            return try startSession(person, client: client, now: now, conn)
        }
    }

    /// Accepts an invitation: joins the tenant with the invitation's role, creating the account
    /// (name, password, the email the invitation named or `email`) or, for an email that
    /// already has an account, checking its password. Signs in. The link works once: of
    /// several accepting at once, one gets it and the others `linkUsed`.
    public func acceptInvitation(
        token: String, displayName: String, password: String, email rawEmail: String? = nil, locale: StaffLocale? = nil,
        client: Client, now: Date = Date()
    ) throws -> SignedIn {
        let name = try DisplayName.validate(displayName)
        // Early, clear errors and the account the link leads to; the authoritative use comes later.
        let (link, existing, stored) = try pool.withConnection { conn -> (StaffLink, StaffPerson?, String?) in
            let link = try links.peek(token, kind: .invitation, now: now, conn)
            var person = try link.personID.flatMap { try directory.person(id: $0, conn) }
            if person == nil {
                guard let rawEmail, !rawEmail.isEmpty else { throw StaffAccountError.emailRequired }
                person = try directory.person(email: try EmailAddress(rawEmail), conn)
            }
            let stored = try person.flatMap { try directory.passwordHash(personID: $0.id, conn) }
            if let person, stored != nil { try checkRateLimits(keys(person, client), now: now, conn) }
            return (link, person, stored)
        }
        let newHash: PasswordHash?
        if let stored, let existing {
            // A password check like signing in, rate limited the same way: otherwise an
            // invitation link would be a way to guess an existing account's password.
            guard hashing.verify(password, against: stored).matches else {
                try recordFailure(keys(existing, client), now: now)
                throw StaffAccountError.passwordRequired
            }
            newHash = nil
        } else {
            try passwordPolicy.check(password)
            newHash = try hashing.hash(password)
        }
        return try pool.transaction { conn in
            let used = try links.use(token, kind: .invitation, by: existing?.id, now: now, conn)
            var person: StaffPerson
            if let existing {
                person = existing
                if let newHash {
                    // Set only if still unset: a password chosen meanwhile elsewhere wins.
                    guard
                        try conn.execute(
                            """
                            UPDATE \(ident: directory.p).staff_people SET password_hash = \(newHash.encoded), display_name = \(name),
                                updated_at = now()
                            WHERE id = \(existing.id) AND password_hash IS NULL
                            """) == 1
                    else { throw StaffAccountError.passwordRequired }
                    person.displayName = name
                    person.hasPassword = true
                }
            } else {
                guard let rawEmail else { throw StaffAccountError.emailRequired }
                person = try directory.findOrCreate(email: try EmailAddress(rawEmail), displayName: name, conn)
                guard !person.hasPassword, let newHash else { throw StaffAccountError.passwordRequired }
                try directory.setPasswordHash(newHash, personID: person.id, conn)
                person.hasPassword = true
                try links.setUsedBy(person.id, linkID: used.id, conn)
            }
            guard !person.disabled else { throw StaffAccountError.accountDisabled }
            if let locale {
                try directory.setLocale(locale, personID: person.id, conn)
                person.locale = locale
            }
            try directory.addMember(personID: person.id, tenantID: link.tenantID!, role: link.role!, conn)
            return try startSession(person, client: client, now: now, conn)
        }
    }

    /// Sets a new password through a reset link, signs out every other session and signs in.
    public func resetPassword(token: String, newPassword: String, client: Client, now: Date = Date()) throws -> SignedIn
    {
        try passwordPolicy.check(newPassword)
        _ = try pool.withConnection { try links.peek(token, kind: .passwordReset, now: now, $0) }
        let hash = try hashing.hash(newPassword)
        return try pool.transaction { conn in
            let link = try links.use(token, kind: .passwordReset, by: nil, now: now, conn)
            guard let personID = link.personID, var person = try directory.person(id: personID, conn) else {
                throw StaffAccountError.linkNotFound
            }
            guard !person.disabled else { throw StaffAccountError.accountDisabled }
            try links.setUsedBy(personID, linkID: link.id, conn)
            try directory.setPasswordHash(hash, personID: personID, conn)
            try links.expireUnused(kind: .passwordReset, personID: personID, now: now, conn)
            try sessions.revokeAll(personID: personID, now: now, conn)
            person.hasPassword = true
            return try startSession(person, client: client, now: now, conn)
        }
    }

    /// Signs in through a "sign in with Telegram" link the tenant's bot sent.
    public func signIn(telegramLink token: String, client: Client, now: Date = Date()) throws -> SignedIn {
        try pool.transaction { conn in
            let link = try links.use(token, kind: .telegramSignIn, by: nil, now: now, conn)
            guard let personID = link.personID, let person = try directory.person(id: personID, conn) else {
                throw StaffAccountError.linkNotFound
            }
            guard !person.disabled else { throw StaffAccountError.accountDisabled }
            try links.setUsedBy(personID, linkID: link.id, conn)
            return try startSession(person, client: client, now: now, conn)
        }
    }

    /// Sets a person's password directly (the platform operator's tools: `tessera dev`'s demo
    /// owner). Checked against the policy and hashed like any other.
    public func setPassword(_ password: String, personID: Int64) throws {
        try passwordPolicy.check(password)
        let hash = try hashing.hash(password)
        try pool.withConnection { try directory.setPasswordHash(hash, personID: personID, $0) }
    }

    /// The session behind a cookie value, or nil when it is unknown, revoked, expired or idle too long.
    public func authenticate(sessionToken: String, now: Date = Date()) throws -> Authenticated? {
        try pool.withConnection { conn in
            guard let (session, person) = try sessions.validate(sessionToken, now: now, conn) else { return nil }
            return Authenticated(
                session: session, person: person, memberships: try directory.memberships(of: person.id, conn))
        }
    }

    /// Signs out the session behind a cookie value.
    @discardableResult
    public func signOut(sessionToken: String, now: Date = Date()) throws -> Bool {
        try pool.withConnection { try sessions.revoke(token: sessionToken, now: now, $0) }
    }

    /// Signs the person out of every session, except `keeping` (the one asking) if given.
    @discardableResult
    public func signOutEverywhere(personID: Int64, keeping: Int64? = nil, now: Date = Date()) throws -> Int {
        try pool.withConnection { try sessions.revokeAll(personID: personID, keeping: keeping, now: now, $0) }
    }

    private func keys(_ person: StaffPerson, _ client: Client) -> [String] {
        let account =
            (try? EmailAddress(person.email)).map(SignInFailureStore.accountKey)
            ?? SignInFailureStore.accountKey(unparsed: person.email)
        return [account, SignInFailureStore.addressKey(client.address)]
    }

    /// Throws `rateLimited` when the account key (first) or the address key (second) has had too many failures.
    private func checkRateLimits(_ keys: [String], now: Date, _ conn: PostgresConnection) throws {
        let decision = SignInRateLimit.combine([
            accountLimit.decide(failures: try failures.recent(keys[0], rule: accountLimit, now: now, conn), now: now),
            addressLimit.decide(failures: try failures.recent(keys[1], rule: addressLimit, now: now, conn), now: now),
        ])
        if case .retryAfter(let seconds) = decision { throw StaffAccountError.rateLimited(retryAfter: seconds) }
    }

    private func recordFailure(_ keys: [String], now: Date) throws {
        try pool.withConnection {
            try failures.record(keys, window: max(accountLimit.window, addressLimit.window), now: now, $0)
        }
    }

    private func startSession(_ person: StaffPerson, client: Client, now: Date, _ conn: PostgresConnection) throws
        -> SignedIn
    {
        let (token, session) = try sessions.create(
            personID: person.id, address: client.address, userAgent: client.userAgent, now: now, conn)
        return SignedIn(
            token: token, session: session, person: person, memberships: try directory.memberships(of: person.id, conn))
    }
}
