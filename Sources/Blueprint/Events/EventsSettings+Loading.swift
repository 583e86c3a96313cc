extension Validator {
    func readEventsSettings(_ field: Field) -> EventsSettings? {
        guard let reader = object(field, kind: "events_settings") else { return nil }
        var settings = EventsSettings()
        if let registrationField = reader["registration"], let registration = object(registrationField, kind: "registration") {
            settings.registration.enabled = registration.bool("enabled", default: true)
            settings.registration.requiresFields = registration["requires_fields"].map {
                choiceList($0, RegistrationField.self, subject: "registration field")
            } ?? []
            if !settings.registration.enabled, let fields = registration["requires_fields"] {
                report(fields.pointer, atKey: true, "\"requires_fields\" has no effect while registration is disabled", expected: "registration.enabled: true, or no requires_fields")
            }
        }
        settings.capacityDefault = reader.optionalInt("capacity_default", 1...100_000)
        settings.waitlist = reader.bool("waitlist", default: false)
        settings.paidTickets = reader.bool("paid_tickets", default: false)
        settings.ticketPriceDefault = reader.optionalInt("ticket_price_default", 1...Product.maxPrice)
        settings.showPast = reader.bool("show_past", default: false)
        if settings.paidTickets {
            if !settings.registration.enabled, let paid = reader["paid_tickets"] {
                report(paid.pointer, "paid tickets need registration", expected: "registration.enabled: true")
            }
            if !reader.has("ticket_price_default") {
                report(field.pointer, "missing required key \"ticket_price_default\" for paid tickets", expected: "a price in Stars, an integer from 1 to \(Product.maxPrice)")
            }
        } else if let price = reader["ticket_price_default"] {
            report(price.pointer, atKey: true, "\"ticket_price_default\" has no effect without paid tickets", expected: "\"paid_tickets\": true, or no ticket price")
        }
        return settings
    }
}
