import HTTP
import Telegram
import TesseraJSON

/// The control API's forum topics as people change them: close, reopen, delete.
extension SimulatorControlAPI {
    static func addTopicRoutes(_ r: inout Router, _ sim: TelegramSimulator) {
        for (action, closed) in [("close", true), ("reopen", false)] {
            r.add(.POST, "/sim/bots/{bot}/groups/{chat}/topics/{thread}/\(action)") { request, p in
                withGroup(sim, p) { id, chatID in
                    guard let thread = Int64(p["thread"] ?? "") else { return fail(400, "thread must be a topic's id") }
                    let from = json(request)["from"]
                    guard let userID = from?["id"]?.intValue, userID > 0 else {
                        return fail(400, "from (a user with a positive id) is required")
                    }
                    let user = TelegramUser(
                        id: userID, firstName: from?["first_name"]?.stringValue ?? "User \(userID)",
                        lastName: from?["last_name"]?.stringValue, username: from?["username"]?.stringValue)
                    do throws(SimulatedError) {
                        return ok(
                            try sim.setTopicClosed(botID: id, chatID: chatID, threadID: thread, closed: closed, by: user).json)
                    } catch {
                        return fail(400, error.description)
                    }
                }
            }
        }
        r.add(.DELETE, "/sim/bots/{bot}/groups/{chat}/topics/{thread}") { _, p in
            withGroup(sim, p) { id, chatID in
                guard let thread = Int64(p["thread"] ?? "") else { return fail(400, "thread must be a topic's id") }
                do throws(SimulatedError) {
                    try sim.deleteTopic(botID: id, chatID: chatID, threadID: thread)
                    return ok(["deleted": true])
                } catch {
                    return fail(400, error.description)
                }
            }
        }
    }
}
