// The system calls of the decoder process (DecoderProcess.swift, DecoderServer.swift): spawning,
// the socket between the two processes, waiting, signals and resource limits. One Swift function
// per C function, named after it, as in Syscalls.swift; no other file of Storage calls them.
import Glibc

extension POSIX {
    /// `socketpair(2)` of two connected `AF_UNIX` stream sockets, both close-on-exec.
    package static func socketpair() -> Result<(Int32, Int32), POSIXFailure> {
        var fds: [Int32] = [-1, -1]
        let status = fds.withUnsafeMutableBufferPointer {
            Glibc.socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, $0.baseAddress)
        }
        return status == 0 ? .success((fds[0], fds[1])) : .failure(POSIXFailure(code: errno))
    }

    /// `fcntl(2)` with `F_DUPFD_CLOEXEC`: a close-on-exec copy of `fd` numbered at least `lowest`.
    package static func duplicate(_ fd: Int32, atLeast lowest: Int32) -> Result<Int32, POSIXFailure> {
        let copy = Glibc.fcntl(fd, F_DUPFD_CLOEXEC, lowest)
        return copy >= 0 ? .success(copy) : .failure(POSIXFailure(code: errno))
    }

    /// `posix_spawn(3)` of `path` with `arguments` (argv[0] first) and this process's environment.
    /// The child gets `socket` as descriptor `childDescriptor`, /dev/null as stdin, stdout and
    /// stderr (a codec's messages or a crash report never reach the terminal), default signal
    /// handling, an empty signal mask, and its own process group (a terminal's ^C is not sent to it).
    package static func posixSpawn(_ path: String, arguments: [String], socket: Int32,
                                   childDescriptor: Int32) -> Result<Int32, POSIXFailure> {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_adddup2(&actions, socket, childDescriptor)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var empty = sigset_t(), defaults = sigset_t()
        sigemptyset(&empty)
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGCHLD, SIGWINCH] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let status = Glibc.posix_spawn(&pid, path, &actions, &attributes, &argv, environ)
        return status == 0 ? .success(pid) : .failure(POSIXFailure(code: status))
    }

    /// How a child process ended, from `waitpid(2)`'s status.
    package enum ChildEnd: Equatable, Sendable {
        case exited(Int32)
        case signaled(Int32)
    }

    /// `waitpid(2)` blocking until `pid` ends, retrying on `EINTR`; nil when it is not our child.
    package static func waitpid(_ pid: Int32) -> ChildEnd? {
        var status: Int32 = 0
        while true {
            let result = Glibc.waitpid(pid, &status, 0)
            if result == pid { break }
            if result < 0 && errno == EINTR { continue }
            return nil
        }
        // WIFEXITED / WTERMSIG, spelled out (the C macros do not import).
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }

    /// `kill(2)` with `SIGKILL`; errors are ignored (the process may already be gone).
    package static func killHard(_ pid: Int32) {
        _ = Glibc.kill(pid, SIGKILL)
    }

    /// `poll(2)` for input on `fd` for at most `milliseconds`: true when readable (or hung up).
    package static func pollReadable(_ fd: Int32, milliseconds: Int32) -> Result<Bool, POSIXFailure> {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let n = Glibc.poll(&entry, 1, milliseconds)
            if n >= 0 { return .success(n > 0) }
            if errno != EINTR { return .failure(POSIXFailure(code: errno)) }
        }
    }

    /// `send(2)` with `MSG_NOSIGNAL`, looped until every byte is sent: a peer that died gives
    /// `EPIPE` here instead of a SIGPIPE that would end this process.
    package static func sendAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Result<Void, POSIXFailure> {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if n > 0 { offset += n; continue }
            if n < 0 && errno == EINTR { continue }
            return .failure(POSIXFailure(code: n < 0 ? errno : EPIPE))
        }
        return .success(())
    }

    /// `recv(2)` of up to `buffer.count` bytes, retrying on `EINTR`; 0 means the peer closed.
    package static func recv(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Result<Int, POSIXFailure> {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return .success(0) }
        while true {
            let n = Glibc.recv(fd, base, buffer.count, 0)
            if n >= 0 { return .success(n) }
            if errno != EINTR { return .failure(POSIXFailure(code: errno)) }
        }
    }

    /// `setrlimit(2)` of `RLIMIT_AS` (address space, soft and hard) to `bytes`.
    package static func setAddressSpaceLimit(_ bytes: UInt64) -> Result<Void, POSIXFailure> {
        var limit = rlimit(rlim_cur: rlim_t(bytes), rlim_max: rlim_t(bytes))
        return Glibc.setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0 ? .success(()) : .failure(POSIXFailure(code: errno))
    }

    /// `setrlimit(2)` of `RLIMIT_CORE` to 0: a crashing decoder writes no core file.
    package static func disableCoreFiles() {
        var limit = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = Glibc.setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit)
    }

    /// `readlink(2)` of `/proc/self/exe`: the running executable's path, or nil.
    package static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = Glibc.readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `getenv(3)`: the variable's value, or nil when unset.
    package static func environment(_ name: String) -> String? {
        guard let value = Glibc.getenv(name) else { return nil }
        return String(cString: value)
    }

    /// `sysconf(_SC_NPROCESSORS_ONLN)`: processors online (at least 1).
    package static func processorCount() -> Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// `strsignal(3)`-like short name of a signal for messages, e.g. "SIGSEGV".
    package static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGSEGV: "SIGSEGV"
        case SIGABRT: "SIGABRT"
        case SIGBUS: "SIGBUS"
        case SIGFPE: "SIGFPE"
        case SIGILL: "SIGILL"
        case SIGKILL: "SIGKILL"
        case SIGTRAP: "SIGTRAP"
        case SIGTERM: "SIGTERM"
        default: "signal \(signal)"
        }
    }

    /// `clock_gettime(CLOCK_MONOTONIC)` in milliseconds, for deadlines.
    package static func monotonicMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}

extension POSIX {
    package static let EPIPE = Glibc.EPIPE
    package static let ECONNRESET = Glibc.ECONNRESET
}

extension POSIX {
    /// `exit(3)`.
    package static func exit(_ status: Int32) -> Never { Glibc.exit(status) }
}
