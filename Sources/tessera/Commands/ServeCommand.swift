import AppAPI
import Foundation
import HTTP
import Postgres
import Tenancy
import TesseraLog

/// `tessera serve`: the HTTP server.
enum ServeCommand {
    static func run(_ argv: [String]) throws(CLIError) {
        let args = try Arguments(argv, flags: [], options: ["port", "host"])
        if args.help { return Output.line(HelpText.serve) }
        try args.expectPositionals(0)
        let configuration = Configuration.processOnly()
        let port = try configuration.port(flag: args.options["port"])
        let platform = try Platform.open(configuration, logLevel: .info, poolSize: try configuration.poolSize())
        try serve(platform, host: args.options["host"] ?? "0.0.0.0", port: port, onStarted: { _ in })
    }

    /// Starts the server on `platform` and blocks until SIGTERM/SIGINT. `simulatorURL`: `tessera
    /// dev`'s in-process Bot API simulator (enables simulated shop payments).
    static func serve(
        _ platform: Platform, host: String, port: Int, simulatorURL: String? = nil, onStarted: (HTTPServer) -> Void
    ) throws(CLIError) {
        let configuration = platform.configuration
        let masterKey = try configuration.masterKey()
        let maxAge = try configuration.initDataMaxAge()
        let listenDB = try configuration.listenDatabaseURL()
        let registry = TenantRegistry(pool: platform.pool, masterKey: masterKey, initDataMaxAge: maxAge, logger: platform.logger)
        try platform.attempt { try registry.reloadAll() }
        registry.startWatching(configuration: listenDB)
        let context = try platform.attempt {
            try AppContext(
                registry: registry, pool: platform.pool, initDataMaxAge: maxAge, logger: platform.logger,
                botAPI: configuration.botAPIClient(), simulatorURL: simulatorURL, publicURL: configuration.publicURL())
        }
        context.participants.startWatching(configuration: listenDB, logger: platform.logger)
        context.navigation.start()
        do {
            // Pending updates stored before they had jobs (an upgrade) get theirs now.
            let enqueued = try context.updateJobs.reconcile()
            if enqueued > 0 { platform.logger.info("update jobs enqueued", [("updates", .int(Int64(enqueued)))]) }
        } catch {
            platform.logger.warning("update jobs not reconciled", [("error", .string(String(describing: error)))])
        }
        context.jobs.start(listenOn: listenDB)
        context.startAreas()
        context.notifications.start(configuration: listenDB, logger: platform.logger)
        let router = AppServer.makeRouter(context)
        var serverConfiguration = HTTPServerConfiguration()
        serverConfiguration.host = host
        serverConfiguration.port = port
        serverConfiguration.workerThreads = try configuration.httpWorkers()
        let server = HTTPServer(configuration: serverConfiguration, logger: platform.logger, router: router)
        let openFiles = FileLimit.raise()
        try platform.attempt { try server.start() }
        platform.logger.info(
            "listening",
            [("host", .string(host)), ("port", .int(Int64(server.boundPort))), ("tenants", .int(Int64(registry.all.count))),
             ("open_files_limit", .int(Int64(openFiles)))])
        onStarted(server)
        // Areas stop first: waiting long polls answer instead of holding the drain.
        server.runUntilSignal(beforeShutdown: { context.stopAreas() })
        context.notifications.stop()
        context.navigation.stop()
        context.jobs.stop()
        context.participants.stopWatching()
        registry.stopWatching()
        platform.pool.close()
        platform.logger.info("stopped")
    }
}
