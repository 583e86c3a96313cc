import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a command to completion (posix_spawn + waitpid) and captures its combined output.
///
/// Not Foundation's `Process`: on Linux it notices a child's exit through a descriptor the child
/// inherits, so `pg_ctl start` (whose server keeps running) would make it wait forever. Output goes
/// to a temporary file, not a pipe, for the same reason, and every other descriptor is closed in
/// the child.
enum CommandRunner {
    struct Outcome {
        let status: Int32
        let output: String
    }

    static func run(
        _ executable: String, _ arguments: [String], asUser user: String? = nil, workingDirectory: URL? = nil
    ) throws(EmbeddedPostgresError) -> Outcome {
        var launchPath = executable
        var launchArguments = arguments
        if let user {
            if let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"].first(where: isExecutable) {
                launchPath = runuser
                launchArguments = ["-u", user, "--", executable] + arguments
            } else if let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first(where: isExecutable) {
                launchPath = setpriv
                launchArguments = ["--reuid=\(user)", "--regid=\(user)", "--init-groups", "--", executable] + arguments
            } else {
                throw .commandFailed(
                    command: executable, status: -1, output: "neither runuser nor setpriv is available to drop root")
            }
        }
        let outputPath = NSTemporaryDirectory() + "tessera-cmd-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).log"
        let outputFD = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard outputFD >= 0 else { throw .fileSystem(path: outputPath, reason: "cannot create output file") }
        defer {
            close(outputFD)
            unlink(outputPath)
        }

        var environment = ProcessInfo.processInfo.environment
        // Inherited PG* variables (PGDATA, PGPORT…) must not redirect the cluster's tools.
        for key in environment.keys where key.hasPrefix("PG") { environment[key] = nil }
        environment["LC_ALL"] = "C"

        let argv = ([launchPath] + launchArguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outputFD, 1)
        posix_spawn_file_actions_adddup2(&actions, outputFD, 2)
        if let closeFrom = SpawnExtensions.addCloseFrom {
            _ = closeFrom(&actions, 3)
        }
        if let workingDirectory, let addChdir = SpawnExtensions.addChdir {
            _ = addChdir(&actions, workingDirectory.path)
        }

        var pid = pid_t()
        let spawned = posix_spawn(&pid, launchPath, &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw .commandFailed(command: executable, status: -1, output: "cannot launch: errno \(spawned)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else {
                throw .commandFailed(command: executable, status: -1, output: "waitpid failed: errno \(errno)")
            }
        }
        let data = FileManager.default.contents(atPath: outputPath) ?? Data()
        return Outcome(status: exitStatus(status), output: String(decoding: data, as: UTF8.self))
    }

    /// The exit code, or 128 + signal number for a killed child (as shells report it).
    private static func exitStatus(_ status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` / `_addchdir_np` are not visible to Swift
    /// without `_GNU_SOURCE`, so they are looked up at run time (nil where the libc lacks them).
    private enum SpawnExtensions {
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        typealias AddChdir =
            @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

        static let addCloseFrom: AddCloseFrom? = lookup("posix_spawn_file_actions_addclosefrom_np")
        static let addChdir: AddChdir? = lookup("posix_spawn_file_actions_addchdir_np")

        private static func lookup<F>(_ name: String) -> F? {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
            return unsafeBitCast(symbol, to: F.self)
        }
    }

    static func isExecutable(_ path: String) -> Bool {
        FileManager.default.isExecutableFile(atPath: path)
    }
}
