import CTesseraSystem
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
    private var pid: pid_t = 0
    /// Set once `pid` is waited for (it exited on its own), so it is not waited for twice.
    private var reaped = false
    private var commands: Int32 = -1
    private var answers: Int32 = -1
    private var buffer: [UInt8] = []
    private var nextID: Int64 = 0
    private var session: String?
    private let profile: URL
    /// Chromium's stderr: its tail goes into every failure, so a crash says why.
    private var log: URL { profile.appendingPathComponent("chromium.log") }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The first command waits for the whole browser start-up, which takes far longer than any
    /// later answer on a machine busy with parallel builds.
    static let startUpTimeout: TimeInterval = 90
    /// A start-up that failed is tried once more with a fresh process and profile; the page
    /// fails only when both did, with both reasons.
    static let launchAttempts = 2

    init(width: Int = 390, height: Int = 844) throws {
        let binary = try XCTUnwrap(BrowserTests.chromium, "chromium is not installed (scripts/test.sh installs it)")
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-cdp-\(UUID().uuidString)")
        // A write to a Chromium that died must fail with EPIPE, not kill the test process.
        signal(SIGPIPE, SIG_IGN)
        var failures: [String] = []
        for attempt in 1...Self.launchAttempts {
            do {
                try launch(binary, width: width, height: height)
                try open(width: width, height: height)
                return
            } catch {
                failures.append("attempt \(attempt): \(error)")
                // Said on stderr, so a start-up that needed the second attempt shows in the log.
                FileHandle.standardError.write(Data("HeadlessPage: Chromium start-up attempt \(attempt) failed: \(error)\n".utf8))
                stop()
            }
        }
        throw Failure(description: "headless Chromium did not start: " + failures.joined(separator: "; "))
    }

    private func launch(_ binary: String, width: Int, height: Int) throws {
        try? FileManager.default.removeItem(at: profile)
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        var toChrome: [Int32] = [-1, -1]
        var fromChrome: [Int32] = [-1, -1]
        // Close-on-exec from birth (pipe2, not pipe + fcntl): only the dup2'ed copies (fds 3 and
        // 4) may reach Chromium, and no other child may hold an end, or a dead Chromium's
        // answers pipe would never report EOF.
        guard tessera_pipe2(&toChrome, O_CLOEXEC) == 0 else { throw Failure(description: "pipe2 failed: errno \(errno)") }
        guard tessera_pipe2(&fromChrome, O_CLOEXEC) == 0 else {
            close(toChrome[0])
            close(toChrome[1])
            throw Failure(description: "pipe2 failed: errno \(errno)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChrome[0], 3)
        posix_spawn_file_actions_adddup2(&actions, fromChrome[1], 4)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
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
        reaped = false
        buffer = []
        session = nil
    }

    private func open(width: Int, height: Int) throws {
        let target = try send("Target.createTarget", ["url": "about:blank"], inSession: false, timeout: Self.startUpTimeout)
        guard let targetID = target["targetId"]?.stringValue else { throw Failure(description: "no target") }
        let attached = try send(
            "Target.attachToTarget", ["targetId": .string(targetID), "flatten": true], inSession: false)
        session = attached["sessionId"]?.stringValue
        _ = try send(
            "Emulation.setDeviceMetricsOverride",
            ["width": .int(Int64(width)), "height": .int(Int64(height)), "deviceScaleFactor": 1, "mobile": true])
    }

    /// Ends the browser (if it runs) and closes the pipes.
    private func stop() {
        if commands >= 0 { close(commands) }
        if answers >= 0 { close(answers) }
        commands = -1
        answers = -1
        if pid > 0 && !reaped {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            reaped = true
        }
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: profile)
    }

    /// The last lines Chromium wrote to stderr.
    private var logTail: String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.isEmpty ? "(chromium wrote nothing to stderr)" : "chromium's stderr ends: " + String(text.suffix(1_500))
    }

    /// Throws when Chromium has exited, with its status and stderr.
    private func checkAlive(_ method: String) throws {
        var status: Int32 = 0
        guard !reaped, waitpid(pid, &status, WNOHANG) == pid else { return }
        reaped = true
        throw Failure(description: "\(method): chromium exited (wait status \(status)); \(logTail)")
    }

    private func write(_ bytes: [UInt8], for method: String) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(commands, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Failure(description: "\(method): write to chromium failed: errno \(errno); \(logTail)") }
            offset += n
        }
    }

    /// Sends a command and waits for its answer's `result` (events in between are skipped).
    @discardableResult
    func send(_ method: String, _ params: JSONObject = [:], inSession: Bool = true, timeout: TimeInterval = 30) throws
        -> JSONValue
    {
        nextID += 1
        var message: JSONObject = ["id": .int(nextID), "method": .string(method), "params": .object(params)]
        if inSession, let session { message["sessionId"] = .string(session) }
        var bytes = JSONValue.object(message).serialized()
        bytes.append(0)
        try write(bytes, for: method)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            // Messages are NUL-terminated and may arrive split over reads: only whole ones are parsed.
            while let end = buffer.firstIndex(of: 0) {
                let text = Array(buffer[..<end])
                buffer.removeSubrange(...end)
                guard let answer = try? JSONParser.parse(text) else {
                    // An unparsable message that may be the answer: say so rather than time out.
                    if String(decoding: text.prefix(40), as: UTF8.self).contains("\"id\":\(nextID),") {
                        throw Failure(description: "\(method): unparsable answer: \(String(decoding: text.prefix(500), as: UTF8.self))")
                    }
                    continue
                }
                guard answer["id"]?.intValue == nextID else { continue }
                if let error = answer["error"] { throw Failure(description: "\(method): \(error)") }
                return answer["result"] ?? .null
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw Failure(description: "\(method): no answer within \(timeout) s; \(logTail)") }
            var fd = pollfd(fd: answers, events: Int16(POLLIN), revents: 0)
            // Short slices, so a Chromium that died is noticed at once, not at the deadline.
            guard poll(&fd, 1, Int32(min(left, 0.5) * 1000)) > 0 else {
                try checkAlive(method)
                continue
            }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let n = chunk.withUnsafeMutableBytes { read(answers, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Failure(description: "\(method): chromium closed the pipe; \(logTail)") }
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
