import Blueprint
import Foundation
import HTTP
import Kernel
import Telegram
import Tenancy
import TesseraCrypto
import TesseraJSON

/// The end-user API under `/api/v1/{tenant}`: the app manifest and its screens.
enum EndUserRoutes {
    /// How long a rendered screen is reused before date windows are re-evaluated.
    static let renderTTL: TimeInterval = 30

    static func register(_ router: inout Router, _ context: AppContext) {
        // The manifest and cached screens are answered on the event loop when everything they
        // need is in memory (`fromMemory`); the worker path below answers the rest in full.
        router.add(
            .GET, "/api/v1/{tenant}/app",
            inline: { request, params in
                fromMemory(request, params, context) { tenant, data, participant, now in
                    cachedManifest(request, tenant, data, participant, now)
                }
            }
        ) { request, params in
            handle(request, params, context) { tenant, data, participant, now in
                manifest(request, tenant, data, participant, now)
            }
        }
        router.add(
            .GET, "/api/v1/{tenant}/screens/{section}",
            inline: { request, params in
                fromMemory(request, params, context) { tenant, data, participant, now in
                    cachedScreen(request, section: params["section"] ?? "", context, tenant, data, participant, now)
                }
            }
        ) { request, params in
            handle(request, params, context) { (tenant, data, participant, now) throws(APIError) -> HTTPResponse in
                let section = params["section"] ?? ""
                let response: HTTPResponse
                if let live = tenant.blueprint.section(id: section), let area = context.liveArea(for: live) {
                    response = try liveScreen(request, section: live, area: area, context, tenant, data, participant, now)
                } else {
                    response = try screen(request, section: section, tenant, data, participant, now)
                }
                // Visits count for open_section quests, whatever the section's type.
                for area in context.areas { area.screenServed(tenant: tenant, section: section, participant: participant.id) }
                return response
            }
        }
        router.add(.GET, "/api/v1/{tenant}/screens/{section}/mine") { request, params in
            handle(request, params, context) { (tenant, data, participant, now) throws(APIError) -> HTTPResponse in
                try personalScreen(request, params: params, context, tenant, data, participant, now)
            }
        }
    }

    /// Resolves the tenant, authenticates the caller, records the participant and refuses a banned
    /// one (403 `banned`), then runs `body`.
    static func handle(
        _ request: HTTPRequest, _ params: RouteParameters, _ context: AppContext,
        _ body: (LiveTenant, InitData, ParticipantSnapshot, Date) throws(APIError) -> HTTPResponse
    ) -> HTTPResponse {
        let slug = params["tenant"] ?? ""
        let now = Date()
        do throws(APIError) {
            guard let tenant = context.registry.tenant(slug) else { throw .missingTenant(slug, context.registry) }
            guard tenant.status == .active else { throw .tenantSuspended(slug) }
            var data = try context.authenticator.authenticate(request, tenant: tenant, now: now)
            // A mini app opened from the welcome's web_app button has no start_param (Telegram sets
            // it only for t.me links): the front end passes the button URL's `startapp` instead.
            if data.startParam == nil, let carried = StartParameter.carried(request) { data.startParam = carried }
            let participant: ParticipantSnapshot
            do {
                participant = try context.participants.touch(data, tenant: tenant, now: now)
            } catch {
                context.logger.error(
                    "participant upsert failed",
                    [("tenant", .string(slug)), ("request_id", .string(request.requestID)), ("error", .string(String(describing: error)))])
                throw .unavailable("database unavailable, retry shortly")
            }
            // One check for every end-user route, the areas' included.
            if let ban = ParticipantStanding.ban(participant, now: now) { throw ParticipantStanding.refusal(ban) }
            if participant.created {
                for area in context.areas { area.participantJoined(tenant: tenant, initData: data, participant: participant.id, now: now) }
            }
            return try body(tenant, data, participant, now)
        } catch {
            return error.response
        }
    }

