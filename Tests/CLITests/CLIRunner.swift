import Foundation
import XCTest

/// Runs the built `tessera` binary and captures what it printed.
struct CLIRunner {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
    }

    var environment: [String: String] = [:]

    static var binary: URL {
        // swift-corelibs-xctest runs the test bundle from the build products directory.
        Bundle.main.bundleURL.appendingPathComponent("tessera")
    }

    /// The test process's environment without its Tessera settings, plus `environment`.
    var processEnvironment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("TESSERA_") || key == "DATABASE_URL" { env.removeValue(forKey: key) }
        env["TESSERA_LOG_LEVEL"] = "error"
        // A `tessera dev` running in the checkout must not lend the tests its database.
        env["TESSERA_DEV_ENV"] = "off"
        env["TESSERA_MIGRATIONS_DIR"] = Self.repoRoot.appendingPathComponent("Migrations").path
        for (k, v) in environment { env[k] = v }
        return env
    }

    /// Runs the binary to completion; one still running after `timeout` seconds (a server that
    /// should have refused to start) is killed, so the test fails instead of hanging.
    func run(_ arguments: [String], cwd: URL = CLIRunner.repoRoot, timeout: TimeInterval = 60) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = cwd
        process.environment = processEnvironment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        // Read both pipes concurrently so neither fills up and blocks the child.
        let group = DispatchGroup()
        let box = OutputBox()
        group.enter()
        DispatchQueue.global().async {
            box.err = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: box.err, as: UTF8.self))
    }
}

/// Written by one reader thread, read after `group.wait()`.
private final class OutputBox: @unchecked Sendable {
    var err = Data()
}
