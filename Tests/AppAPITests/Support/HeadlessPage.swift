import Foundation
import TesseraJSON
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// One page of headless Chromium driven over the DevTools protocol on a pipe
/// (`--remote-debugging-pipe`: Chromium reads commands on fd 3 and writes answers on fd 4, each a
/// JSON message ending in a NUL byte). Enough to load the mini app, run JavaScript (clicks) and
/// take a screenshot — for tests that need interaction, which `--dump-dom` cannot give.
final class HeadlessPage {
    private let pid: pid_t
    private let commands: Int32
    private let answers: Int32
    private var buffer: [UInt8] = []
    private var nextID: Int64 = 0
    private var session: String?
    private let profile: URL

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(width: Int = 390, height: Int = 844) throws {
        let binary = try XCTUnwrap(BrowserTests.chromium, "chromium is not installed (scripts/test.sh installs it)")
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-cdp-\(UUID().uuidString)")
        var toChrome: [Int32] = [0, 0]
        var fromChrome: [Int32] = [0, 0]
        guard pipe(&toChrome) == 0, pipe(&fromChrome) == 0 else { throw Failure(description: "pipe failed") }
        // Only the dup2'ed copies (fds 3 and 4) may reach Chromium.
        for fd in toChrome + fromChrome { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChrome[0], 3)
        posix_spawn_file_actions_adddup2(&actions, fromChrome[1], 4)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = [
            binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--remote-debugging-pipe", "--user-data-dir=\(profile.path)", "--window-size=\(width),\(height)",
            "about:blank",
        ]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, binary, &actions, nil, &argv, environ)
        close(toChrome[0])
        close(fromChrome[1])
        commands = toChrome[1]
        answers = fromChrome[0]
        guard status == 0 else { throw Failure(description: "posix_spawn failed: \(status)") }
        pid = child

        let target = try send("Target.createTarget", ["url": "about:blank"], inSession: false)
        guard let targetID = target["targetId"]?.stringValue else { throw Failure(description: "no target") }
        let attached = try send(
            "Target.attachToTarget", ["targetId": .string(targetID), "flatten": true], inSession: false)
        session = attached["sessionId"]?.stringValue
        _ = try send(
            "Emulation.setDeviceMetricsOverride",
            ["width": .int(Int64(width)), "height": .int(Int64(height)), "deviceScaleFactor": 1, "mobile": true])
    }

    deinit {
        close(commands)
        close(answers)
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        try? FileManager.default.removeItem(at: profile)
    }

    /// Sends a command and waits for its answer's `result` (events in between are skipped).
    @discardableResult
    func send(_ method: String, _ params: JSONObject = [:], inSession: Bool = true, timeout: TimeInterval = 20) throws
        -> JSONValue
    {
        nextID += 1
        var message: JSONObject = ["id": .int(nextID), "method": .string(method), "params": .object(params)]
        if inSession, let session { message["sessionId"] = .string(session) }
        var bytes = JSONValue.object(message).serialized()
        bytes.append(0)
        let written = bytes.withUnsafeBytes { write(commands, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw Failure(description: "write to chromium failed") }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            while let end = buffer.firstIndex(of: 0) {
                let text = Array(buffer[..<end])
                buffer.removeSubrange(...end)
                guard let answer = try? JSONParser.parse(text), answer["id"]?.intValue == nextID else { continue }
                if let error = answer["error"] { throw Failure(description: "\(method): \(error)") }
                return answer["result"] ?? .null
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw Failure(description: "\(method): no answer within \(timeout) s") }
            var fd = pollfd(fd: answers, events: Int16(POLLIN), revents: 0)
            guard poll(&fd, 1, Int32(left * 1000)) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let n = chunk.withUnsafeMutableBytes { read(answers, $0.baseAddress, $0.count) }
            guard n > 0 else { throw Failure(description: "chromium closed the pipe") }
            buffer += chunk[..<n]
        }
    }

    func navigate(_ url: String) throws { try send("Page.navigate", ["url": .string(url)]) }

    /// Evaluates `expression` in the page and returns its value.
    @discardableResult
    func evaluate(_ expression: String) throws -> JSONValue {
        let result = try send(
            "Runtime.evaluate", ["expression": .string(expression), "returnByValue": true, "awaitPromise": true])
        if let exception = result["exceptionDetails"] { throw Failure(description: "\(expression): \(exception)") }
        return result["result"]?["value"] ?? .null
    }

    /// Polls `condition` (a JavaScript boolean expression) until it holds.
    func wait(for condition: String, timeout: TimeInterval = 15) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if (try? evaluate(condition))?.boolValue == true { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let body = (try? evaluate("document.body.innerText").stringValue) ?? nil
        throw Failure(description: "timed out waiting for \(condition); page text:\n\(body ?? "")")
    }

    func screenshot(to file: URL) throws {
        let shot = try send("Page.captureScreenshot", ["format": "png"])
        guard let data = shot["data"]?.stringValue.flatMap({ Data(base64Encoded: $0) }) else {
            throw Failure(description: "no screenshot data")
        }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
    }
}
