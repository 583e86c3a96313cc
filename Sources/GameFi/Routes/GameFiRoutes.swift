import Blueprint
import Foundation
import HTTP
import Kernel
import Postgres
import Telegram
import Tenancy
import TesseraJSON
import TesseraLog

/// GameFi for end users: the state (`GET /api/v1/{tenant}/gamefi`) and the section-scoped actions
/// the interpreter emits (`POST …/sections/{section}/quests/{quest}/claim`, `…/taps`,
/// `…/referral`). One gamefi section per app, so the state is per tenant.
extension GameFiArea {
    static let maxTapsPerBatch: Int64 = 10_000

    var participantEndpoints: [Endpoint] {
        [
            .participant(.GET, "/api/v1/{tenant}/gamefi") { call in
                let (request, tenant, participant, now) = (call.request, call.tenant, call.participantID, call.now)
                guard let (section, settings) = gamefiSection(call, id: nil) else {
                    return notFound("this app has no gamefi section")
                }
                return try run(request, tenant) {
                    let state = try service.state(
                        schema: tenant.schema, settings: settings, participant: participant, now: now)
                    let locale = call.locale
                    return .json(
                        stateJSON(
                            state, section: section, settings: settings, tenant: tenant, participant: participant,
                            locale: locale
                        ).serialized())
                }
            },
            .participant(.POST, "/api/v1/{tenant}/sections/{section}/quests/{quest}/claim") { call in
                let (request, params, tenant, data, participant, now) = (
                    call.request, call.params, call.tenant, call.initData, call.participantID, call.now
                )
                guard let (section, settings) = gamefiSection(call, id: params["section"] ?? "") else {
                    return notFound("no visible gamefi section \"\(params["section"] ?? "")\"")
                }
                let questID = params["quest"] ?? ""
                return try run(request, tenant) {
                    let result = try service.claim(
                        schema: tenant.schema, tenant: tenant.slug.rawValue, settings: settings, questID: questID,
                        participant: participant,
                        userID: data.user.id, now: now)
                    let points = settings.pointsName.resolved(
                        for: call.locale, defaultLocale: tenant.blueprint.app.defaultLocale)
                    var object: JSONObject = [
                        "section": .string(section.id), "quest": .string(result.quest), "status": "claimed",
                        "awarded": .int(result.awarded),
                        "balance": .int(result.balance), "duplicate": .bool(result.duplicate),
                        "message": .string(
                            result.duplicate
                                ? GameFiTexts.alreadyClaimed.text(call.locale) : "+\(result.awarded) \(PluralText.pick(points, n: result.awarded, locale: call.locale))"),
                    ]
                    if let streak = result.streak { object["streak"] = .int(streak) }
                    return .json(JSONValue.object(object).serialized())
                }
            },
            .participant(.POST, "/api/v1/{tenant}/sections/{section}/taps") { call in
                let (request, params, tenant, participant, now) = (
                    call.request, call.params, call.tenant, call.participantID, call.now
                )
                guard let (_, settings) = gamefiSection(call, id: params["section"] ?? "") else {
                    return notFound("no visible gamefi section \"\(params["section"] ?? "")\"")
                }
                let batch: TapBatch
                switch TapBatch.parse(request.body) {
                case .success(let parsed): batch = parsed
                case .failure(let problem): return validationFailed(problem.field, problem.message)
                }
                return try run(request, tenant) {
                    let result = try service.tap(
                        schema: tenant.schema, settings: settings, participant: participant, requested: batch.taps,
                        batch: batch.id, now: now)
                    let body: JSONValue = [
                        "requested": .int(batch.taps), "credited": .int(result.outcome.credited),
                        "points": .int(result.outcome.points),
                        "balance": .int(result.balance), "duplicate": .bool(result.duplicate),
                        "limited_by": result.outcome.limitedBy.map { .string($0.rawValue) } ?? .null,
                        "energy": energyJSON(result.outcome.state, settings.tap),
                    ]
                    return .json(body.serialized())
                }
            },
            .participant(.POST, "/api/v1/{tenant}/sections/{section}/referral") { call in
                let (params, tenant, participant) = (call.params, call.tenant, call.participantID)
                guard let (_, settings) = gamefiSection(call, id: params["section"] ?? ""),
                    settings.referralReward > 0
                else {
                    return notFound("no referral programme in section \"\(params["section"] ?? "")\"")
                }
                var body = referralJSON(tenant: tenant, participant: participant, settings: settings, invited: nil)
                body["message"] = .string(shareLink(tenant, participant))
                return .json(JSONValue.object(body).serialized())
            },
        ]
    }

