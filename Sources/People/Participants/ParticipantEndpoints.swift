import Kernel

extension PeopleArea {
    /// Staff routes over participants: list, search, filters, profile, timeline, tags, notes, export.
    var participantEndpoints: [Endpoint] { [] }
}
