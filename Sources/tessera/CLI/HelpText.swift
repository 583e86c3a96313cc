/// `--help` texts, one per command. Kept next to each other so they stay consistent.
enum HelpText {
    static let main = """
        tessera — multi-tenant platform for Telegram Mini Apps

        USAGE: tessera <command> [options]

        COMMANDS:
          dev                          Run everything locally: private PostgreSQL, sample tenants, server
          dev link --tenant SLUG       Print a signed-in mini-app link against the running dev server
          serve                        Run the HTTP server (needs DATABASE_URL, TESSERA_MASTER_KEY)
          migrate                      Migrate the platform schema and every tenant schema
          tenant <subcommand>          Create, apply, list, show, suspend, resume, roll back, delete tenants
          admin token <subcommand>     Create, list and revoke staff API tokens
          staff <subcommand>           Invite back-office staff, list, remove, change roles, reset passwords
          blueprint <subcommand>       Validate and render blueprint files
          telegram-sim                 Run the Bot API simulator (for tests and local development)

        Every command takes --help. Commands that print data take --json.

        ENVIRONMENT:
          DATABASE_URL                 postgres://user:password@host:port/database
          TESSERA_MASTER_KEY           64 hex characters; encrypts bot tokens at rest
          TESSERA_MASTER_KEY_FILE      A file holding the master key (when TESSERA_MASTER_KEY is unset)
          PORT                         HTTP port (default 8080; --port overrides)
          TELEGRAM_API_URL             Bot API base URL (default https://api.telegram.org)
          TESSERA_PUBLIC_URL           Where Telegram reaches this server; set to register webhooks
          TESSERA_INIT_DATA_MAX_AGE    Max age of initData auth_date in seconds (default 86400)
          TESSERA_MIGRATIONS_DIR       Where Migrations/ lives (default: found next to the binary)
          TESSERA_LOG_LEVEL            debug | info | warning | error (default info)
          TESSERA_LISTEN_DATABASE_URL  Connection for LISTEN (default DATABASE_URL; direct, not via PgBouncer)
          TESSERA_DB_POOL_SIZE         Server's database connections (default 10)
          TESSERA_HTTP_WORKERS         Server's HTTP worker threads (default 32)
          TESSERA_DEV_ENV              The settings file of a running `tessera dev` (default .tessera/dev.env;
                                       off: none)
        Every command checks every variable that is set; a bad one exits 78 naming it.
        Without DATABASE_URL, commands other than serve, dev and telegram-sim take the variables they
        lack from a running `tessera dev`'s settings file (TESSERA_DEV_ENV), so they work on its database.

        EXIT CODES: 0 success, 1 failure, 64 usage, 65 invalid input, 69 database unavailable, 78 configuration
        """

    static let tenant = """
        USAGE: tessera tenant <subcommand>

        SUBCOMMANDS:
          create MANIFEST [--json]              Provision a tenant from tenants/<slug>.json (one transaction)
          apply MANIFEST [--dry-run] [--json]   Validate, show the diff, store a new blueprint version
          list [--json]                         List tenants
          show SLUG [--json]                    Show one tenant and its blueprint versions
          suspend SLUG                          Make the tenant's API answer 403 (data stays)
          resume SLUG                           Undo suspend
          rollback SLUG --to VERSION            Make an earlier blueprint version live again
          delete SLUG --yes                     Remove the tenant and ALL its data
          webhook SLUG [--json]                 (Re-)register the bot's webhook at TESSERA_PUBLIC_URL
          seed --tenant SLUG [--file F] [--json] Fill the tenant with its demo content (tenants/demo/)

        The manifest names the bot token's environment variable (bot.token_env); the token is
        stored encrypted with TESSERA_MASTER_KEY and never printed. When TESSERA_PUBLIC_URL is set,
        create (and apply, when the token changes) registers the webhook
        <TESSERA_PUBLIC_URL>/telegram/<slug>/webhook with the tenant's secret.
        """

    static let admin = """
        USAGE: tessera admin token <subcommand>

        SUBCOMMANDS:
          create --tenant SLUG --role owner|manager|support|analyst [--name N] [--json]
                                       Create a staff token for the admin API; it is printed once
                                       (Tessera stores only its SHA-256)
          list --tenant SLUG [--json]  List a tenant's tokens (never their values)
          revoke TOKEN_ID --tenant SLUG [--json]
                                       Revoke a token; calls with it answer 401 from then on

        Admin API calls send `Authorization: Bearer <token>` to /admin/api/v1/{tenant}/…; a token
        opens only its own tenant.
        """

    static let blueprint = """
        USAGE: tessera blueprint <subcommand>

        SUBCOMMANDS:
          validate FILE... [--json]                          Check blueprints; every error with file:line:column
          render FILE --screen ID [--locale L] [--tags a,b]  Print a screen's component tree as JSON
          render FILE --manifest [--locale L]                Print the app manifest as JSON
        """

