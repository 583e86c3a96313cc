import Blueprint
import Foundation
import HTTP
import Kernel
import TesseraJSON

extension PeopleArea {
    /// Staff routes over everyone who left a contact: the Contacts list and its CSV export.
    var contactListEndpoints: [Endpoint] {
        [
            .staff(.GET, "/admin/api/v1/{tenant}/contacts", .read(.people), listContacts),
            .staff(.GET, "/admin/api/v1/{tenant}/contacts/export.csv", .export(.people), exportContacts),
        ]
    }

    func listContacts(_ call: StaffCall) throws -> HTTPResponse {
        let declared = call.tenant.blueprint.contactFields
        let query = try ContactQuery.parse(call.request.queryItems, fields: declared)
        let directory = ContactDirectory(schema: call.tenant.schema)
        let listings = try pool.withConnection { conn in
            try directory.page(query.filter, sort: query.sort, after: query.cursor, limit: query.limit + 1, conn)
        }
        let shown = listings.prefix(query.limit)
        let next =
            listings.count > query.limit
            ? shown.last.map { ContactCursor(sort: query.sort, micros: $0.updatedMicros, id: $0.participantID) } : nil
        return Reply.json([
            "contacts": .array(shown.map { $0.json(declared: declared) }),
            "fields": .array(declared.map { Self.officeJSON($0, defaultLocale: call.tenant.blueprint.app.defaultLocale) }),
            "next_cursor": next.map { .string($0.encoded) } ?? .null,
        ])
    }

    /// The CSV export: the list's filters, every matching contact in participant id order,
    /// streamed in keyset batches like the participants export.
    func exportContacts(_ call: StaffCall) throws -> HTTPResponse {
        let declared = call.tenant.blueprint.contactFields
        let query = try ContactQuery.parse(call.request.queryItems, fields: declared, paged: false)
        let directory = ContactDirectory(schema: call.tenant.schema)
        let pool = self.pool
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/csv; charset=utf-8")
        headers.add(
            name: "Content-Disposition", value: "attachment; filename=\"contacts-\(call.tenant.slug.rawValue).csv\"")
        headers.add(name: "Cache-Control", value: "private, no-store")
        let header = ContactExport.header(declared)
        return .streaming(
            headers: headers,
            HTTPBodyStream { writer in
                var out = CSVWriter.byteOrderMark
                CSVWriter.appendRecord(header, to: &out)
                try writer.write(out)
                var cursor: ContactCursor?
                while true {
                    let listings = try pool.withConnection { conn in
                        try directory.page(query.filter, sort: .id, after: cursor, limit: Self.exportBatch, conn)
                    }
                    out.removeAll(keepingCapacity: true)
                    for listing in listings {
                        CSVWriter.appendRecord(ContactExport.record(listing, declared: declared), to: &out)
                    }
                    try writer.write(out)
                    guard listings.count == Self.exportBatch, let last = listings.last else { return }
                    cursor = ContactCursor(sort: .id, micros: 0, id: last.participantID)
                }
            })
    }

    /// A declared field as the office's columns need it: id, type, label in each office locale.
    static func officeJSON(_ field: ContactField, defaultLocale: String) -> JSONValue {
        var label = JSONObject()
        for locale in ["en", "ru"] {
            label[locale] = .string(field.label.resolved(for: locale, defaultLocale: defaultLocale))
        }
        return ["id": .string(field.id), "type": .string(field.type.rawValue), "label": .object(label)]
    }
}
