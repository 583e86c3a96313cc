import Foundation
import HTTP

/// A call the router did not authenticate (`Endpoint.open`).
public struct OpenCall: Sendable {
    public var request: HTTPRequest
    public var params: RouteParameters
    public var now: Date

    public init(request: HTTPRequest, params: RouteParameters, now: Date) {
        self.request = request
        self.params = params
        self.now = now
    }
}
