import Blueprint
import Foundation
import HTTP
import Postgres
import Kernel
import Telegram
import Tenancy
import TesseraJSON

extension EndUserRoutes {
    /// A screen of a section with live data (news, events, shop): the static part comes from a
    /// cache per blueprint version (re-rendered every `renderTTL`, like other screens). When the
    /// area can fill it alike for every caller (`fillShared`, a request without a query), the
    /// filled body is cached too, under the area's content version (`ContentVersions`): served
    /// from memory until the content changes, its next scheduled change, or `maxStaleness`.
    /// Otherwise the live part is read per request. ETag covers the whole body.
    static func liveScreen(
        _ request: HTTPRequest, section: Section, area: any Area, _ context: AppContext, _ tenant: LiveTenant, _ data: InitData,
        _ participant: ParticipantSnapshot, _ now: Date
    ) throws(APIError) -> HTTPResponse {
        // Served from memory first: nothing else is needed for a cached shared screen.
        if let hit = cachedLiveScreen(request, section: section, area: area, context, tenant, data, participant, now) {
            return hit
        }
        let locale = locale(request, tenant, data)
        let tags = participant.tags.sorted()
        let key = renderKey(tenant, section: section, locale: locale, tags: tags)
        let liveKey = "live\u{0}" + key
        let version = context.content.version(tenant.schema, area: area.name)
        let rendered = try self.rendered(section, key: key, locale: locale, tags: tags, context, tenant, now)
        let call = ParticipantCall(
            request: request, params: RouteParameters(), tenant: tenant, participantID: participant.id, initData: data, tags: Set(tags),
            locale: locale, now: now)
        let filled: JSONValue
        do {
            if request.query == nil, let shared = try fillShared(rendered, section: section, area: area, call: call) {
                let body = shared.screen.serialized()
                let tag = versionedETag(body, tenant)
                var expires = now.addingTimeInterval(min(ContentVersions.maxStaleness, renderTTL))
                if let changesAt = shared.changesAt { expires = min(expires, changesAt) }
                tenant.cache.put(liveKey, .init(body: body, etag: tag, expires: expires, version: version))
                return conditional(request, body: body, etag: tag)
            }
            filled = try fill(rendered, section: section, area: area, call: call)
        } catch let error as AreaError {
            // Bad query parameters of the feed (a stale cursor, an unknown category).
            return error.response
        } catch {
            context.logger.error(
                "live screen failed",
                [("tenant", .string(tenant.slug.rawValue)), ("request_id", .string(request.requestID)), ("error", .string(String(describing: error)))])
            throw .unavailable("database unavailable, retry shortly")
        }
        let body = filled.serialized()
        return conditional(request, body: body, etag: versionedETag(body, tenant))
    }
}

extension EndUserRoutes {
    /// The shared live screen from memory: cached for this content version, and the request has
    /// no query (a query's feed is read per request).
    static func cachedLiveScreen(
        _ request: HTTPRequest, section: Section, area: any Area, _ context: AppContext, _ tenant: LiveTenant, _ data: InitData,
        _ participant: ParticipantSnapshot, _ now: Date
    ) -> HTTPResponse? {
        guard request.query == nil else { return nil }
        let key = "live\u{0}" + renderKey(tenant, section: section, locale: locale(request, tenant, data), tags: participant.tags.sorted())
        guard let hit = tenant.cache.get(key, now: now, version: context.content.version(tenant.schema, area: area.name)) else {
            return nil
        }
        return conditional(request, body: hit.body, etag: hit.etag)
    }

    /// What a rendered live screen depends on: tenant, blueprint version, section, locale, tags.
    static func renderKey(_ tenant: LiveTenant, section: Section, locale: String, tags: [String]) -> String {
        "\(tenant.id)\u{0}\(tenant.version)\u{0}\(section.id)\u{0}\(locale)\u{0}\(tags.joined(separator: ","))"
    }

