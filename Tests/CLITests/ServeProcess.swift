import Foundation
import TesseraTestSupport
import XCTest

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The built `tessera serve` on a free loopback port, started with `cli`'s environment.
final class ServeProcess {
    let process = Process()
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }

    init(_ cli: CLIRunner) throws {
        port = try FreePort.find()
        process.executableURL = CLIRunner.binary
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", String(port)]
        process.currentDirectoryURL = CLIRunner.repoRoot
        process.environment = cli.processEnvironment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date(timeIntervalSinceNow: 30)
        while (try? Self.request(baseURL + "/healthz").status) != 200 {
            guard Date() < deadline, process.isRunning else {
                kill()
                throw ServeProcessError.didNotStart
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    /// SIGKILL, then wait for the exit.
    func kill() {
        guard process.isRunning else { return }
        _ = Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Sends a request (POST when `body` is given, unless `method` says otherwise) and returns
    /// status and body; throws without an answer.
    static func request(
        _ url: String, method: String? = nil, body: String? = nil, initData: String? = nil, bearer: String? = nil
    ) throws -> (status: Int, body: Data) {
        var request = URLRequest(url: URL(string: url)!, timeoutInterval: 10)
        request.httpMethod = method ?? (body == nil ? "GET" : "POST")
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let initData { request.setValue("tma " + initData, forHTTPHeaderField: "Authorization") }
        if let bearer { request.setValue("Bearer " + bearer, forHTTPHeaderField: "Authorization") }
        let done = DispatchSemaphore(value: 0)
        let box = ReplyBox()
        URLSession.shared.dataTask(with: request) { data, response, _ in
            box.status = (response as? HTTPURLResponse)?.statusCode
            box.body = data ?? Data()
            done.signal()
        }.resume()
        done.wait()
        guard let status = box.status else { throw URLError(.cannotConnectToHost) }
        return (status, box.body)
    }
}

enum ServeProcessError: Error { case didNotStart }

/// Written by the completion handler before `done.signal()`, read after `done.wait()`.
private final class ReplyBox: @unchecked Sendable {
    var status: Int?
    var body = Data()
}
