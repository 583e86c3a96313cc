import HTTP
import Kernel

/// The start parameter a mini app launch carries outside initData: `X-Tessera-Start-Param`, set by
/// the front end from the `startapp` query parameter of the welcome button's URL.
///
/// Not signed, and it need not be: `start_param` itself is whatever the `t.me/...?startapp=` link
/// said, which anyone can write, and both only count at a participant's first contact.
enum StartParameter {
    static let header = "X-Tessera-Start-Param"

    /// The header's value when it is a valid start parameter (`A-Z a-z 0-9 _ -`, 1–64), else nil.
    static func carried(_ request: HTTPRequest) -> String? {
        guard let value = request.headers[header], WelcomeJob.isStartParam(value) else { return nil }
        return value
    }
}