    /// `handle` for the event loop: the same checks, from memory only — an active tenant, valid
    /// initData, a cached participant who is not banned — then `body`. Nil whenever any of that
    /// would need the database or is refused: the worker path then answers, errors included.
    static func fromMemory(
        _ request: HTTPRequest, _ params: RouteParameters, _ context: AppContext,
        _ body: (LiveTenant, InitData, ParticipantSnapshot, Date) -> HTTPResponse?
    ) -> HTTPResponse? {
        let now = Date()
        guard let tenant = context.registry.tenant(params["tenant"] ?? ""), tenant.status == .active,
            var data = try? context.authenticator.authenticate(request, tenant: tenant, now: now)
        else { return nil }
        if data.startParam == nil, let carried = StartParameter.carried(request) { data.startParam = carried }
        guard let participant = context.participants.cached(data, tenant: tenant, now: now),
            ParticipantStanding.ban(participant, now: now) == nil
        else { return nil }
        return body(tenant, data, participant, now)
    }

    /// A cached screen of `section` (static or shared live), if the areas need nothing to serve it.
    static func cachedScreen(
        _ request: HTTPRequest, section: String, _ context: AppContext, _ tenant: LiveTenant, _ data: InitData,
        _ participant: ParticipantSnapshot, _ now: Date
    ) -> HTTPResponse? {
        let response: HTTPResponse?
        if let live = tenant.blueprint.section(id: section), let area = context.liveArea(for: live) {
            response = cachedLiveScreen(request, section: live, area: area, context, tenant, data, participant, now)
        } else {
            response = cachedStaticScreen(request, section: section, tenant, data, participant, now)
        }
        guard let response,
            context.areas.allSatisfy({
                $0.screenServedWithoutWaiting(tenant: tenant, section: section, participant: participant.id)
            })
        else { return nil }
        return response
    }

    static func locale(_ request: HTTPRequest, _ tenant: LiveTenant, _ data: InitData) -> String {
        tenant.interpreter.resolveLocale(request.queryValue("locale") ?? data.user.languageCode)
    }

    /// The app manifest: the tenant's part (name, navigation, theme) rendered once per blueprint
    /// version, locale and tags and kept as bytes for `renderTTL` (date windows); the caller's
    /// `participant` object is appended per request.
    static func manifest(
        _ request: HTTPRequest, _ tenant: LiveTenant, _ data: InitData, _ participant: ParticipantSnapshot, _ now: Date
    ) -> HTTPResponse {
        if let cached = cachedManifest(request, tenant, data, participant, now) { return cached }
        let locale = locale(request, tenant, data)
        let tags = participant.tags.sorted()
        var object = JSONObject()
        object["tenant"] = .string(tenant.slug.rawValue)
        object["version"] = .int(tenant.version)
        if case .object(let rendered) = tenant.interpreter.manifest(locale: locale, tags: Set(tags), now: now) {
            for (key, value) in rendered where key != "participant" { object[key] = value }
        }
        let body = JSONValue.object(object).serialized()
        tenant.cache.put(
            manifestKey(locale, tags), .init(body: body, etag: "", expires: now.addingTimeInterval(renderTTL)))
        return manifest(request, tenantPart: body, data, participant)
    }

    /// The manifest when its tenant's part is cached; nil otherwise.
    static func cachedManifest(
        _ request: HTTPRequest, _ tenant: LiveTenant, _ data: InitData, _ participant: ParticipantSnapshot, _ now: Date
    ) -> HTTPResponse? {
        let key = manifestKey(locale(request, tenant, data), participant.tags.sorted())
        guard let hit = tenant.cache.get(key, now: now) else { return nil }
        return manifest(request, tenantPart: hit.body, data, participant)
    }

    private static func manifestKey(_ locale: String, _ tags: [String]) -> String {
        "manifest\u{0}\(locale)\u{0}\(tags.joined(separator: ","))"
    }

