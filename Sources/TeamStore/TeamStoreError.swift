/// Why the team store could not do what was asked; each is one line naming the cause.
public enum TeamStoreError: Error, Equatable, CustomStringConvertible {
    /// The server could not be reached or refused the login (wrong URL, host down, bad credentials).
    case cannotConnect(target: String, reason: String)
    /// The connection broke during a statement (server stopped or restarted).
    case connectionLost(reason: String)
    /// The server refused a statement (permissions, row-level security, a constraint).
    case refused(sqlState: String, message: String)
    /// The database has no Lightbox schema (`lightbox store init URL` creates it).
    case schemaMissing(target: String)
    /// The database's schema is at another version than this program knows.
    case schemaVersion(target: String, found: Int, known: Int)
    /// The local spool could not be written or read.
    case spool(path: String, reason: String)
    /// A row read from the server does not make a verdict.
    case badRow(reason: String)

    public var description: String {
        switch self {
        case .cannotConnect(let target, let reason): "\(target): cannot connect to the team store: \(reason)"
        case .connectionLost(let reason): "the connection to the team store was lost: \(reason)"
        case .refused(let state, let message): "the team store refused: \(message) (SQLSTATE \(state))"
        case .schemaMissing(let target): "\(target): no Lightbox schema in this database; run `lightbox store init URL` first"
        case .schemaVersion(let target, let found, let known):
            found < known
                ? "\(target): the Lightbox schema is at version \(found), this program needs \(known); run `lightbox store init URL` to migrate it"
                : "\(target): the Lightbox schema is at version \(found), newer than this program knows (\(known)); use a newer lightbox"
        case .spool(let path, let reason): "\(path): cannot use the local spool: \(reason)"
        case .badRow(let reason): "the team store returned a row Lightbox cannot read: \(reason)"
        }
    }

    /// True when the server was not there (so a verdict goes to the spool and is sent later);
    /// false when it was there and said no.
    public var isUnreachable: Bool {
        switch self {
        case .cannotConnect, .connectionLost: true
        default: false
        }
    }
}