    /// After a screen was served: opening a section is what open_section quests wait for.
    public func screenServed(tenant: LiveTenant, section: String, participant: Int64) {
        guard Self.questsWait(for: section, tenant) else { return }
        do {
            try service.recordVisit(schema: tenant.schema, participant: participant, section: section)
        } catch {
            logger.error(
                "section visit not recorded",
                [("tenant", .string(tenant.slug.rawValue)), ("error", .string(String(describing: error)))])
        }
    }

    /// True unless an open_section quest waits for `section` and this visit is not recorded yet.
    public func screenServedWithoutWaiting(tenant: LiveTenant, section: String, participant: Int64) -> Bool {
        !Self.questsWait(for: section, tenant)
            || service.isVisitRecorded(schema: tenant.schema, participant: participant, section: section)
    }

    private static func questsWait(for section: String, _ tenant: LiveTenant) -> Bool {
        guard let settings = settings(tenant) else { return false }
        return settings.quests.contains { if case .openSection(section) = $0.kind { true } else { false } }
    }

    /// On a participant's first contact: a `ref_<id>` start parameter pays the referrer.
    public func participantJoined(tenant: LiveTenant, initData data: InitData, participant: Int64, now: Date) {
        guard let settings = Self.settings(tenant), settings.referralReward > 0,
            ReferralCode.referrer(in: data.startParam) != nil
        else { return }
        do {
            try service.rewardReferrer(
                schema: tenant.schema, settings: settings, startParam: data.startParam, newcomer: participant, now: now)
        } catch {
            logger.error(
                "referral reward failed",
                [("tenant", .string(tenant.slug.rawValue)), ("error", .string(String(describing: error)))])
        }
    }

    public static func settings(_ tenant: LiveTenant) -> GameFiSettings? {
        for section in tenant.blueprint.sections {
            if case .gamefi(let settings) = section.kind { return settings }
        }
        return nil
    }

    /// The gamefi section (the one with `id`, or the app's only one) if the caller can see it.
    func gamefiSection(_ call: ParticipantCall, id: String?) -> (Section, GameFiSettings)? {
        let tenant = call.tenant
        let context = ScreenContext(locale: call.locale, tags: call.tags, now: call.now)
        for section in tenant.blueprint.sections where id == nil || section.id == id {
            if case .gamefi(let settings) = section.kind, tenant.interpreter.isVisible(section, context: context) {
                return (section, settings)
            }
        }
        return nil
    }

    /// Runs a GameFi use case, rendering its errors.
    func run(_ request: HTTPRequest, _ tenant: LiveTenant, _ body: () throws -> HTTPResponse) throws(APIError)
        -> HTTPResponse
    {
        do {
            return try body()
        } catch let error as GameFiError {
            switch error {
            case .questNotFound(let id):
                return .error(status: 404, code: "quest_not_found", message: "no quest \"\(id)\" in this section")
            case .telegramUnavailable(let why), .channelCheckFailed(_, let why):
                // The participant gets a fixed text; the log gets Telegram's own words (an error
                // when staff must act, a warning when waiting is enough).
                let level: LogLevel = if case .channelCheckFailed = error { .error } else { .warning }
                logger.log(
                    level, "subscribe_channel check failed",
                    [
                        ("tenant", .string(tenant.slug.rawValue)), ("request_id", .string(request.requestID)),
                        ("reason", .string(why)),
                    ])
                return response(error)
            default: return response(error)
            }
        } catch let error as PostgresError where error.isUnstorableCharacter {
            return APIError.unstorableText.response
        } catch {
            logger.error(
                "gamefi request failed",
                [
                    ("tenant", .string(tenant.slug.rawValue)), ("request_id", .string(request.requestID)),
                    ("error", .string(String(describing: error))),
                ])
            throw .unavailable("database unavailable, retry shortly")
        }
    }

