#if canImport(Glibc)
import Glibc
#endif

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
        let temporary = path + ".tmp-\(FeedbackSyscall.processID())"
        let fd: Int32
        switch FeedbackSyscall.open(temporary, O_WRONLY | O_CREAT | O_TRUNC) {
        case .success(let value): fd = value
        case .failure(let error): throw FileWriteError(path: path, reason: error.description)
        }
        var failure: Errno?
        if case .failure(let error) = FeedbackSyscall.writeAll(fd, bytes) { failure = error }
        if failure == nil, case .failure(let error) = FeedbackSyscall.fsync(fd) { failure = error }
        FeedbackSyscall.close(fd)
        if failure == nil, case .failure(let error) = FeedbackSyscall.rename(temporary, path) { failure = error }
        if let failure {
            FeedbackSyscall.unlink(temporary)
            throw FileWriteError(path: path, reason: failure.description)
        }
    }
}
