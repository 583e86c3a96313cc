import HTTP
import Telegram
import TesseraJSON

/// The simulator's control API under `/sim/` (JSON in, JSON out): add bots, script faults,
/// make users act, and read what the bots did. `{bot}` is a bot id or username.
enum SimulatorControlAPI {
    static func router(_ sim: TelegramSimulator) -> Router {
        var r = Router()
        r.add(.GET, "/sim") { _, _ in
            let bots = sim.state.withLock { state in
                state.bots.values.sorted { $0.id < $1.id }.map { summary($0) }
            }
            return ok(["bots": .array(bots)])
        }
        r.add(.POST, "/sim/bots") { request, _ in
            let body = json(request)
            guard let token = body["token"]?.stringValue else { return fail(400, "token is required") }
            do throws(SimulatedError) {
                let id = try sim.addBot(
                    token: token, username: body["username"]?.stringValue, firstName: body["first_name"]?.stringValue)
                return ok(sim.state.withLock { summary($0.bots[id]!) }, status: 201)
            } catch {
                return fail(400, error.description)
            }
        }
        r.add(.GET, "/sim/bots/{bot}") { _, p in
            withBot(sim, p) { id in ok(sim.state.withLock { detail($0.bots[id]!) }) }
        }
        r.add(.GET, "/sim/bots/{bot}/sent") { request, p in
            withBot(sim, p) { id in
                let chat = request.queryValue("chat_id").flatMap { Int64($0) }
                return ok(["messages": .array(sim.sentMessages(botID: id, chatID: chat))])
            }
        }
        r.add(.GET, "/sim/bots/{bot}/calls") { _, p in
            withBot(sim, p) { id in
                ok([
                    "calls": .array(
                        sim.calls(botID: id).map { ["method": .string($0.method), "status": .int(Int64($0.status))] })
                ])
            }
        }
        r.add(.POST, "/sim/bots/{bot}/faults") { request, p in
            withBot(sim, p) { id in
                let body = json(request)
                guard let method = body["method"]?.stringValue else {
                    return fail(400, "method is required (or \"*\")")
                }
                sim.injectFault(
                    botID: id, method: method, count: Int(body["count"]?.intValue ?? 1),
                    errorCode: Int(body["error_code"]?.intValue ?? 429),
                    retryAfter: body["retry_after"]?.intValue.map(Int.init),
                    description: body["description"]?.stringValue)
                return ok(["armed": true])
            }
        }
        r.add(.DELETE, "/sim/bots/{bot}/faults") { _, p in
            withBot(sim, p) { id in
                sim.clearFaults(botID: id)
                return ok(["cleared": true])
            }
        }
        r.add(.POST, "/sim/bots/{bot}/users/{user}/start") { request, p in
            withUser(sim, p, request) { id, user, body in
                ok(sim.sendStart(botID: id, user: user, payload: body["payload"]?.stringValue).json)
            }
        }
        r.add(.POST, "/sim/bots/{bot}/users/{user}/messages") { request, p in
            withUser(sim, p, request) { id, user, body in
                do throws(SimulatedError) {
                    return ok(try sim.sendUserMessage(botID: id, user: user, content: body).json)
                } catch {
                    return fail(400, error.description)
                }
            }
        }
        addGroupRoutes(&r, sim)
        addTopicRoutes(&r, sim)
        for (action, blocked) in [("block", true), ("unblock", false)] {
            r.add(.POST, "/sim/bots/{bot}/users/{user}/\(action)") { request, p in
                withUser(sim, p, request) { id, user, body in
                    let delivery = sim.setBlocked(
                        botID: id, user: user, blocked: blocked, notify: body["notify"]?.boolValue ?? true)
                    return ok(["blocked": .bool(blocked), "update": delivery?.json ?? .null])
                }
            }
        }
        r.add(.POST, "/sim/bots/{bot}/users/{user}/pay") { request, p in
            withUser(sim, p, request) { id, user, body in
                guard let link = body["invoice"]?.stringValue else {
                    return fail(400, "invoice (an invoice link) is required")
                }
                do throws(SimulatedError) {
                    return ok(try sim.pay(botID: id, user: user, invoiceLink: link).json)
                } catch {
                    return fail(error.code, error.description)
                }
            }
        }
        addChannelRoutes(&r, sim)
        r.add(.POST, "/sim/bots/{bot}/updates/{update}/redeliver") { _, p in
            withBot(sim, p) { id in
                guard let updateID = Int64(p["update"] ?? "") else { return fail(400, "the update must be an update_id") }
                guard let delivery = sim.redeliver(botID: id, updateID: updateID) else {
                    return fail(404, "no update \(updateID) was pushed to this bot")
                }
                return ok(delivery.json)
            }
        }
        r.add(.POST, "/sim/bots/{bot}/updates") { request, p in
            withBot(sim, p) { id in
                guard case .object(let update) = json(request) else {
                    return fail(400, "the body must be an update object")
                }
                return ok(sim.pushRaw(botID: id, update: update).json)
            }
        }
        return r
    }

