/// The `startapp` (and bot `/start`) parameter of a referral link: `ref_<referrer participant id>`.
public enum ReferralCode {
    public static let prefix = "ref_"

    public static func code(for participantID: Int64) -> String { prefix + String(participantID) }

    /// The referrer's participant id in `startParam`, or nil when it is not a referral code.
    public static func referrer(in startParam: String?) -> Int64? {
        guard let startParam, startParam.hasPrefix(prefix) else { return nil }
        let digits = startParam.dropFirst(prefix.count)
        guard (1...19).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), let id = Int64(digits), id > 0 else {
            return nil
        }
        return id
    }
}
