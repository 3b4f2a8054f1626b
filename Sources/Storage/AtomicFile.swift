import Synchronization

/// A file that could not be written; `description` is one line naming it.
public struct FileWriteError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): cannot write (\(reason))" }
}

/// Whole-file writes that a crash never leaves half done.
public enum AtomicFile {
    /// Writes `bytes` into a temporary file beside `path`, syncs it, then renames it over
    /// `path`, so a reader (or a resumed run) sees either the old file or the new one.
    ///
    /// The first write to a path in a process removes `PATH.tmp-PID` files that killed
    /// processes left behind (their PID no longer runs).
    public static func write(_ bytes: [UInt8], to path: String) throws(FileWriteError) {
        removeStaleTemporaries(of: path)
        let temporary = path + ".tmp-\(POSIX.processID())"
        let fd: Int32
        switch POSIX.open(temporary, POSIX.O_WRONLY | POSIX.O_CREAT | POSIX.O_TRUNC) {
        case .success(let value): fd = value
        case .failure(let error): throw FileWriteError(path: path, reason: error.description)
        }
        var failure: POSIXFailure?
        if case .failure(let error) = POSIX.writeAll(fd, bytes) { failure = error }
        if failure == nil, case .failure(let error) = POSIX.fsync(fd) { failure = error }
        POSIX.close(fd)
        if failure == nil, case .failure(let error) = POSIX.rename(temporary, path) { failure = error }
        if let failure {
            POSIX.unlink(temporary)
            throw FileWriteError(path: path, reason: failure.description)
        }
    }

    /// Per folder, read once per process (`synth` writes thousands of files into one): the
    /// stale temporaries found, by the name of the file they were to replace.
    private static let stale = Mutex<[String: [String: [String]]]>([:])

    /// Removes `path.tmp-PID` beside `path` for every PID that no longer runs.
    static func removeStaleTemporaries(of path: String) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let found: [String] = stale.withLock { byFolder in
            if byFolder[folder] == nil { byFolder[folder] = staleTemporaries(in: folder) }
            return byFolder[folder]?.removeValue(forKey: name) ?? []
        }
        for temporary in found { POSIX.unlink((folder == "/" ? "" : folder) + "/" + temporary) }
    }

    /// Every `NAME.tmp-PID` in `folder` whose PID no longer runs, by `NAME`.
    private static func staleTemporaries(in folder: String) -> [String: [String]] {
        guard case .success(let entries) = POSIX.readDirectory(folder) else { return [:] }
        var out: [String: [String]] = [:]
        let marker = Array(".tmp-".utf8)
        for entry in entries {
            let bytes = entry.nameBytes
            guard bytes.count > marker.count,
                  let at = (0...(bytes.count - marker.count)).last(where: { bytes[$0..<($0 + marker.count)].elementsEqual(marker) }),
                  let pid = Int32(String(decoding: bytes[(at + marker.count)...], as: UTF8.self)), pid > 0,
                  pid != POSIX.processID(), !POSIX.processExists(pid) else { continue }
            out[String(decoding: bytes[..<at], as: UTF8.self), default: []].append(String(decoding: bytes, as: UTF8.self))
        }
        return out
    }
}
