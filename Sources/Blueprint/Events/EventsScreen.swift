extension ScreenBuilder {
    /// Upcoming events, notes on paid tickets and the waitlist, the registration form (its path
    /// holds an `{event}` placeholder for the chosen event) and, optionally, past events.
    mutating func addEvents(_ settings: EventsSettings) {
        if settings.paidTickets {
            let note = settings.ticketPriceDefault.map { builtin(.paidTicketsFromNote, n: $0) } ?? builtin(.paidTicketsNote)
            add(Component.text(note, style: "caption"))
        }
        add(Component.cardList(
            id: "\(section.id)-upcoming", source: "events.upcoming", layout: "list", pageSize: 20,
            empty: Component.emptyState(title: builtin(.noEvents), text: builtin(.noEventsText), icon: section.icon ?? "calendar")))
        if settings.registration.enabled {
            if settings.waitlist { add(Component.text(builtin(.waitlistNote), style: "caption")) }
            let fields = settings.registration.requiresFields.map { field in
                Component.formField(name: field.rawValue, label: label(field), kind: field.formKind, required: true)
            }
            add(Component.form(
                id: "\(section.id)-registration", fields: fields,
                submitText: builtin(settings.paidTickets ? .buyTicket : .register),
                action: Action.api(section: section.id, "events/{event}/registrations")))
        }
        if settings.showPast {
            add(Component.header(builtin(.pastEvents)))
            add(Component.cardList(id: "\(section.id)-past", source: "events.past", layout: "list", pageSize: 20))
        }
    }

    private func label(_ field: RegistrationField) -> String {
        switch field {
        case .name: builtin(.fieldName)
        case .email: builtin(.fieldEmail)
        case .phone: builtin(.fieldPhone)
        case .company: builtin(.fieldCompany)
        case .comment: builtin(.fieldComment)
        }
    }
}
