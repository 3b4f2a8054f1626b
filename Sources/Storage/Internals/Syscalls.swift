// The only file in Storage that calls the C library (Glibc) directly: one Swift function per C
// function, named after it, returning Swift values or a `POSIXFailure` (errno) instead of
// sentinel results. Everything else in Storage talks to the operating system through `POSIX`.
import Glibc

/// A failed system call: the errno value and a short lowercase reason for error messages.
package struct POSIXFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The raw `errno` value.
    package let code: Int32

    package init(code: Int32) { self.code = code }

    /// The C library's text for the error (`strerror`), e.g. "No space left on device".
    package var description: String { String(cString: strerror(code)) }

    /// True when the path does not exist (`ENOENT`, or `ENOTDIR` for a path through a file).
    package var isMissing: Bool { code == ENOENT || code == ENOTDIR }

    /// True when a file operation was given a folder (`EISDIR`).
    package var isDirectory: Bool { code == EISDIR }

    /// A short lowercase reason, e.g. "permission denied", suitable after "path: ".
    package var reason: String {
        switch code {
        case ENOENT, ENOTDIR: return "no such file"
        case EACCES, EPERM: return "permission denied"
        case ELOOP: return "symlink loop (too many levels of symbolic links)"
        case EISDIR: return "is a folder, not a file"
        case ENAMETOOLONG: return "path too long"
        case EMFILE, ENFILE: return "too many open files"
        case EIO: return "input/output error"
        default:
            guard let text = strerror(code) else { return "error \(code)" }
            let message = String(cString: text)
            guard let first = message.first else { return "error \(code)" }
            return first.lowercased() + message.dropFirst()
        }
    }
}

/// `stat(2)` under another name: inside `POSIX` the bare name `stat` means the struct.
private func systemStat(_ path: String, _ buffer: inout stat) -> Int32 {
    stat(path, &buffer)
}

/// What `stat`/`lstat` tell us about one path, reduced to the fields Storage uses.
package struct FileStatus: Equatable, Sendable {
    /// The kind of file system object.
    package enum Kind: Equatable, Sendable { case regular, directory, symlink, other }

    package let kind: Kind
    /// Size in bytes (meaningful for regular files).
    package let size: Int64
    /// Device id; with `inode` identifies a directory for loop detection.
    package let device: UInt64
    /// Inode number.
    package let inode: UInt64
    /// Last modification time, whole seconds since the epoch.
    package let modificationSeconds: Int64

    init(_ raw: stat) {
        switch raw.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        default: kind = .other
        }
        size = Int64(raw.st_size)
        device = UInt64(raw.st_dev)
        inode = UInt64(raw.st_ino)
        modificationSeconds = Int64(raw.st_mtim.tv_sec)
    }
}