    static func summary(_ bot: SimulatedBot) -> JSONValue {
        [
            "id": .int(bot.id), "username": .string(bot.username), "first_name": .string(bot.firstName),
            "webhook_url": bot.webhook.map { .string($0.url) } ?? .null,
        ]
    }

    static func detail(_ bot: SimulatedBot) -> JSONValue {
        guard case .object(var o) = summary(bot) else { return summary(bot) }
        o["webhook"] =
            bot.webhook.map { w in
                [
                    "url": .string(w.url), "has_secret_token": .bool(w.secretToken != nil),
                    "allowed_updates": .array(w.allowedUpdates.map { .string($0) }),
                    "max_connections": .int(Int64(w.maxConnections)),
                ]
            } ?? .null
        o["menu_button"] = bot.defaultMenuButton
        o["profile"] = bot.profile.json
        o["users"] = .array(bot.users.keys.sorted().map { .int($0) })
        o["blocked"] = .array(bot.blocked.sorted().map { .int($0) })
        o["invoices"] = .array(
            bot.invoices.values.sorted { $0.link < $1.link }.map { i in
                [
                    "link": .string(i.link), "title": .string(i.title), "payload": .string(i.payload),
                    "currency": .string(i.currency), "amount": .int(i.amount),
                ]
            })
        o["pre_checkout_answers"] = .object(
            JSONObject(
                bot.answers.sorted { $0.key < $1.key }.map { key, answer in
                    (key, ["ok": .bool(answer.ok), "error_message": answer.errorMessage.map { .string($0) } ?? .null])
                }))
        o["charges"] = .array(
            bot.charges.sorted { $0.key < $1.key }.map { key, charge in
                [
                    "telegram_payment_charge_id": .string(key), "user_id": .int(charge.userID),
                    "amount": .int(charge.invoice.amount), "refunded": .bool(charge.refunded),
                ]
            })
        o["groups"] = .array(bot.groups.keys.sorted().map { .int($0) })
        o["files"] = .int(Int64(bot.files.count))
        o["sent_count"] = .int(Int64(bot.sent.count))
        return .object(o)
    }

    static func withBot(_ sim: TelegramSimulator, _ p: RouteParameters, _ body: (Int64) -> HTTPResponse) -> HTTPResponse
    {
        let key = p["bot"] ?? ""
        let id = sim.state.withLock { state -> Int64? in
            if let n = Int64(key), state.bots[n] != nil { return n }
            return state.bots.values.first { $0.username.lowercased() == key.lowercased() }?.id
        }
        guard let id else { return fail(404, "no bot \"\(key)\" (add it with POST /sim/bots)") }
        return body(id)
    }

    /// The user of `{user}`, with profile fields from the body (`first_name`, `last_name`,
    /// `username`, `language_code`, `is_premium`) or those seen before, or defaults.
    static func withUser(
        _ sim: TelegramSimulator, _ p: RouteParameters, _ request: HTTPRequest,
        _ body: (Int64, TelegramUser, JSONValue) -> HTTPResponse
    ) -> HTTPResponse {
        withBot(sim, p) { id in
            guard let userID = Int64(p["user"] ?? ""), userID > 0 else {
                return fail(400, "the user must be a positive Telegram id")
            }
            let json = json(request)
            let known = sim.state.withLock { $0.bots[id]?.users[userID] }
            let user = TelegramUser(
                id: userID, firstName: json["first_name"]?.stringValue ?? known?.firstName ?? "User \(userID)",
                lastName: json["last_name"]?.stringValue ?? known?.lastName,
                username: json["username"]?.stringValue ?? known?.username,
                languageCode: json["language_code"]?.stringValue ?? known?.languageCode ?? "en",
                isPremium: json["is_premium"]?.boolValue ?? known?.isPremium ?? false)
            return body(id, user, json)
        }
    }

    static func json(_ request: HTTPRequest) -> JSONValue {
        guard !request.body.isEmpty, let value = try? JSONParser.parse(request.body) else {
            return .object(JSONObject())
        }
        return value
    }

    static func ok(_ value: JSONValue, status: Int = 200) -> HTTPResponse { .json(value.serialized(), status: status) }

    static func fail(_ status: Int, _ message: String) -> HTTPResponse {
        .error(status: status, code: status == 404 ? "not_found" : "bad_request", message: message)
    }
}