    /// The tenant's part with the caller's `participant` object appended.
    private static func manifest(
        _ request: HTTPRequest, tenantPart: [UInt8], _ data: InitData, _ participant: ParticipantSnapshot
    ) -> HTTPResponse {
        var body = tenantPart
        var user = JSONObject()
        user["id"] = .int(participant.id)
        user["first_name"] = .string(data.user.firstName)
        user["tags"] = .array(participant.tags.map { .string($0) })
        // `{…tenant's part…}` becomes `{…,"participant":{…}}`: the part always has members.
        body.removeLast()
        body.append(contentsOf: #","participant":"#.utf8)
        body.append(contentsOf: JSONValue.object(user).serialized())
        body.append(UInt8(ascii: "}"))
        return conditional(request, body: body, etag: etag(for: body))
    }

    static func screen(
        _ request: HTTPRequest, section: String, _ tenant: LiveTenant, _ data: InitData, _ participant: ParticipantSnapshot,
        _ now: Date
    ) throws(APIError) -> HTTPResponse {
        if let hit = cachedStaticScreen(request, section: section, tenant, data, participant, now) { return hit }
        let locale = locale(request, tenant, data)
        let tags = participant.tags.sorted()
        let key = screenKey(section, locale, tags)
        let context = ScreenContext(locale: locale, tags: Set(tags), now: now)
        guard let rendered = tenant.interpreter.screen(section, context: context) else { throw .screenNotFound(section) }
        let value: JSONValue = rendered["screen"] == nil ? ["screen": rendered] : rendered
        let body = value.serialized()
        let tag = versionedETag(body, tenant)
        tenant.cache.put(key, .init(body: body, etag: tag, expires: now.addingTimeInterval(renderTTL)))
        return conditional(request, body: body, etag: tag)
    }

    /// A screen without live data, if it is cached for the caller's locale and tags.
    static func cachedStaticScreen(
        _ request: HTTPRequest, section: String, _ tenant: LiveTenant, _ data: InitData, _ participant: ParticipantSnapshot,
        _ now: Date
    ) -> HTTPResponse? {
        let key = screenKey(section, locale(request, tenant, data), participant.tags.sorted())
        guard let hit = tenant.cache.get(key, now: now) else { return nil }
        return conditional(request, body: hit.body, etag: hit.etag)
    }

    private static func screenKey(_ section: String, _ locale: String, _ tags: [String]) -> String {
        "screen\u{0}\(section)\u{0}\(locale)\u{0}\(tags.joined(separator: ","))"
    }

    /// A screen's ETag: the blueprint version and the body's `etag`, so a new version never
    /// matches an old body's tag.
    static func versionedETag(_ body: [UInt8], _ tenant: LiveTenant) -> String {
        "\"v\(tenant.version)-\(etag(for: body).dropFirst().dropLast())\""
    }

    /// A strong ETag: the first 16 bytes of the body's SHA-256, hex.
    static func etag(for body: [UInt8]) -> String {
        "\"" + Hex.encode(Array(SHA256.hash(body).prefix(16))) + "\""
    }

    /// 304 when `If-None-Match` names `etag`, else 200 with the body.
    static func conditional(_ request: HTTPRequest, body: [UInt8], etag: String) -> HTTPResponse {
        var response: HTTPResponse
        if let inm = request.headers["If-None-Match"], matches(inm, etag) {
            response = .notModified(etag: etag)
        } else {
            response = .json(body)
            response.headers.add(name: "ETag", value: etag)
        }
        response.headers.add(name: "Cache-Control", value: "private, no-cache")
        response.headers.add(name: "Vary", value: "Authorization")
        return response
    }

    static func matches(_ header: String, _ etag: String) -> Bool {
        if header.trimmingCharacters(in: .whitespaces) == "*" { return true }
        return header.split(separator: ",").contains { candidate in
            var c = candidate.trimmingCharacters(in: .whitespaces)
            if c.hasPrefix("W/") { c.removeFirst(2) }
            return c == etag
        }
    }
}
