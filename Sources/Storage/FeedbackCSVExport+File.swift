#if canImport(Glibc)
import Glibc
#endif

extension FeedbackExport {
    /// Writes `text` to `path` atomically: into a temporary file beside it, synced, then
    /// renamed over `path`, so a reader never sees half an export.
    public static func write(_ text: String, to path: String) throws(FeedbackExportError) {
        let temporary = path + ".tmp-\(FeedbackSyscall.processID())"
        let fd: Int32
        switch FeedbackSyscall.open(temporary, O_WRONLY | O_CREAT | O_TRUNC) {
        case .success(let value): fd = value
        case .failure(let error): throw .cannotWrite(path: path, reason: error.description)
        }
        var failure: Errno?
        if case .failure(let error) = FeedbackSyscall.writeAll(fd, Array(text.utf8)) { failure = error }
        if failure == nil, case .failure(let error) = FeedbackSyscall.fsync(fd) { failure = error }
        FeedbackSyscall.close(fd)
        if failure == nil, case .failure(let error) = FeedbackSyscall.rename(temporary, path) { failure = error }
        if let failure {
            FeedbackSyscall.unlink(temporary)
            throw .cannotWrite(path: path, reason: failure.description)
        }
    }
}
