import Foundation
import HTTP
import Kernel
import Postgres
import Tenancy
import TesseraCrypto
import TesseraJSON

/// The back office's sign-in and session routes under `/office/api/` (docs/back-office.md):
/// email + password, invitations, password resets, "sign in with Telegram", the current session,
/// sign-out (here and everywhere), and the person's settings. They set and read the
/// `tessera_session` cookie themselves (`HttpOnly`, `SameSite=Lax`, `Secure` on https); every
/// state-changing route that acts on a session checks its CSRF token.
extension StaffArea {
    var sessionEndpoints: [Endpoint] {
        [
            .open(.POST, "/office/api/session", signIn),
            .open(.GET, "/office/api/session", current),
            .open(.DELETE, "/office/api/session", signOut),
            .open(.POST, "/office/api/session/sign-out-everywhere", signOutEverywhere),
            .open(.PATCH, "/office/api/me", updateMe),
            .open(.GET, "/office/api/invitations/{token}", invitation),
            .open(.POST, "/office/api/invitations/{token}/accept", acceptInvitation),
            .open(.POST, "/office/api/password-resets/{token}", resetPassword),
            .open(.POST, "/office/api/telegram-sign-in", requestTelegramLink),
            .open(.POST, "/office/api/telegram-sign-in/{token}", signInWithTelegram),
        ]
    }

    /// The longest password sign-in takes (docs/openapi.json); set passwords are shorter still.
    static let maxSignInPassword = 256

    var secureCookies: Bool { publicURL?.lowercased().hasPrefix("https://") ?? false }

    func client(_ request: HTTPRequest) -> StaffAccounts.Client {
        StaffAccounts.Client(address: request.remoteAddress, userAgent: request.headers["User-Agent"] ?? "")
    }

    // MARK: signing in

    func signIn(_ call: OpenCall) throws -> HTTPResponse {
        try requireSameOrigin(call.request)
        var reader = try BodyReader(call.request, allowed: ["email", "password"])
        let email = reader.require("email", reader.string("email", max: 254)) ?? ""
        let password = reader.require("password", reader.rawString("password", maxBytes: 1024)) ?? ""
        // No password is longer (PasswordPolicy), so a longer one is a bad request, not a failed sign-in.
        if password.count > Self.maxSignInPassword {
            reader.fail("password", "must be at most \(Self.maxSignInPassword) characters")
        }
        try reader.finish()
        return try signedIn {
            try accounts.signIn(email: email, password: password, client: client(call.request), now: call.now)
        }
    }

    func acceptInvitation(_ call: OpenCall) throws -> HTTPResponse {
        try requireSameOrigin(call.request)
        var reader = try BodyReader(call.request, allowed: ["email", "name", "password", "locale"])
        let email = reader.string("email", max: 254)
        let name = reader.require("name", reader.string("name", max: 100)) ?? ""
        let password = reader.require("password", reader.rawString("password", maxBytes: 1024)) ?? ""
        let locale = reader.string("locale", max: 5).flatMap { raw -> StaffLocale? in
            guard let locale = StaffLocale(rawValue: raw) else {
                reader.fail("locale", "expected ru or en")
                return nil
            }
            return locale
        }
        try reader.finish()
        let token = call.params["token"] ?? ""
        return try signedIn(link: "invitation") {
            try accounts.acceptInvitation(
                token: token, displayName: name, password: password, email: email, locale: locale,
                client: client(call.request),
                now: call.now)
        }
    }

    func resetPassword(_ call: OpenCall) throws -> HTTPResponse {
        try requireSameOrigin(call.request)
        var reader = try BodyReader(call.request, allowed: ["password"])
        let password = reader.require("password", reader.rawString("password", maxBytes: 1024)) ?? ""
        try reader.finish()
        let token = call.params["token"] ?? ""
        return try signedIn {
            try accounts.resetPassword(token: token, newPassword: password, client: client(call.request), now: call.now)
        }
    }