    func stateJSON(
        _ state: GameFiState, section: Section, settings: GameFiSettings, tenant: LiveTenant, participant: Int64,
        locale: String
    )
        -> JSONValue
    {
        let prefix = "/api/v1/{tenant}/sections/\(section.id)"
        let quests: [JSONValue] = state.quests.map { quest in
            var object: JSONObject = [
                "id": .string(quest.quest.id), "kind": .string(quest.quest.kind.name.rawValue),
                "reward": .int(Int64(quest.quest.reward)),
                "next_reward": .int(quest.nextReward), "status": .string(quest.status.rawValue),
                "paused": .bool(state.paused.contains(quest.quest.id)),
            ]
            // Paused by staff: shown, not claimable (a claim answers 409 quest_paused).
            if state.paused.contains(quest.quest.id) && quest.status != .claimed { object["status"] = "paused" }
            if let progress = quest.progress {
                object["progress"] = ["value": .int(progress.value), "target": .int(progress.target)]
            }
            if let streak = quest.streak { object["streak"] = .int(streak) }
            switch quest.quest.kind {
            case .openSection(let target): object["section"] = .string(target)
            case .subscribeChannel(let channel): object["channel"] = .string(channel)
            default: break
            }
            object["claim_path"] = .string("\(prefix)/quests/\(quest.quest.id)/claim")
            return .object(object)
        }
        var object: JSONObject = [
            "section": .string(section.id),
            "points_name": .string(
                settings.pointsName.resolved(for: locale, defaultLocale: tenant.blueprint.app.defaultLocale)),
            "balance": .int(state.balance), "quests": .array(quests),
        ]
        if let energy = state.energy {
            var tap = energyJSON(energy, settings.tap).objectValue ?? [:]
            tap["regen_per_minute"] = .int(Int64(settings.tap.energyRegenPerMinute))
            tap["max_taps_per_second"] = .int(Int64(settings.tap.maxTapsPerSecond))
            tap["points_per_tap"] = .int(Int64(settings.tap.pointsPerTap))
            tap["path"] = .string("\(prefix)/taps")
            object["tap"] = .object(tap)
        } else {
            object["tap"] = .null
        }
        object["referral"] =
            settings.referralReward > 0
            ? .object(
                referralJSON(tenant: tenant, participant: participant, settings: settings, invited: state.invited))
            : .null
        return .object(object)
    }

    func energyJSON(_ state: TapRules.State, _ tap: TapSettings) -> JSONValue {
        ["energy": .int(state.energy), "energy_max": .int(Int64(tap.energyMax))]
    }

    func referralJSON(tenant: LiveTenant, participant: Int64, settings: GameFiSettings, invited: Int64?) -> JSONObject {
        var object: JSONObject = [
            "reward": .int(Int64(settings.referralReward)), "start_param": .string(ReferralCode.code(for: participant)),
            "link": .string(shareLink(tenant, participant)),
        ]
        if let invited { object["invited"] = .int(invited) }
        return object
    }

    /// `https://t.me/<bot>?startapp=ref_<id>`: opens the bot's main mini app with the referral code.
    func shareLink(_ tenant: LiveTenant, _ participant: Int64) -> String {
        "https://t.me/\(tenant.botUsername)?startapp=\(ReferralCode.code(for: participant))"
    }

    func notFound(_ message: String) -> HTTPResponse {
        .error(status: 404, code: "section_not_found", message: message)
    }

    func validationFailed(_ field: String, _ message: String) -> HTTPResponse {
        let body: JSONValue = [
            "error": [
                "code": "validation_failed", "message": .string("\(field): \(message)"),
                "details": [["field": .string(field), "message": .string(message)]],
            ]
        ]
        return .json(body.serialized(), status: 422)
    }
}

/// The body of `POST …/taps`: `{"taps": 1…10000, "batch": "<client id>"}`. The batch id makes a
/// retried request harmless; the server decides how many taps count.
struct TapBatch: Equatable {
    struct Problem: Error, Equatable {
        var field: String
        var message: String
    }

    var taps: Int64
    var id: String

    static func parse(_ body: [UInt8]) -> Result<TapBatch, Problem> {
        guard let value = try? JSONParser.parse(body), case .object(let object) = value else {
            return .failure(Problem(field: "body", message: "expected a JSON object {\"taps\", \"batch\"}"))
        }
        for key in object.keys where !["taps", "batch"].contains(key) {
            return .failure(Problem(field: key, message: "unknown field; expected taps, batch"))
        }
        guard let taps = object["taps"]?.integerValue, (1...GameFiArea.maxTapsPerBatch).contains(taps) else {
            return .failure(
                Problem(field: "taps", message: "expected an integer from 1 to \(GameFiArea.maxTapsPerBatch)"))
        }
        guard case .string(let id)? = object["batch"], (1...64).contains(id.utf8.count),
            id.utf8.allSatisfy({
                ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7a) || $0 == 0x2d || $0 == 0x5f
            })
        else {
            return .failure(Problem(field: "batch", message: "expected 1 to 64 characters of A-Z, a-z, 0-9, - and _"))
        }
        return .success(TapBatch(taps: taps, id: id))
    }
}
