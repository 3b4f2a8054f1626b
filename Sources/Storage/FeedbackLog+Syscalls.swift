#if canImport(Glibc)
import Glibc
#endif

/// The POSIX calls the feedback log makes, one Swift function per C function, each retrying
/// on EINTR and reporting failure as an errno value instead of -1.
enum FeedbackSyscall {
    /// `open(2)`; returns the descriptor or the errno.
    static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0o666) -> Result<Int32, Errno> {
        retry { Glibc.open(path, flags | O_CLOEXEC, mode) }
    }

    /// `close(2)`; errors are ignored because nothing useful can follow them.
    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// `write(2)` looped until every byte is written (a regular file may take a short write
    /// when the disk fills; the loop then ends on the error).
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Result<Void, Errno> {
        var offset = 0
        while offset < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                retry { Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset) }
            }
            switch result {
            case .success(let written): offset += written
            case .failure(let error): return .failure(error)
            }
        }
        return .success(())
    }

    /// `pread(2)` of up to `count` bytes at `offset`.
    static func pread(_ fd: Int32, count: Int, offset: Int64) -> Result<[UInt8], Errno> {
        var buffer = [UInt8](repeating: 0, count: count)
        let result = buffer.withUnsafeMutableBytes { raw in
            retry { Glibc.pread(fd, raw.baseAddress!, count, off_t(offset)) }
        }
        return result.map { Array(buffer.prefix($0)) }
    }

    /// `fsync(2)`.
    static func fsync(_ fd: Int32) -> Result<Void, Errno> {
        retry { Glibc.fsync(fd) }.map { _ in () }
    }

    /// `flock(2)` with `LOCK_EX`, `LOCK_SH` or `LOCK_UN`; blocks until granted.
    static func flock(_ fd: Int32, _ operation: Int32) -> Result<Void, Errno> {
        retry { cFlock(fd, operation) }.map { _ in () }
    }

    /// `fstat(2)`'s size field, in bytes.
    static func fileSize(_ fd: Int32) -> Result<Int64, Errno> {
        var info = stat()
        return retry { Glibc.fstat(fd, &info) }.map { _ in Int64(info.st_size) }
    }

    /// `fstat(2)`'s file type: true when `fd` is a regular file; otherwise the kind's name for messages.
    static func regularFileKind(_ fd: Int32) -> Result<String?, Errno> {
        var info = stat()
        return retry { Glibc.fstat(fd, &info) }.map { _ in
            switch info.st_mode & S_IFMT {
            case S_IFREG: nil
            case S_IFDIR: "a folder"
            case S_IFIFO: "a FIFO"
            case S_IFCHR: "a character device"
            case S_IFBLK: "a block device"
            case S_IFSOCK: "a socket"
            default: "not a regular file"
            }
        }
    }

    /// `stat(2)`: whether `path` exists and is a directory; nil when it does not exist.
    static func isDirectory(_ path: String) -> Bool? {
        var info = stat()
        guard cStat(path, &info) == 0 else { return nil }
        return (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// `mkdir(2)`; an existing directory counts as success.
    static func mkdir(_ path: String, _ mode: mode_t) -> Result<Void, Errno> {
        if Glibc.mkdir(path, mode) == 0 { return .success(()) }
        let error = Errno(errno)
        if error.code == EEXIST, isDirectory(path) == true { return .success(()) }
        return .failure(error)
    }

    /// `rename(2)`.
    static func rename(_ from: String, _ to: String) -> Result<Void, Errno> {
        Glibc.rename(from, to) == 0 ? .success(()) : .failure(Errno(errno))
    }

    /// `unlink(2)`; errors are ignored (used to clean up a temporary file).
    static func unlink(_ path: String) {
        _ = Glibc.unlink(path)
    }

    /// `getpid(2)`.
    static func processID() -> Int32 { getpid() }

    /// `access(2)`; nil when allowed, else the errno.
    static func access(_ path: String, _ mode: Int32) -> Errno? {
        Glibc.access(path, mode) == 0 ? nil : Errno(errno)
    }

    /// `realpath(3)`; nil when the path cannot be resolved.
    static func realpath(_ path: String) -> String? {
        guard let resolved = Glibc.realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `getcwd(3)`.
    static func currentDirectory() -> String? {
        guard let cwd = Glibc.getcwd(nil, 0) else { return nil }
        defer { free(cwd) }
        return String(cString: cwd)
    }

    /// `getpwuid(3)`'s home directory for the current user.
    static func homeDirectory() -> String? {
        guard let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir else { return nil }
        return String(cString: dir)
    }

    /// Runs a call returning -1 on error, retrying on EINTR.
    private static func retry<T: BinaryInteger>(_ call: () -> T) -> Result<T, Errno> {
        while true {
            let result = call()
            if result != -1 { return .success(result) }
            if errno != EINTR { return .failure(Errno(errno)) }
        }
    }
}

// Glibc also declares structs named `flock` and `stat`, so `Glibc.flock(...)` means the struct.
// At file scope, outside `FeedbackSyscall`, the unqualified names resolve to the functions.
private func cFlock(_ fd: Int32, _ operation: Int32) -> Int32 { flock(fd, operation) }
private func cStat(_ path: String, _ info: inout stat) -> Int32 { stat(path, &info) }

/// A C error number with its `strerror` text.
struct Errno: Error, Equatable, CustomStringConvertible {
    /// The errno value.
    let code: Int32
    init(_ code: Int32) { self.code = code }
    var description: String { String(cString: strerror(code)) }
}
