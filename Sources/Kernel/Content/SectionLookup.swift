import Blueprint
import Tenancy

/// Finds the blueprint section a content call is about.
public enum SectionLookup {
    /// For staff writes: the `section` field, or the only section of that type when omitted.
    public static func forStaff(_ id: String?, type: SectionType, in blueprint: Blueprint) throws(AreaError) -> Section {
        let candidates = blueprint.sections.filter { $0.type == type }
        let names = candidates.map(\.id).joined(separator: ", ")
        guard let id else {
            if candidates.count == 1 { return candidates[0] }
            throw .invalid(
                "section",
                candidates.isEmpty
                    ? "the live blueprint has no \(type.rawValue) section" : "required: one of \(names)")
        }
        guard let section = candidates.first(where: { $0.id == id }) else {
            throw .invalid(
                "section",
                candidates.isEmpty
                    ? "the live blueprint has no \(type.rawValue) section"
                    : "no \(type.rawValue) section \"\(id)\"; expected one of \(names)")
        }
        return section
    }

    /// For end users: the section in the path, if it exists, has this type and is visible to them.
    public static func forParticipant(_ call: ParticipantCall, type: SectionType) throws(AreaError) -> Section {
        let id = call.params["section"] ?? ""
        let context = ScreenContext(locale: call.locale, tags: call.tags, now: call.now)
        guard let section = call.tenant.blueprint.section(id: id), section.type == type,
            call.tenant.interpreter.isVisible(section, context: context)
        else {
            throw .notFound(code: "section_not_found", message: "no visible \(type.rawValue) section \"\(id)\" in this app")
        }
        return section
    }
}

extension Section {
    public var newsSettings: NewsSettings? {
        if case .news(let settings) = kind { return settings }
        return nil
    }

    public var eventsSettings: EventsSettings? {
        if case .events(let settings) = kind { return settings }
        return nil
    }
}

/// Parses a path parameter that must be a positive id.
public func pathID(_ raw: String?, notFound: AreaError) throws(AreaError) -> Int64 {
    guard let raw, let id = Int64(raw), id > 0 else { throw notFound }
    return id
}
