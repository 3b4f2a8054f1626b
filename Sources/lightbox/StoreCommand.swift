import ArgumentParser
import Workflows

/// `lightbox store`: sets up the PostgreSQL team store (schema and readers).
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Set up a PostgreSQL team store: schema and readers.",
        discussion: """
            URL is a libpq URL (postgresql://[user[:password]@]host[:port]/database?...); the PG* \
            variables, ~/.pgpass and sslmode apply as in psql. Authentication stays PostgreSQL's: \
            pg_hba.conf, passwords (\\password NAME in psql), certificates.
            """,
        subcommands: [StoreInitCommand.self, StoreAddReaderCommand.self])
}

/// `lightbox store init URL`: creates or migrates the schema.
struct StoreInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create or migrate the Lightbox schema (versioned, idempotent, one transaction).",
        discussion: "Run as a role that may create schemas and roles (the database owner with CREATEROLE, or a superuser).")

    @OptionGroup var database: DatabaseURLArgument

    func run() throws {
        print(try TeamStoreSetup.initialise(url: database.url))
    }
}

/// `lightbox store add-reader URL NAME [--adjudicator]`: a login role with a reader's grants.
struct StoreAddReaderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-reader",
        abstract: "Create a reader's login role with exactly the grants a reader needs.",
        discussion: """
            The role may INSERT verdicts under its own name and SELECT every verdict of the store; \
            never UPDATE or DELETE. With --adjudicator it may also record adjudications. Set its \
            password or certificate in PostgreSQL afterwards.
            """)

    @OptionGroup var database: DatabaseURLArgument
    @Argument(help: "The reader's login name.") var name: String
    @Flag(name: .customLong("adjudicator"), help: "May also record adjudications.") var adjudicator = false

    func validate() throws {
        guard !name.isEmpty, !name.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw ValidationError("the reader's name must be non-empty, without control characters")
        }
    }

    func run() throws {
        print(try TeamStoreSetup.addReader(url: database.url, name: name, adjudicator: adjudicator))
    }
}

/// The `URL` argument of the store commands: a postgresql:// URL, as the database's owner.
struct DatabaseURLArgument: ParsableArguments {
    @Argument(help: "The database's postgresql:// URL, as its owner.") var url: String

    func validate() throws {
        guard TeamStoreSetup.isStoreURL(url) else { throw ValidationError("\(url) is not a postgresql:// URL") }
    }
}
