/// Request ids: an incoming `X-Request-Id` is echoed when valid, otherwise one is generated.
public enum RequestID {
    /// 1–64 characters of `[A-Za-z0-9._-]`: safe to echo and to log.
    public static func isValid(_ candidate: String) -> Bool {
        let utf8 = candidate.utf8
        guard !utf8.isEmpty && utf8.count <= 64 else { return false }
        for b in utf8 {
            switch b {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2E, 0x5F, 0x2D: continue
            default: return false
            }
        }
        return true
    }

    /// Random per process, so ids from restarted or parallel servers do not collide.
    static let processPrefix: String = {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }()

    /// The per-connection part of generated ids: `<process>-<loop><serial>-`.
    static func connectionPrefix(loop: Int, serial: UInt64) -> String {
        "\(processPrefix)-\(String(loop, radix: 36))\(String(serial, radix: 36))-"
    }
}
