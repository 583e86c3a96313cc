import TesseraJSON

extension Validator {
    /// `"contact_fields"`: distinct ids (none of them `phone` or `email`), and choices exactly on
    /// `choice` fields.
    func readContactFields(_ field: Field) -> [ContactField] {
        uniqueList(field, subject: "contact field id", key: \.id, describe: { "\"\($0)\"" }) { readContactField($0) }
    }

    func readContactField(_ field: Field) -> ContactField? {
        guard let reader = object(field, kind: "contact_field") else { return nil }
        var id = reader.token("id", .identifier, subject: "contact field id")
        if let taken = id, ContactField.reservedIDs.contains(taken) {
            report(
                field.pointer.appending("id"), "\"\(taken)\" is a built-in contact",
                expected: "another id (phone and email are always collected)")
            id = nil
        }
        let label = reader.localized("label")
        let type = reader["type"].flatMap { choice($0, ContactFieldType.self, subject: "contact field type") }
        let required = reader.bool("required", default: false)
        var choices: [ContactChoice] = []
        if let choicesField = reader["choices"] {
            if let type, type != .choice {
                report(
                    choicesField.pointer, atKey: true, "a \(type.rawValue) field has no choices",
                    expected: "\"type\": \"choice\", or no \"choices\"")
            } else {
                choices = uniqueList(
                    choicesField, nonEmpty: true, subject: "choice id", key: \.id, describe: { "\"\($0)\"" }
                ) { element in
                    guard let choice = object(element, kind: "contact_choice") else { return nil }
                    let id = choice.token("id", .identifier, subject: "choice id")
                    let label = choice.localized("label")
                    guard let id, let label else { return nil }
                    return ContactChoice(id: id, label: label)
                }
            }
        } else if type == .choice {
            report(field.pointer, "missing required key \"choices\" for a choice field")
        }
        guard let id, let label, let type else { return nil }
        return ContactField(id: id, label: label, type: type, required: required, choices: choices)
    }
}

extension ContactField {
    /// The canonical form (every default written out).
    var jsonValue: JSONValue {
        var object: JSONObject = [
            "id": .string(id), "label": label.json, "type": .string(type.rawValue), "required": .bool(required),
        ]
        if !choices.isEmpty {
            object["choices"] = .array(choices.map { ["id": .string($0.id), "label": $0.label.json] })
        }
        return .object(object)
    }
}
