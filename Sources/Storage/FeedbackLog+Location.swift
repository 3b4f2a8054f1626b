
/// Where a study's feedback log lives, and why when it is not in the study folder.
public struct FeedbackLogLocation: Sendable, Equatable {
    /// Path of the log file.
    public var path: String
    /// Why the log is not at `STUDY/.lightbox/feedback.csv`, for the reviewer to read; nil
    /// when it is there or when `--log` chose it.
    public var fallbackReason: String?

    /// Creates a location.
    public init(path: String, fallbackReason: String? = nil) {
        self.path = path
        self.fallbackReason = fallbackReason
    }
}

extension FeedbackLog {
    /// Chooses the log for a study: `override` (`--log`) when given, else
    /// `STUDY/.lightbox/feedback.csv` when that can be written, else a per-user file
    /// `$XDG_DATA_HOME/lightbox/feedback/<study folder name>-<hash of its absolute path>.csv`
    /// (`XDG_DATA_HOME` defaults to `~/.local/share`), with the reason in `fallbackReason`.
    ///
    /// Writability is checked with `access(POSIX.W_OK)` on the log, its folder or the study folder,
    /// whichever exists first; this reads the file system but creates nothing.
    public static func defaultLocation(studyRoot: String, override: String?,
                                       environment: [String: String]) -> FeedbackLogLocation {
        if let override, !override.isEmpty { return FeedbackLogLocation(path: override) }
        let primary = primaryPath(studyRoot: studyRoot)
        guard let problem = writeProblem(studyRoot: studyRoot) else {
            return FeedbackLogLocation(path: primary)
        }
        let fallback = fallbackPath(studyRoot: studyRoot, environment: environment)
        return FeedbackLogLocation(
            path: fallback,
            fallbackReason: "cannot write \(primary) (\(problem)); feedback is kept in \(fallback) instead")
    }

    /// The existing log for a study, for reading (export): the study's own log if it
    /// exists, else the per-user fallback if that exists, else nil.
    public static func existingLocation(studyRoot: String, environment: [String: String]) -> String? {
        let primary = primaryPath(studyRoot: studyRoot)
        // A linked study log is never read (nor written): its verdicts are in the fallback.
        if POSIX.isDirectory(primary) == false, linkProblem(studyRoot: studyRoot) == nil { return primary }
        let fallback = fallbackPath(studyRoot: studyRoot, environment: environment)
        if POSIX.isDirectory(fallback) == false { return fallback }
        return nil
    }

    /// `STUDY/.lightbox/feedback.csv`.
    public static func primaryPath(studyRoot: String) -> String {
        join(studyRoot, ".lightbox/feedback.csv")
    }

    /// The per-user fallback log path for a study (see `defaultLocation`).
    public static func fallbackPath(studyRoot: String, environment: [String: String]) -> String {
        let absolute = absolutePath(studyRoot)
        let name = safeFileName(lastComponent(absolute))
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {  // the spec ignores relative values
            dataHome = xdg
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
                ?? POSIX.homeDirectory() ?? "/tmp"
            dataHome = join(home, ".local/share")
        }
        return join(dataHome, "lightbox/feedback/\(name)-\(shortHash(absolute)).csv")
    }

    /// Nil when the study's own log can be written, else the reason it cannot.
    private static func writeProblem(studyRoot: String) -> String? {
        if let linked = linkProblem(studyRoot: studyRoot) { return linked }
        let primary = primaryPath(studyRoot: studyRoot)
        let folder = join(studyRoot, ".lightbox")
        if POSIX.isDirectory(primary) == false {
            return POSIX.access(primary, POSIX.W_OK).map(\.description)
        }
        if POSIX.isDirectory(primary) == true { return "it is a folder" }
        if let isDir = POSIX.isDirectory(folder) {
            guard isDir else { return "\(folder) is not a folder" }
            return POSIX.access(folder, POSIX.W_OK | POSIX.X_OK).map(\.description)
        }
        guard POSIX.isDirectory(studyRoot) == true else {
            return POSIX.access(studyRoot, POSIX.F_OK).map(\.description) ?? "the study is not a folder"
        }
        return POSIX.access(studyRoot, POSIX.W_OK | POSIX.X_OK).map { "the study folder is read-only: \($0)" }
    }

    private static func join(_ a: String, _ b: String) -> String {
        a.hasSuffix("/") ? a + b : a + "/" + b
    }

    private static func absolutePath(_ path: String) -> String {
        if let resolved = POSIX.realpath(path) { return resolved }
        if path.hasPrefix("/") { return path }
        return join(POSIX.getcwd() ?? "/", path)
    }

    private static func lastComponent(_ path: String) -> String {
        let parts = path.split(separator: "/")
        return parts.last.map(String.init) ?? "root"
    }

    /// Keeps letters, digits, `.`, `_` and `-`; anything else becomes `_`.
    private static func safeFileName(_ name: String) -> String {
        String(name.unicodeScalars.map { scalar -> Character in
            let ok = scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar)
            return ok ? Character(scalar) : "_"
        })
    }

    /// 64-bit FNV-1a of the path as 12 hex digits: tells same-named studies apart, nothing more.
    static func shortHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String((String(repeating: "0", count: 16 - hex.count) + hex).prefix(12))
    }
}
