import Kernel

extension PeopleArea {
    /// Staff routes over the ban list: ban, unban, history.
    var banEndpoints: [Endpoint] { [] }
}
