import HTTP
import Telegram
import TesseraJSON

/// The control API's supergroups: create one (a forum or not, the bot an administrator with or
/// without `can_manage_topics`), read its topics and messages, and let a member write in it.
extension SimulatorControlAPI {
    static func addGroupRoutes(_ r: inout Router, _ sim: TelegramSimulator) {
        r.add(.POST, "/sim/bots/{bot}/groups") { request, p in
            withBot(sim, p) { id in
                let body = json(request)
                let status = body["bot_status"]?.stringValue ?? "administrator"
                guard ["administrator", "member", "left", "kicked"].contains(status) else {
                    return fail(400, "bot_status must be administrator, member, left or kicked")
                }
                if let given = body["id"], given.intValue.map({ $0 < 0 }) != true {
                    return fail(400, "id must be a negative chat id")
                }
                guard
                    let chatID = sim.addGroup(
                        botID: id, id: body["id"]?.intValue, title: body["title"]?.stringValue,
                        isForum: body["is_forum"]?.boolValue ?? true, botStatus: status,
                        canManageTopics: body["can_manage_topics"]?.boolValue ?? true,
                        canDeleteMessages: body["can_delete_messages"]?.boolValue ?? true)
                else { return fail(404, "no such bot") }
                return ok(group(sim, id, chatID), status: 201)
            }
        }
        r.add(.GET, "/sim/bots/{bot}/groups/{chat}") { _, p in
            withGroup(sim, p) { id, chatID in ok(group(sim, id, chatID)) }
        }
        r.add(.POST, "/sim/bots/{bot}/groups/{chat}/messages") { request, p in
            withGroup(sim, p) { id, chatID in
                let body = json(request)
                guard let from = body["from"], let userID = from["id"]?.intValue, userID > 0 else {
                    return fail(400, "from (a user with a positive id) is required")
                }
                let user = TelegramUser(
                    id: userID, firstName: from["first_name"]?.stringValue ?? "User \(userID)",
                    lastName: from["last_name"]?.stringValue, username: from["username"]?.stringValue,
                    languageCode: from["language_code"]?.stringValue ?? "en")
                do throws(SimulatedError) {
                    let delivery = try sim.sendGroupMessage(
                        botID: id, chatID: chatID, from: user, threadID: body["message_thread_id"]?.intValue,
                        content: body)
                    return ok(delivery.json)
                } catch {
                    return fail(400, error.description)
                }
            }
        }
    }

    static func group(_ sim: TelegramSimulator, _ botID: Int64, _ chatID: Int64) -> JSONValue {
        let info = sim.state.withLock { state -> JSONObject in
            guard let g = state.bots[botID]?.groups[chatID] else { return [:] }
            return [
                "id": .int(g.id), "title": .string(g.title), "is_forum": .bool(g.isForum),
                "bot_status": .string(g.botStatus), "can_manage_topics": .bool(g.canManageTopics),
                "can_delete_messages": .bool(g.canDeleteMessages),
            ]
        }
        var o = info
        o["topics"] = .array(sim.topics(botID: botID, chatID: chatID))
        o["messages"] = .array(sim.chatMessages(botID: botID, chatID: chatID))
        return .object(o)
    }

    static func withGroup(_ sim: TelegramSimulator, _ p: RouteParameters, _ body: (Int64, Int64) -> HTTPResponse)
        -> HTTPResponse
    {
        withBot(sim, p) { id in
            guard let chatID = Int64(p["chat"] ?? ""),
                sim.state.withLock({ $0.bots[id]?.groups[chatID] != nil })
            else { return fail(404, "no group \"\(p["chat"] ?? "")\" (add it with POST /sim/bots/{bot}/groups)") }
            return body(id, chatID)
        }
    }
}