/// Thin, typed wrappers over the POSIX calls Storage needs.
package enum POSIX {
    /// `stat(2)`: status of `path`, following symlinks.
    package static func stat(_ path: String) -> Result<FileStatus, POSIXFailure> {
        var raw = Glibc.stat()
        if systemStat(path, &raw) != 0 { return .failure(POSIXFailure(code: errno)) }
        return .success(FileStatus(raw))
    }

    /// `lstat(2)`: status of `path` itself (a symlink is reported as `.symlink`).
    package static func lstat(_ path: String) -> Result<FileStatus, POSIXFailure> {
        var raw = Glibc.stat()
        if Glibc.lstat(path, &raw) != 0 { return .failure(POSIXFailure(code: errno)) }
        return .success(FileStatus(raw))
    }

    /// `fstat(2)`: status of an open descriptor.
    package static func fstat(_ fd: Int32) -> Result<FileStatus, POSIXFailure> {
        var raw = Glibc.stat()
        if Glibc.fstat(fd, &raw) != 0 { return .failure(POSIXFailure(code: errno)) }
        return .success(FileStatus(raw))
    }

    /// `access(2)` with `R_OK`: whether the calling process may read `path`.
    package static func accessReadable(_ path: String) -> Result<Void, POSIXFailure> {
        if Glibc.access(path, R_OK) != 0 { return .failure(POSIXFailure(code: errno)) }
        return .success(())
    }

    /// `open(2)` read-only. `O_NONBLOCK` keeps a FIFO named like a JPEG from hanging the open;
    /// it has no effect on regular files.
    package static func openForReading(_ path: String) -> Result<Int32, POSIXFailure> {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 { return .failure(POSIXFailure(code: errno)) }
        return .success(fd)
    }

    /// `read(2)` into `buffer`, retrying on `EINTR`; returns the byte count (0 at end of file).
    package static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Result<Int, POSIXFailure> {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return .success(0) }
        while true {
            let n = Glibc.read(fd, base, buffer.count)
            if n >= 0 { return .success(n) }
            if errno != EINTR { return .failure(POSIXFailure(code: errno)) }
        }
    }

    /// `close(2)`; errors are ignored because the descriptor was only read.
    package static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// `realpath(3)`: `path` with every symlink, `.` and `..` resolved, or nil when it cannot be.
    package static func realpath(_ path: String) -> String? {
        guard let resolved = Glibc.realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `getcwd(3)`: the current working directory, or nil if it cannot be determined.
    package static func getcwd() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard Glibc.getcwd(&buffer, buffer.count) != nil else { return nil }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(validating: bytes, as: UTF8.self)
    }

    /// `geteuid(2)`: the effective user id (0 means root, for whom permission bits do not apply).
    package static func geteuid() -> UInt32 {
        UInt32(Glibc.geteuid())
    }

    /// One directory entry from `readdir(3)`: its name bytes and `d_type` hint.
    package struct DirectoryEntry: Sendable {
        /// The raw name bytes (no NUL); may be invalid UTF-8.
        package let nameBytes: [UInt8]
        /// The `d_type` hint: `.regular`, `.directory`, `.symlink`, `.other`, or nil when unknown.
        package let kind: FileStatus.Kind?
    }

    /// `opendir(3)` + `readdir(3)` + `closedir(3)`: every entry of `path` except "." and "..".
    package static func readDirectory(_ path: String) -> Result<[DirectoryEntry], POSIXFailure> {
        guard let dir = Glibc.opendir(path) else { return .failure(POSIXFailure(code: errno)) }
        defer { Glibc.closedir(dir) }
        var entries: [DirectoryEntry] = []
        while true {
            errno = 0
            guard let entry = Glibc.readdir(dir) else {
                if errno != 0 { return .failure(POSIXFailure(code: errno)) }
                break
            }
            let nameBytes: [UInt8] = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: UInt8.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) { p in
                    Array(UnsafeBufferPointer(start: p, count: strlen(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))))
                }
            }
            if nameBytes == [0x2E] || nameBytes == [0x2E, 0x2E] { continue }
            let kind: FileStatus.Kind?
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): kind = .regular
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_LNK): kind = .symlink
            case Int32(DT_UNKNOWN): kind = nil
            default: kind = .other
            }
            entries.append(DirectoryEntry(nameBytes: nameBytes, kind: kind))
        }
        return .success(entries)
    }
}

// MARK: Feedback log: descriptors, locks, sync, folders, identity

