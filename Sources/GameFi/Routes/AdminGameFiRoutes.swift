import Blueprint
import Foundation
import HTTP
import Kernel
import Postgres
import Tenancy
import TesseraJSON

/// The staff API over GameFi (`Authorization: Bearer tsr_…`, the token's own tenant only):
/// the blueprint's quests with overrides and statistics, pausing and re-pricing them, and manual
/// ledger adjustments.
extension GameFiArea {
    static let maxReward: Int64 = 1_000_000
    static let maxAdjustment: Int64 = 1_000_000_000

    var staffEndpoints: [Endpoint] {
        [
            staffRoute(.GET, "/admin/api/v1/{tenant}/quests", .read(.content)) { call in
                guard let settings = Self.settings(call.tenant) else {
                    throw AreaError.notFound(code: "section_not_found", message: "this app has no gamefi section")
                }
                let quests = try service.adminQuests(schema: call.tenant.schema, settings: settings, now: call.now)
                return reply(["quests": .array(quests.map { questJSON($0, call.tenant) })])
            },
            staffRoute(.PATCH, "/admin/api/v1/{tenant}/quests/{quest}", .write(.content)) { call in
                let questID = call.params["quest"] ?? ""
                guard let settings = Self.settings(call.tenant), settings.quests.contains(where: { $0.id == questID })
                else {
                    throw GameFiError.questNotFound(questID)
                }
                let object = try body(call.request, allowed: ["paused", "reward"])
                var problems: [FieldProblem] = []
                var paused: Bool?
                var reward: Int64??
                switch object["paused"] {
                case nil: break
                case .bool(let value)?: paused = value
                default: problems.append(FieldProblem("paused", "expected true or false"))
                }
                switch object["reward"] {
                case nil: break
                case .null?: reward = .some(nil)
                case let value?:
                    if let n = value.integerValue, (0...Self.maxReward).contains(n) {
                        reward = .some(n)
                    } else {
                        let message =
                            "expected an integer from 0 to \(Self.maxReward), or null for the blueprint's reward"
                        problems.append(FieldProblem("reward", message))
                    }
                }
                if problems.isEmpty && paused == nil && reward == nil {
                    problems.append(FieldProblem("body", "send paused and/or reward"))
                }
                if !problems.isEmpty { throw AreaError.validation(problems) }
                let quest = try service.setQuestOverride(
                    schema: call.tenant.schema, settings: settings, questID: questID, paused: paused, reward: reward,
                    staff: call.staff.actor, now: call.now)
                return reply(["quest": questJSON(quest, call.tenant)])
            },
            staffRoute(.GET, "/admin/api/v1/{tenant}/participants/{participant}/points", .read(.finance)) { call in
                let participant = try participantID(call)
                guard
                    let (balance, entries) = try service.participantLedger(
                        schema: call.tenant.schema, participant: participant)
                else {
                    throw GameFiError.participantNotFound(participant)
                }
                return reply([
                    "participant": .int(participant), "balance": .int(balance),
                    "ledger": .array(entries.map(entryJSON)),
                ])
            },
            staffRoute(.POST, "/admin/api/v1/{tenant}/participants/{participant}/points", .money(.finance)) { call in
                let participant = try participantID(call)
                let object = try body(call.request, allowed: ["amount", "reason", "idempotency_key"])
                var problems: [FieldProblem] = []
                var amount: Int64 = 0
                if let value = object["amount"]?.integerValue, value != 0, abs(value) <= Self.maxAdjustment {
                    amount = value
                } else {
                    let message = "required: a non-zero integer from -\(Self.maxAdjustment) to \(Self.maxAdjustment)"
                    problems.append(FieldProblem("amount", message))
                }
                var reason = ""
                if case .string(let raw)? = object["reason"],
                    case let text = raw.trimmingCharacters(in: .whitespacesAndNewlines),
                    (1...200).contains(text.count)
                {
                    reason = text
                } else {
                    problems.append(FieldProblem("reason", "required: 1 to 200 characters"))
                }
                var key = ""
                if case .string(let raw)? = object["idempotency_key"], (1...64).contains(raw.utf8.count),
                    raw.utf8.allSatisfy({
                        ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7a) || $0 == 0x2d
                            || $0 == 0x5f || $0 == 0x3a || $0 == 0x2e
                    })
                {
                    key = raw
                } else {
                    problems.append(
                        FieldProblem("idempotency_key", "required: 1 to 64 characters of A-Z, a-z, 0-9, -, _, : and ."))
                }
                if !problems.isEmpty { throw AreaError.validation(problems) }
                let result = try service.adjustPoints(
                    schema: call.tenant.schema, participant: participant, amount: amount, reason: reason, key: key,
                    staff: call.staff.actor, now: call.now)
                let body: JSONValue = [
                    "entry": entryJSON(result.entry), "balance": .int(result.balance),
                    "duplicate": .bool(result.duplicate),
                ]
                return reply(body, status: result.duplicate ? 200 : 201)
            },
        ]
    }

    /// A staff route whose GameFi errors render as themselves.
    func staffRoute(
        _ method: HTTPMethod, _ pattern: String, _ permission: StaffPermission,
        _ handler: @escaping @Sendable (StaffCall) throws -> HTTPResponse
    ) -> Endpoint {
        .staff(method, pattern, permission) { call in
            do {
                return try handler(call)
            } catch let error as GameFiError {
                return response(error)
            }
        }
    }

    func response(_ error: GameFiError) -> HTTPResponse {
        switch error {
        case .questNotFound(let id):
            .error(status: 404, code: "quest_not_found", message: "no quest \"\(id)\" in this app's blueprint")
        case .participantNotFound(let id):
            .error(status: 404, code: "participant_not_found", message: "no participant \(id) in this tenant")
        case .idempotencyKeyReused(let key):
            .error(
                status: 409, code: "idempotency_key_reused",
                message: "idempotency key \"\(key)\" was used for a different adjustment")
        case .insufficientPoints(let balance):
            .error(
                status: 409, code: "insufficient_points",
                message: "the balance is \(balance); an adjustment cannot take it below zero")
        case .questPaused(let id): .error(status: 409, code: "quest_paused", message: "quest \"\(id)\" is paused")
        case .notCompleted(let what): .error(status: 409, code: "quest_not_completed", message: what)
        case .tapDisabled: .error(status: 404, code: "tap_disabled", message: "the tap game is not enabled")
        case .notSubscribed(let channel):
            .error(
                status: 409, code: "not_subscribed",
                message: "you are not subscribed to \(channel) yet: subscribe, then claim again")
        case .telegramUnavailable:
            .error(
                status: 503, code: "telegram_unavailable",
                message: "Telegram cannot check the subscription right now; try again in a minute")
        case .channelCheckFailed(let channel, _):
            .error(
                status: 502, code: "channel_check_failed",
                message: "the subscription to \(channel) cannot be checked: the app's bot cannot see the channel's members")
        }
    }

    func participantID(_ call: StaffCall) throws -> Int64 {
        let raw = call.params["participant"] ?? ""
        guard raw.utf8.count <= 19, let id = Int64(raw), id > 0 else {
            throw AreaError.notFound(
                code: "participant_not_found", message: "no participant \"\(raw.prefix(40))\" in this tenant")
        }
        return id
    }

    /// The body as a JSON object with only `allowed` keys (unknown keys are 422 problems).
    func body(_ request: HTTPRequest, allowed: [String]) throws -> JSONObject {
        if request.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw AreaError.invalid("body", "required: a JSON object with \(allowed.joined(separator: ", "))")
        }
        let value: JSONValue
        do { value = try JSONParser.parse(request.body) } catch {
            throw AreaError.malformed(error)
        }
        guard case .object(let object) = value else { throw AreaError.invalid("body", "expected a JSON object") }
        let unknown = object.keys.filter { !allowed.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw AreaError.validation(
                unknown.map { FieldProblem($0, "unknown field; expected one of \(allowed.joined(separator: ", "))") })
        }
        return object
    }

    func questJSON(_ quest: AdminQuest, _ tenant: LiveTenant) -> JSONValue {
        var object: JSONObject = [
            "id": .string(quest.quest.id), "kind": .string(quest.quest.kind.name.rawValue),
            "title": quest.quest.title.map {
                .string(
                    $0.resolved(
                        for: tenant.blueprint.app.defaultLocale, defaultLocale: tenant.blueprint.app.defaultLocale))
            }
                ?? .null,
            "status": .string(quest.paused ? "paused" : "active"), "paused": .bool(quest.paused),
            "reward": .int(quest.reward), "blueprint_reward": .int(quest.blueprintReward),
            "reward_overridden": .bool(quest.override?.reward != nil),
            "stats": [
                "claims": .int(quest.stats.claims), "claims_last_7_days": .int(quest.stats.claimsLast7Days),
                "points_awarded": .int(quest.stats.pointsAwarded), "participants": .int(quest.stats.participants),
            ],
        ]
        switch quest.quest.kind {
        case .openSection(let target): object["section"] = .string(target)
        case .subscribeChannel(let channel): object["channel"] = .string(channel)
        case .inviteFriends(let count), .purchases(let count): object["count"] = .int(Int64(count))
        case .dailyCheckin(let bonus): object["streak_bonus"] = .int(Int64(bonus))
        }
        return .object(object)
    }

    func entryJSON(_ entry: LedgerEntry) -> JSONValue {
        [
            "id": .int(entry.id), "participant": .int(entry.participantID), "amount": .int(entry.amount),
            "reason": .string(entry.reason),
            "reference": entry.reference.map(JSONValue.string) ?? .null,
            "idempotency_key": .string(entry.idempotencyKey),
            "created_at": .string(Instant.format(entry.createdAt)),
        ]
    }

    func reply(_ value: JSONValue, status: Int = 200) -> HTTPResponse {
        var response = HTTPResponse.json(value.serialized(), status: status)
        response.headers.add(name: "Cache-Control", value: "private, no-store")
        return response
    }
}
