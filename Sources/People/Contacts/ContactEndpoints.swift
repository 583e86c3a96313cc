import Kernel

extension PeopleArea {
    /// End-user and staff routes over contacts: phone, email, custom fields, consent.
    var contactEndpoints: [Endpoint] { [] }
}
