import HTTP
import TesseraJSON

/// The control API's public channels: create one (the bot its administrator, or not in it),
/// read it, and set its users' statuses, as `getChatMember("@channel", user)` then sees them.
extension SimulatorControlAPI {
    static func addChannelRoutes(_ r: inout Router, _ sim: TelegramSimulator) {
        r.add(.POST, "/sim/bots/{bot}/channels") { request, p in
            withBot(sim, p) { id in
                let body = json(request)
                guard let username = body["username"]?.stringValue else { return fail(400, "username (e.g. \"@my_channel\") is required") }
                let status = body["bot_status"]?.stringValue ?? "administrator"
                guard SimulatedChannel.botStatuses.contains(status) else {
                    return fail(400, "bot_status must be administrator or left (bots are in channels only as administrators)")
                }
                guard
                    sim.addChannel(
                        botID: id, channel: username, title: body["title"]?.stringValue, botIsAdministrator: status == "administrator")
                        != nil
                else { return fail(400, "username must be 5 to 32 of a-z, 0-9 and _, starting with a letter") }
                return ok(sim.channelJSON(botID: id, channel: username) ?? .null, status: 201)
            }
        }
        r.add(.GET, "/sim/bots/{bot}/channels/{channel}") { _, p in
            withBot(sim, p) { id in
                guard let channel = sim.channelJSON(botID: id, channel: p["channel"] ?? "") else {
                    return fail(404, "no channel \"\(p["channel"] ?? "")\" (add it with POST /sim/bots/{bot}/channels)")
                }
                return ok(channel)
            }
        }
        r.add(.POST, "/sim/bots/{bot}/channels/{channel}/members") { request, p in
            withBot(sim, p) { id in
                let body = json(request)
                guard let userID = body["user_id"]?.intValue, userID > 0 else { return fail(400, "user_id (a positive Telegram id) is required") }
                let channel = (p["channel"] ?? "").trimmingPrefix("@").lowercased()
                guard TelegramSimulator.isChannelUsername(channel) else {
                    return fail(400, "the channel must be 5 to 32 of a-z, 0-9 and _, starting with a letter")
                }
                // `member: true/false` is short for the statuses `member` and `left`.
                let status = body["status"]?.stringValue ?? ((body["member"]?.boolValue ?? true) ? "member" : "left")
                let isMember = body["is_member"]?.boolValue ?? true
                guard sim.setChannelStatus(botID: id, channel: channel, userID: userID, status: status, isMember: isMember) else {
                    return fail(400, "status must be one of " + SimulatedChannelMember.statuses.joined(separator: ", "))
                }
                var answer: JSONObject = ["channel": .string("@" + channel), "user_id": .int(userID), "status": .string(status)]
                if status == "restricted" { answer["is_member"] = .bool(isMember) }
                return ok(.object(answer))
            }
        }
    }
}
