/// A study's own log, `STUDY/.lightbox/feedback.csv`, lives in a folder other people may write
/// to. Were it a link to `~/.bashrc`, every verdict line (holding a film's name, which the
/// study's author chose) would be appended there. So the log and `.lightbox` are opened one
/// component at a time from the study folder's descriptor with `O_NOFOLLOW` (`openat`), and a
/// log with more than one hard link is refused: nothing is written outside the study.
extension FeedbackLog {
    /// The study folder of a log at `STUDY/.lightbox/feedback.csv`; nil for any other path
    /// (`--log` elsewhere, the per-user fallback), which is opened as given.
    static func studyRoot(ofStudyLog path: String) -> String? {
        let suffix = ".lightbox/feedback.csv"
        guard path.hasSuffix(suffix) else { return nil }
        let root = String(path.dropLast(suffix.count))
        if root.isEmpty { return "." }
        guard root.hasSuffix("/") else { return nil }
        return root == "/" ? "/" : String(root.dropLast())
    }

    /// Opens `STUDY/.lightbox/feedback.csv` with `flags` without following a symbolic link
    /// at `.lightbox` or at `feedback.csv`; with `creating`, makes `.lightbox` when missing.
    /// Refuses a log that is not a regular file or has other hard links. The error names
    /// `path` and says why; `ENOENT` (nothing there, not creating) is returned as nil.
    static func openInsideStudy(root: String, path: String, flags: Int32, creating: Bool) throws(FeedbackLogError) -> Int32? {
        let rootFD: Int32
        switch POSIX.open(root, POSIX.O_RDONLY | POSIX.O_DIRECTORY) {
        case .success(let fd): rootFD = fd
        case .failure(let error) where error.isMissing && !creating: return nil
        case .failure(let error): throw .cannotOpen(path: path, reason: "the study folder: \(error.reason)")
        }
        defer { POSIX.close(rootFD) }
        if creating, case .failure(let error) = POSIX.mkdirat(rootFD, ".lightbox", 0o777) {
            throw .cannotCreateFolder(path: parentFolder(of: path) ?? path, reason: error.description)
        }
        let folderFD: Int32
        switch POSIX.openat(rootFD, ".lightbox", POSIX.O_RDONLY | POSIX.O_DIRECTORY | POSIX.O_NOFOLLOW) {
        case .success(let fd): folderFD = fd
        case .failure(let error) where error.code == POSIX.ENOENT && !creating: return nil
        case .failure(let error) where error.code == POSIX.ELOOP || error.code == POSIX.ENOTDIR:
            throw .cannotOpen(path: path, reason: linkProblem(studyRoot: root) ?? "\(joinPath(root, ".lightbox")) is not a folder of the study")
        case .failure(let error): throw .cannotOpen(path: path, reason: error.description)
        }
        defer { POSIX.close(folderFD) }
        let fd: Int32
        switch POSIX.openat(folderFD, "feedback.csv", flags | POSIX.O_NOFOLLOW) {
        case .success(let value): fd = value
        case .failure(let error) where error.code == POSIX.ENOENT && !creating: return nil
        case .failure(let error) where error.code == POSIX.ELOOP:
            throw .cannotOpen(path: path, reason: linkProblem(studyRoot: root) ?? "it is a symbolic link")
        case .failure(let error) where error.isDirectory: throw .cannotOpen(path: path, reason: "it is a folder")
        case .failure(let error): throw .cannotOpen(path: path, reason: error.description)
        }
        if case .success(let status) = POSIX.fstat(fd), status.kind == .regular, status.links > 1 {
            POSIX.close(fd)
            throw .cannotOpen(path: path, reason: hardLinkReason(status.links))
        }
        return fd
    }

    /// Nil when the study's own log and its folder are plain (or missing), else why they may
    /// not be used: `.lightbox` or the log is a symbolic link (even a dangling one), or the log
    /// has other hard links. Reads the file system (`lstat`), changes nothing.
    static func linkProblem(studyRoot: String) -> String? {
        let folder = joinPath(studyRoot, ".lightbox")
        if case .success(let status) = POSIX.lstat(folder), status.kind == .symlink {
            return "\(folder) is a symbolic link\(target(folder)); a study's log must be a file inside the study"
        }
        let log = joinPath(folder, "feedback.csv")
        guard case .success(let status) = POSIX.lstat(log) else { return nil }
        if status.kind == .symlink {
            return "it is a symbolic link\(target(log)); a study's log must be a file inside the study"
        }
        if status.kind == .regular, status.links > 1 { return hardLinkReason(status.links) }
        return nil
    }

    private static func hardLinkReason(_ links: Int) -> String {
        "it has \(links) hard links, so it may be another file outside the study; a study's log must be a file of its own"
    }

    /// ` to TARGET`, control characters shown as `?` (the target is the study author's text).
    private static func target(_ link: String) -> String {
        guard let target = POSIX.readlink(link) else { return "" }
        let shown = String(String.UnicodeScalarView(target.unicodeScalars.prefix(200).map {
            $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? "?" : $0
        }))
        return " to \(shown)"
    }

    private static func joinPath(_ a: String, _ b: String) -> String {
        a.hasSuffix("/") ? a + b : a + "/" + b
    }
}
