// The only file in Storage that calls the C library (Glibc) directly: one Swift function per C
// function, each named after it, returning Swift values or a `POSIXFailure` (errno) instead of
// sentinel results. Everything else in Storage talks to the file system through `POSIX`.
import Glibc

/// A failed system call: the errno value and a short lowercase reason for error messages.
package struct POSIXFailure: Error, Equatable, Sendable {
    /// The raw `errno` value.
    package let code: Int32

    package init(code: Int32) { self.code = code }

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