    /// The static part of a live screen, rendered at most every `renderTTL` per `key`; 404 when the
    /// section is not visible to the caller.
    static func rendered(
        _ section: Section, key: String, locale: String, tags: [String], _ context: AppContext, _ tenant: LiveTenant, _ now: Date
    ) throws(APIError) -> JSONValue {
        if let cached = context.staticScreens.get(key, now: now) { return cached }
        guard let fresh = tenant.interpreter.screen(section.id, context: ScreenContext(locale: locale, tags: Set(tags), now: now)) else {
            throw .screenNotFound(section.id)
        }
        context.staticScreens.put(key, fresh, expires: now.addingTimeInterval(renderTTL))
        return fresh
    }

    /// The rendered screen filled by `area` alike for every caller, or nil when it cannot be.
    static func fillShared(_ screen: JSONValue, section: Section, area: any Area, call: ParticipantCall) throws
        -> (screen: JSONValue, changesAt: Date?)?
    {
        guard case .object(var root) = screen, case .object(var body)? = root["screen"],
            let components = body["components"]?.arrayValue,
            let shared = try area.fillShared(components, section: section, call: call)
        else { return nil }
        body["components"] = .array(shared.components)
        if shared.personal { body["personal"] = .string(personalPath(section.id)) }
        root["screen"] = .object(body)
        return (.object(root), shared.changesAt)
    }

    /// Where the mini app fetches the caller's own part of a shared screen (`personalScreen`).
    static func personalPath(_ section: String) -> String { "/api/v1/{tenant}/screens/\(section)/mine" }

    /// The caller's own part of a live screen (`PersonalFill`): a separate small call, so the
    /// shared screen is answered from memory and painted before any per-caller query runs. Never
    /// cached: it is read from the database, so it is right on whichever server answers it.
    static func personalScreen(
        _ request: HTTPRequest, params: RouteParameters, _ context: AppContext, _ tenant: LiveTenant, _ data: InitData,
        _ participant: ParticipantSnapshot, _ now: Date
    ) throws(APIError) -> HTTPResponse {
        let id = params["section"] ?? ""
        guard let section = tenant.blueprint.section(id: id), let area = context.liveArea(for: section) else { throw .screenNotFound(id) }
        let locale = locale(request, tenant, data)
        let tags = participant.tags.sorted()
        let key = renderKey(tenant, section: section, locale: locale, tags: tags)
        let rendered = try self.rendered(section, key: key, locale: locale, tags: tags, context, tenant, now)
        let components = rendered["screen"]?["components"]?.arrayValue ?? []
        let call = ParticipantCall(
            request: request, params: params, tenant: tenant, participantID: participant.id, initData: data, tags: Set(tags),
            locale: locale, now: now)
        return AreaRoutes.run(request, tenant: tenant.slug.rawValue, context) {
            let body = try area.fillPersonal(components, section: section, call: call).json.serialized()
            return conditional(request, body: body, etag: versionedETag(body, tenant))
        }
    }

    /// The rendered screen with its components filled by `area`.
    static func fill(_ screen: JSONValue, section: Section, area: any Area, call: ParticipantCall) throws -> JSONValue {
        guard case .object(var root) = screen, case .object(var body)? = root["screen"],
            let components = body["components"]?.arrayValue
        else { return screen }
        body["components"] = .array(try area.fill(components, section: section, call: call))
        root["screen"] = .object(body)
        return .object(root)
    }
}

/// Rendered screens (as values, so live data can be spliced in), keyed by tenant, version and the
/// caller's context; bounded like the tenants' response caches.
final class StaticScreenCache: Sendable {
    private let entries = ReadWriteLocked<[String: (value: JSONValue, expires: Date)]>([:])
    private let capacity = 4_096

    func get(_ key: String, now: Date) -> JSONValue? {
        entries.read { map in
            guard let entry = map[key], entry.expires > now else { return nil }
            return entry.value
        }
    }

    func put(_ key: String, _ value: JSONValue, expires: Date) {
        entries.write { map in
            if map.count >= capacity { map.removeAll(keepingCapacity: true) }
            map[key] = (value, expires)
        }
    }
}
