import Foundation
import HTTP
import Telegram
import Tenancy

/// An end-user call that passed `tma` authentication: the live tenant and the participant.
public struct ParticipantCall: Sendable {
    public var request: HTTPRequest
    public var params: RouteParameters
    public var tenant: LiveTenant
    public var participantID: Int64
    /// The signed launch data: the Telegram user, the start parameter.
    public var initData: InitData
    public var tags: Set<String>
    /// The caller's resolved locale (one of the blueprint's locales).
    public var locale: String
    public var now: Date

    public init(
        request: HTTPRequest, params: RouteParameters, tenant: LiveTenant, participantID: Int64, initData: InitData,
        tags: Set<String>, locale: String, now: Date
    ) {
        self.request = request
        self.params = params
        self.tenant = tenant
        self.participantID = participantID
        self.initData = initData
        self.tags = tags
        self.locale = locale
        self.now = now
    }
}

