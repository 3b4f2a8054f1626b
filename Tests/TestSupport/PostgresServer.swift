import Foundation
import Synchronization
import TeamStore

/// A throwaway PostgreSQL cluster for the tests: `initdb` into a temporary folder, `postgres`
/// listening only on a unix socket in that folder, stopped (and the folder removed) when the
/// test process exits. Run as the `postgres` OS user when the tests run as root, since the
/// server refuses to run as root. Trust authentication: the login name is the reader.
public final class PostgresServer: @unchecked Sendable {
    /// The folder of `initdb`, `pg_ctl` and `postgres` (the newest under /usr/lib/postgresql), or nil.
    public static let binDirectory: String? = {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .filter { FileManager.default.isExecutableFile(atPath: "\(root)/\($0)/bin/initdb") }
            .sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }
        return versions.last.map { "\(root)/\($0)/bin" }
    }()

    /// Why the store tests cannot run here, or nil when they can.
    public static let unavailableReason: String? = {
        if binDirectory == nil {
            let reason = "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (Scripts/setup.sh installs postgresql)"
            print("TeamStore tests skipped: \(reason)")
            return reason
        }
        return nil
    }()

    /// The cluster the store tests share (started on first use); they stop and restart it.
    public static let shared = launch()

    /// A second cluster for the command-line tests, which run beside the store tests and must
    /// not see its restarts.
    public static let forCommands = launch()

    private static func launch() -> PostgresServer {
        do { return try PostgresServer() } catch { fatalError("cannot start the test PostgreSQL server: \(error)") }
    }

    public let folder: String
    public let bin: String
    public var data: String { folder + "/data" }
    public let port = 5432
    private let asPostgresUser = geteuid() == 0
    private let lock = NSLock()
    private var databaseCounter = 0

    private init() throws {
        bin = Self.binDirectory!
        folder = "/tmp/lbpg-" + String(UUID().uuidString.prefix(8)).lowercased()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if asPostgresUser {
            try FileManager.default.setAttributes([.ownerAccountName: "postgres", .groupOwnerAccountName: "postgres"], ofItemAtPath: folder)
        }
        try run(["initdb", "-D", data, "--auth=trust", "--username=lbadmin", "--encoding=UTF8", "--no-sync", "--no-instructions"])
        Self.registry.withLock { servers in
            if servers.isEmpty {
                atexit {
                    for s in PostgresServer.registry.withLock({ $0 }) {
                        PostgresServer.spawn((s.asPostgres ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : [])
                            + [s.bin + "/pg_ctl", "stop", "-D", s.data, "-m", "immediate", "-s"])
                        try? FileManager.default.removeItem(atPath: s.folder)
                    }
                }
            }
            servers.append((bin, data, folder, asPostgresUser))
        }
        try start()
    }

    /// Every cluster started, stopped at exit.
    static let registry = Mutex<[(bin: String, data: String, folder: String, asPostgres: Bool)]>([])

    /// Starts the server and waits until it accepts connections. fsync is off (the tests kill
    /// processes, never the machine; committed WAL is in the kernel either way).
    public func start() throws {
        try run(["pg_ctl", "start", "-D", data, "-w", "-s", "-l", folder + "/log",
                 "-o", "-k \(folder) -c listen_addresses= -p \(port) -c fsync=off -c full_page_writes=off"])
    }

    /// Stops the server (fast: sessions are ended, no wait for clients).
    public func stop() throws { try run(["pg_ctl", "stop", "-D", data, "-w", "-s", "-m", "fast"]) }

    /// `pg_ctl restart -m immediate`: every backend is killed without a checkpoint, then the
    /// server recovers from its WAL.
    public func restartImmediately() throws {
        try run(["pg_ctl", "restart", "-D", data, "-w", "-s", "-m", "immediate", "-l", folder + "/log",
                 "-o", "-k \(folder) -c listen_addresses= -p \(port) -c fsync=off -c full_page_writes=off"])
    }

    /// A libpq URL for `database` as `user`, over the unix socket.
    public func url(database: String, user: String = "lbadmin") -> String {
        let encoded = user.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? user
        return "postgresql:///\(database)?host=\(folder)&port=\(port)&user=\(encoded)"
    }

    /// A new empty database; its URL as the administrator.
    public func newDatabase() throws -> String {
        let name: String = lock.withLock { databaseCounter += 1; return "t\(databaseCounter)" }
        let admin = try PostgresConnection(url: url(database: "postgres"))
        try admin.query("CREATE DATABASE \(name)", text: [])
        return name
    }

    private func run(_ arguments: [String]) throws {
        let command = (asPostgresUser ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []) + [bin + "/" + arguments[0]] + arguments.dropFirst()
        let status = Self.spawn(command, stderrPath: NSTemporaryDirectory() + "lightbox-pg-\(getpid()).err")
        guard status == 0 else {
            let log = (try? String(contentsOfFile: folder + "/log", encoding: .utf8)) ?? ""
            throw ServerFailure(description: "\(arguments[0]) exited with \(status)\n\(log.suffix(2000))")
        }
    }

    /// Runs `command` to its end with stdin and stdout on /dev/null and stderr to `stderrPath`,
    /// with signals unblocked and at their defaults (test threads block most signals, and a
    /// server started with them blocked would ignore pg_ctl's stop); returns the exit status.
    @discardableResult
    static func spawn(_ command: [String], stderrPath: String = "/dev/null") -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        var attributes = posix_spawnattr_t()
        resetSignals(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var arguments: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for p in arguments { free(p) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, command[0], &actions, &attributes, &arguments, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status >> 8) & 0xff
    }

    struct ServerFailure: Error, CustomStringConvertible { let description: String }
}

/// Initialises spawn `attributes` so the child starts with an empty signal mask and default
/// handlers (test threads block nearly every signal, and children would inherit that).
public func resetSignals(_ attributes: inout posix_spawnattr_t) {
    posix_spawnattr_init(&attributes)
    var empty = sigset_t(), all = sigset_t()
    sigemptyset(&empty)
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
}