    static let migrate = """
        USAGE: tessera migrate [--json]

        Applies Migrations/platform to the platform schema, then Migrations/tenant to every tenant's
        schema, each in its own transaction under an advisory lock. Refuses to run when an applied
        migration file was edited. Prints a progress line per tenant on a terminal.
        """

    static let serve = """
        USAGE: tessera serve [--port N] [--host H]

        Serves the end-user API, the mini-app front end and health checks. Needs DATABASE_URL and
        TESSERA_MASTER_KEY. Applies pending platform migrations at start. SIGTERM/SIGINT stop it
        gracefully (in-flight requests finish). Tenant changes arrive by LISTEN/NOTIFY on
        TESSERA_LISTEN_DATABASE_URL (default DATABASE_URL; behind a transaction-pooling PgBouncer
        it must be a direct connection); a listener that does not hear its own probe is logged as
        deaf and GET /readyz says "degraded".
        """

    static let dev = """
        USAGE: tessera dev [--port N] [--data-dir DIR] [--tenants DIR] [--pg-port N]
               tessera dev <subcommand>

        SUBCOMMANDS:
          link --tenant SLUG [--user ID] [--lang L] [--start PARAM] [--json]
                                       Print a signed-in mini-app link against the running dev server

        Starts a private PostgreSQL in .tessera/ (kept between runs; port 54329 or --pg-port)
        unless DATABASE_URL is set,
        migrates, provisions every manifest in tenants/ with development bot tokens, seeds each one
        that has a demo file (tenants/demo/<slug>.json, as `tessera tenant seed`), serves, and
        prints for each tenant a local URL that opens its mini app as a signed-in fake user.
        Unless TELEGRAM_API_URL is set, a Bot API simulator runs in-process and every tenant's
        webhook is registered there (drive it through its /sim/ control API). Also prints the
        back office (/office/) and a demo owner of every tenant, owner@tessera.dev, with its
        password (kept in the data directory's office-password).
        Writes the settings the other commands need (DATABASE_URL, TESSERA_MASTER_KEY_FILE,
        TESSERA_PUBLIC_URL, TELEGRAM_API_URL, TESSERA_DEV_SERVER_URL) to DIR/dev.env (mode 0600) and
        removes it on exit: tessera commands run here without DATABASE_URL use dev's database and key
        (with another --data-dir, set TESSERA_DEV_ENV=DIR/dev.env). The dev server ignores this file.
        Ctrl-C stops everything.
        """

    static let devLink = """
        USAGE: tessera dev link --tenant SLUG [--user ID] [--lang L] [--start PARAM] [--json]

        Prints a link that opens the tenant's mini app on the running dev server signed in as a
        Telegram user: initData signed with the tenant's bot token (read from dev's database), as
        Telegram would pass it. --user: the Telegram user id (default 100000001, dev's own user);
        --lang: the user's language_code (default en); --start: the start parameter (default dev;
        1-64 of A-Z a-z 0-9 _ -), e.g. ref_12 for a referral. The link expires after
        TESSERA_INIT_DATA_MAX_AGE (24 h). Reads the dev server's settings file (.tessera/dev.env, or
        TESSERA_DEV_ENV) whatever DATABASE_URL says. --json adds user, start_param and expires_at.
        Exit codes: 0 printed, 1 no such tenant, 64 usage, 69 no dev server running.
        """

    static let telegramSim = """
        USAGE: tessera telegram-sim [--port N] [--host H] [--strict]

        Runs the Bot API simulator: /bot<token>/<method> answers with Telegram's JSON shapes and
        error codes (forum topics and uploads included), /file/bot<token>/<path> serves files, and
        /sim/ is a control API (add bots and forum supergroups, script 429/403 faults, make users
        send /start, text, photos, documents, voice notes, stickers or contacts, block the bot or
        pay an invoice, let staff write in a topic; read what the bot sent). Any well-formed
        token is accepted and its bot created on first use, unless --strict (then add bots with
        POST /sim/bots). Default port 8081. Point Tessera at it with TELEGRAM_API_URL.
        See docs/telegram.md.
        """
}