    func signInWithTelegram(_ call: OpenCall) throws -> HTTPResponse {
        try requireSameOrigin(call.request)
        try BodyReader.requireNone(call.request)
        let token = call.params["token"] ?? ""
        return try signedIn { try accounts.signIn(telegramLink: token, client: client(call.request), now: call.now) }
    }

    /// Asks the bot to send a one-time sign-in link to the person's linked Telegram account.
    /// Always 202, whether or not the email is known or linked, so the route reveals no accounts.
    func requestTelegramLink(_ call: OpenCall) throws -> HTTPResponse {
        try requireSameOrigin(call.request)
        var reader = try BodyReader(call.request, allowed: ["email"])
        let raw = reader.require("email", reader.string("email", max: 254)) ?? ""
        try reader.finish()
        if let email = try? EmailAddress(raw) {
            try pool.withConnection { conn in
                guard let person = try StaffDirectory().person(email: email, conn) else { return }
                try BotLinkJob(.signIn).enqueue(person: person, now: call.now, conn)
            }
        }
        return Reply.json(["accepted": true], status: 202)
    }

    /// Runs a sign-in step: 200 with the session and its cookie, or the step's error.
    func signedIn(link: String = "link", _ step: () throws -> StaffAccounts.SignedIn) throws -> HTTPResponse {
        let result: StaffAccounts.SignedIn
        do {
            result = try step()
        } catch let error as StaffAccountError {
            throw SessionError(error, link: link)
        }
        var response = Reply.json(sessionJSON(result.person, result.memberships, csrf: result.session.csrfToken))
        response.headers.add(
            name: "Set-Cookie",
            value: Cookies.setCookie(
                SessionCookie.name, result.token.value, maxAge: Int(accounts.sessions.policy.lifetime),
                secure: secureCookies))
        return response
    }

    // MARK: the session

    /// The session behind the request's cookie, or 401.
    func session(_ request: HTTPRequest, now: Date) throws -> StaffAccounts.Authenticated {
        guard let cookie = Cookies.value(SessionCookie.name, in: request.headers) else {
            throw SessionError.unauthorized("session_missing", "not signed in")
        }
        guard let signedIn = try accounts.authenticate(sessionToken: cookie, now: now) else {
            throw SessionError.unauthorized(
                "session_expired", "the session has expired or was signed out; sign in again")
        }
        if !request.method.isSafe {
            guard BrowserOrigin.isSameOrigin(request) else { throw SessionError(StaffAuthFailure.originMismatch.response) }
            guard let sent = request.headers[SessionCookie.csrfHeader],
                ConstantTime.equals(Array(sent.utf8), Array(signedIn.session.csrfToken.utf8))
            else { throw SessionError(StaffAuthFailure.csrfFailed.response) }
        }
        return signedIn
    }

    func current(_ call: OpenCall) throws -> HTTPResponse {
        let signedIn = try session(call.request, now: call.now)
        return Reply.json(sessionJSON(signedIn.person, signedIn.memberships, csrf: signedIn.session.csrfToken))
    }

    func signOut(_ call: OpenCall) throws -> HTTPResponse {
        let signedIn = try session(call.request, now: call.now)
        try BodyReader.requireNone(call.request)
        try pool.withConnection {
            _ = try accounts.sessions.revoke(
                sessionID: signedIn.session.id, personID: signedIn.person.id, now: call.now, $0)
        }
        return clearedCookie()
    }

    func signOutEverywhere(_ call: OpenCall) throws -> HTTPResponse {
        let signedIn = try session(call.request, now: call.now)
        try BodyReader.requireNone(call.request)
        try accounts.signOutEverywhere(personID: signedIn.person.id, now: call.now)
        return clearedCookie()
    }