extension POSIX {
    /// `open(2)`; returns the descriptor or the errno.
    package static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0o666) -> Result<Int32, POSIXFailure> {
        retry { Glibc.open(path, flags | O_CLOEXEC, mode) }
    }

    /// `write(2)` looped until every byte is written (a regular file may take a short write
    /// when the disk fills; the loop then ends on the error).
    package static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Result<Void, POSIXFailure> {
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
    package static func pread(_ fd: Int32, count: Int, offset: Int64) -> Result<[UInt8], POSIXFailure> {
        var buffer = [UInt8](repeating: 0, count: count)
        let result = buffer.withUnsafeMutableBytes { raw in
            retry { Glibc.pread(fd, raw.baseAddress!, count, off_t(offset)) }
        }
        return result.map { Array(buffer.prefix($0)) }
    }

    /// `fsync(2)`.
    package static func fsync(_ fd: Int32) -> Result<Void, POSIXFailure> {
        retry { Glibc.fsync(fd) }.map { _ in () }
    }

    /// `flock(2)` with `LOCK_EX`, `LOCK_SH` or `LOCK_UN`; blocks until granted.
    package static func flock(_ fd: Int32, _ operation: Int32) -> Result<Void, POSIXFailure> {
        retry { cFlock(fd, operation) }.map { _ in () }
    }

    /// `ftruncate(2)`: cuts the file to `length` bytes.
    package static func ftruncate(_ fd: Int32, _ length: Int64) -> Result<Void, POSIXFailure> {
        retry { Glibc.ftruncate(fd, off_t(length)) }.map { _ in () }
    }

    /// `fstat(2)`'s size field, in bytes.
    package static func fileSize(_ fd: Int32) -> Result<Int64, POSIXFailure> {
        var info = Glibc.stat()
        return retry { Glibc.fstat(fd, &info) }.map { _ in Int64(info.st_size) }
    }

    /// `fstat(2)`'s file type: true when `fd` is a regular file; otherwise the kind's name for messages.
    package static func regularFileKind(_ fd: Int32) -> Result<String?, POSIXFailure> {
        var info = Glibc.stat()
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
    package static func isDirectory(_ path: String) -> Bool? {
        var info = Glibc.stat()
        guard systemStat(path, &info) == 0 else { return nil }
        return (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// `mkdir(2)`; an existing directory counts as success.
    package static func mkdir(_ path: String, _ mode: mode_t) -> Result<Void, POSIXFailure> {
        if Glibc.mkdir(path, mode) == 0 { return .success(()) }
        let error = POSIXFailure(code: errno)
        if error.code == EEXIST, isDirectory(path) == true { return .success(()) }
        return .failure(error)
    }

    /// `rename(2)`.
    package static func rename(_ from: String, _ to: String) -> Result<Void, POSIXFailure> {
        Glibc.rename(from, to) == 0 ? .success(()) : .failure(POSIXFailure(code: errno))
    }

    /// `unlink(2)`; errors are ignored (used to clean up a temporary file).
    package static func unlink(_ path: String) {
        _ = Glibc.unlink(path)
    }

    /// `getpid(2)`.
    package static func processID() -> Int32 { getpid() }

    /// `access(2)`; nil when allowed, else the errno.
    package static func access(_ path: String, _ mode: Int32) -> POSIXFailure? {
        Glibc.access(path, mode) == 0 ? nil : POSIXFailure(code: errno)
    }

    /// `getpwuid(3)`'s home directory for the current user.
    package static func homeDirectory() -> String? {
        guard let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir else { return nil }
        return String(cString: dir)
    }

    /// Runs a call returning -1 on error, retrying on EINTR.
    private static func retry<T: BinaryInteger>(_ call: () -> T) -> Result<T, POSIXFailure> {
        while true {
            let result = call()
            if result != -1 { return .success(result) }
            if errno != EINTR { return .failure(POSIXFailure(code: errno)) }
        }
    }

    /// `clock_gettime(CLOCK_REALTIME)` in milliseconds since 1970-01-01 UTC.
    package static func realtimeMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}


// Glibc also declares a struct named `flock`, so `Glibc.flock(...)` means the struct.
// At file scope, outside `POSIX`, the unqualified names resolve to the functions.
private func cFlock(_ fd: Int32, _ operation: Int32) -> Int32 { flock(fd, operation) }

// MARK: Constants

extension POSIX {
    // The flags the rest of Storage passes to these calls, so that no other file imports Glibc.
    package static let O_APPEND = Glibc.O_APPEND
    package static let O_CREAT = Glibc.O_CREAT
    package static let O_DIRECTORY = Glibc.O_DIRECTORY
    package static let O_NONBLOCK = Glibc.O_NONBLOCK
    package static let O_RDONLY = Glibc.O_RDONLY
    package static let O_RDWR = Glibc.O_RDWR
    package static let O_TRUNC = Glibc.O_TRUNC
    package static let O_WRONLY = Glibc.O_WRONLY
    package static let LOCK_EX = Glibc.LOCK_EX
    package static let LOCK_SH = Glibc.LOCK_SH
    package static let LOCK_UN = Glibc.LOCK_UN
    package static let F_OK = Glibc.F_OK
    package static let W_OK = Glibc.W_OK
    package static let X_OK = Glibc.X_OK
    package static let ENOENT = Glibc.ENOENT
}