extension HelpText {
    /// Help of each subcommand, keyed by "group subcommand".
    static let subcommands: [String: String] = [
        "tenant create": """
            USAGE: tessera tenant create MANIFEST [--json]

            Provisions a tenant from a manifest file (tenants/<slug>.json). Reads the bot token from the
            environment variable the manifest names (bot.token_env), validates the blueprint, then in one
            transaction creates the directory row (token encrypted with TESSERA_MASTER_KEY), the tenant's
            schema and tables, and blueprint version 1. On any failure nothing is left behind.
            Exit codes: 0 created, 1 already exists, 65 invalid manifest or blueprint, 69 database down, 78 configuration.
            """,
        "tenant apply": """
            USAGE: tessera tenant apply MANIFEST [--dry-run] [--json]

            Validates the manifest and its blueprint, prints the diff against the live version
            (+ added, - removed, ~ changed, with JSON pointers) and stores a new version that running
            servers serve within a second. Also updates title, bot username and, when its variable is
            set, the bot token. --dry-run shows what would change and stores nothing.
            """,
        "tenant list": """
            USAGE: tessera tenant list [--json]

            Lists every tenant: slug, status, live blueprint version, schema, bot, title.
            """,
        "tenant show": """
            USAGE: tessera tenant show SLUG [--json]

            Shows one tenant and every stored blueprint version (number, date, checksum, source, live).
            """,
        "tenant suspend": """
            USAGE: tessera tenant suspend SLUG [--json]

            Suspends the tenant: its API answers 403 tenant_suspended; its data stays. Undo with resume.
            """,
        "tenant resume": """
            USAGE: tessera tenant resume SLUG [--json]

            Resumes a suspended tenant.
            """,
        "tenant rollback": """
            USAGE: tessera tenant rollback SLUG --to VERSION [--json]

            Makes a stored blueprint version live again, without downtime (see `tenant show` for versions).
            """,
        "tenant seed": """
            USAGE: tessera tenant seed --tenant SLUG [--file FILE] [--json]

            Fills the tenant with the demo content of FILE (default tenants/demo/<slug>.json): demo
            participants with points and referrals, news posts with pictures, upcoming and past
            events with registrations (docs/operations.md). Every item has a stable key: seeding again
            adds only keys not seeded before, and two seeds at once write each item once. One
            transaction: an invalid item changes nothing. Prints a line per section (--json: the
            counts added and in total, by kind).
            Exit codes: 0 seeded (or already there), 1 no such tenant, 64 usage, 65 invalid demo file,
            66 the file cannot be read, 69 database down, 78 configuration.
            """,
        "tenant delete": """
            USAGE: tessera tenant delete SLUG --yes [--json]

            Removes the tenant: drops its schema with ALL its data and its directory rows. Needs --yes.
            """,
        "tenant webhook": """
            USAGE: tessera tenant webhook SLUG [--json]

            (Re-)registers the tenant's bot webhook at <TESSERA_PUBLIC_URL>/telegram/<slug>/webhook with
            the tenant's secret (setWebhook through TELEGRAM_API_URL): after moving the server, or when
            Telegram lost the webhook. Create and apply register it already when TESSERA_PUBLIC_URL is set.
            Exit codes: 0 registered, 1 no such tenant or Telegram refused, 78 TESSERA_PUBLIC_URL not set.
            """,
        "admin token create": """
            USAGE: tessera admin token create --tenant SLUG --role owner|manager|support|analyst [--name N] [--json]

            Creates a staff token for the tenant's admin API (/admin/api/v1/{tenant}/…, sent as
            `Authorization: Bearer <token>`). The token is printed once: Tessera keeps only its SHA-256.
            --name (at most 100 characters) says who or what uses it. --json includes the token.
            """,
        "admin token list": """
            USAGE: tessera admin token list --tenant SLUG [--json]

            Lists the tenant's staff tokens: id, role, name, created, last used and revoked (never their
            values).
            """,
        "admin token revoke": """
            USAGE: tessera admin token revoke TOKEN_ID --tenant SLUG [--json]

            Revokes a token (an id from `tessera admin token list`); calls with it answer 401 from then on.
            Exit codes: 0 revoked, 1 no active token with this id in the tenant.
            """,
        "blueprint validate": """
            USAGE: tessera blueprint validate FILE... [--json]

            Checks blueprint files and reports every error of every file at once, as
            file:line:column: error at /json/pointer: message (did you mean "x"?).
            Exit codes: 0 all valid, 65 some invalid, 66 a file cannot be read.
            """,
        "blueprint render": """
            USAGE: tessera blueprint render FILE --screen ID [--locale L] [--tags a,b] [--now ISO8601] [--json]
                   tessera blueprint render FILE --manifest [--locale L] [--tags a,b] [--now ISO8601]

            Prints what the end-user API would serve for this blueprint: a screen's component tree
            (--screen) or the app manifest (--manifest), for a locale, participant tags and a moment.
            """,
    ]

    /// The help of `group name` (`tenant create`, `admin token list`); every subcommand has one
    /// (a CLI test walks them all).
    static func subcommand(_ group: String, _ name: String) -> String {
        guard let help = subcommands["\(group) \(name)"] else { preconditionFailure("no help for \(group) \(name)") }
        return help
    }
}