    func clearedCookie() -> HTTPResponse {
        var response = HTTPResponse(status: 204, headers: HTTPHeaders(), body: [])
        response.headers.add(
            name: "Set-Cookie", value: Cookies.setCookie(SessionCookie.name, "", maxAge: 0, secure: secureCookies))
        return response
    }

    func updateMe(_ call: OpenCall) throws -> HTTPResponse {
        let signedIn = try session(call.request, now: call.now)
        var reader = try BodyReader(call.request, allowed: ["locale", "name"], patch: true)
        let locale = reader.string("locale", max: 5).flatMap { raw -> StaffLocale? in
            guard let locale = StaffLocale(rawValue: raw) else {
                reader.fail("locale", "expected ru or en")
                return nil
            }
            return locale
        }
        let name = reader.string("name", max: 100)
        try reader.finish()
        var person = signedIn.person
        try pool.transaction { conn in
            if let locale {
                try StaffDirectory().setLocale(locale, personID: person.id, conn)
                person.locale = locale
            }
            if let name {
                let valid: String
                do throws(StaffAccountError) { valid = try DisplayName.validate(name) } catch {
                    throw AreaError.invalid("name", error.description)
                }
                try StaffDirectory().setDisplayName(valid, personID: person.id, conn)
                person.displayName = valid
            }
        }
        return Reply.json(["staff": personJSON(person)])
    }

    // MARK: links

    func invitation(_ call: OpenCall) throws -> HTTPResponse {
        let token = call.params["token"] ?? ""
        let (link, email, title): (StaffLink, String?, String?)
        do {
            (link, email, title) = try pool.withConnection { conn in
                let link = try StaffLinkStore().peek(token, kind: .invitation, now: call.now, conn)
                return (
                    link, try link.personID.flatMap { try StaffDirectory().person(id: $0, conn) }?.email,
                    try link.tenantID.flatMap { try StaffDirectory().tenantTitle(id: $0, conn) }
                )
            }
        } catch let error as StaffAccountError {
            throw SessionError(error, link: "invitation")
        }
        let tenant = link.tenantID.flatMap { id in registry.all.first { $0.id == id } }
        return Reply.json([
            "tenant": tenant.map { .string($0.slug.rawValue) } ?? .null, "title": title.map(JSONValue.string) ?? .null,
            "role": link.role.map { .string($0.rawValue) } ?? .null, "email": email.map(JSONValue.string) ?? .null,
            "name": link.displayName.isEmpty ? .null : .string(link.displayName),
            "expires_at": .string(Instant.format(link.expiresAt)),
        ])
    }

    /// Sign-in routes refuse a cross-site request (login CSRF: signing a victim in as the attacker).
    func requireSameOrigin(_ request: HTTPRequest) throws {
        guard BrowserOrigin.isSameOrigin(request) else {
            throw AreaError.forbidden(
                code: "origin_mismatch", message: "sign-in requests must come from this site's pages")
        }
    }

    // MARK: JSON

    func personJSON(_ person: StaffPerson) -> JSONValue {
        [
            "id": .int(person.id), "email": .string(person.email), "name": .string(person.displayName),
            "locale": .string(person.locale.rawValue), "telegram_linked": .bool(person.telegramUserID != nil),
        ]
    }

    func sessionJSON(_ person: StaffPerson, _ memberships: [StaffMembership], csrf: String) -> JSONValue {
        let entries: [JSONValue] = memberships.sorted { $0.tenantSlug < $1.tenantSlug }.map { membership in
            let tenant = registry.all.first { $0.id == membership.tenantID }
            return [
                "tenant": .string(membership.tenantSlug), "title": .string(membership.tenantTitle),
                "role": .string(membership.role.rawValue),
                "screens": .array(OfficeScreens.allowed(membership.role, tenant: tenant).map(JSONValue.string)),
                "can": .array(OfficeScreens.permissions(membership.role).map(JSONValue.string)),
            ]
        }
        return ["staff": personJSON(person), "memberships": .array(entries), "csrf_token": .string(csrf)]
    }
}
