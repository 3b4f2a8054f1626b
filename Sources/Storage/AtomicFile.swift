
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
    public static func write(_ bytes: [UInt8], to path: String) throws(FileWriteError) {
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
}
