import Blueprint
import Foundation
import HTTP
import Kernel
import Telegram
import TesseraJSON

extension PeopleArea {
    /// End-user and staff routes over contacts: phone, email, custom fields, consent.
    var contactEndpoints: [Endpoint] {
        [
            .participant(.GET, "/api/v1/{tenant}/me/contact", myContact),
            .participant(.PUT, "/api/v1/{tenant}/me/contact", submitContact),
            .participant(.POST, "/api/v1/{tenant}/me/contact/phone", sharePhone),
            .staff(
                .GET, "/admin/api/v1/{tenant}/participants/{participant}/contact", .read(.people), participantContact),
        ]
    }

    /// The caller's card and the form to fill in, in their locale.
    func myContact(_ call: ParticipantCall) throws -> HTTPResponse {
        try contactReply(call)
    }

    func submitContact(_ call: ParticipantCall) throws -> HTTPResponse {
        let declared = call.tenant.blueprint.contactFields
        let submission = try ContactSubmission.parse(call.request, fields: declared)
        let store = ContactStore(schema: call.tenant.schema)
        try pool.transaction { try store.submit(call.participantID, submission, declared: declared, now: call.now, $0) }
        return try contactReply(call)
    }

    /// `{"response": "contact=…&auth_date=…&hash=…"}`: what `WebApp.requestContact` gave the mini
    /// app, checked against the tenant's bot token; only the caller's own number is stored.
    func sharePhone(_ call: ParticipantCall) throws -> HTTPResponse {
        var body = try BodyReader(call.request, allowed: ["response"])
        let raw = body.string("response", max: 4_096)
        if raw == nil { body.fail("response", "required: the string WebApp.requestContact passed to its callback") }
        try body.finish()
        let contact: RequestedContact
        do {
            contact = try call.tenant.validator.validateContact(raw ?? "", now: call.now)
        } catch {
            throw AreaError.invalid("response", "not a contact Telegram signed for this bot: \(error.message)")
        }
        guard contact.userID == call.initData.user.id else {
            throw AreaError.forbidden(
                code: "contact_not_yours", message: "the shared contact belongs to another Telegram user")
        }
        let records = ContactRecords(schema: call.tenant.schema)
        let stored = try pool.withConnection {
            try records.savePhone(
                participantID: call.participantID, contact.phoneNumber, way: .miniAppRequestContact, at: call.now, $0)
        }
        guard stored else { throw AreaError.invalid("response", "the shared phone number is not a number") }
        return try contactReply(call)
    }

    func participantContact(_ call: StaffCall) throws -> HTTPResponse {
        let id = try pathID(call.params["participant"], notFound: BanRefusal.participantNotFound.error)
        let store = ContactStore(schema: call.tenant.schema)
        guard let card = try pool.withConnection({ try store.card(id, $0) }) else {
            throw BanRefusal.participantNotFound.error
        }
        return Reply.json([
            "participant_id": .int(id), "contact": card.json(declared: call.tenant.blueprint.contactFields),
        ])
    }

    private func contactReply(_ call: ParticipantCall) throws -> HTTPResponse {
        let store = ContactStore(schema: call.tenant.schema)
        let card = try pool.withConnection { try store.card(call.participantID, $0) } ?? ContactCard(values: [:])
        let blueprint = call.tenant.blueprint
        return Reply.json([
            "contact": card.json(declared: blueprint.contactFields),
            "form": .array(
                blueprint.contactFields.map {
                    $0.formJSON(locale: call.locale, defaultLocale: blueprint.app.defaultLocale)
                }),
        ])
    }
}

extension ContactField {
    /// The field as the mini app's form shows it, texts in `locale`.
    func formJSON(locale: String, defaultLocale: String) -> JSONValue {
        var o: JSONObject = [
            "id": .string(id), "label": .string(label.resolved(for: locale, defaultLocale: defaultLocale)),
            "type": .string(type.rawValue), "required": .bool(required),
        ]
        if type == .choice {
            o["choices"] = .array(
                choices.map {
                    [
                        "id": .string($0.id),
                        "label": .string($0.label.resolved(for: locale, defaultLocale: defaultLocale)),
                    ]
                })
        }
        return .object(o)
    }
}
