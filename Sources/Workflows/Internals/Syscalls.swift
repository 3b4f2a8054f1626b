// The only file in Workflows that calls the C library directly: the few process-level calls
// the review and the commands need. Files and the terminal go through Storage and Terminal.
#if canImport(Glibc)
import Glibc
#endif

/// Process-level POSIX calls.
package enum AppSyscalls {
    /// `isatty(STDERR_FILENO)`: progress lines are redrawn in place only on a terminal.
    package static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    /// `isatty` on standard input and output: the review needs an interactive terminal.
    package static var standardInputAndOutputAreTerminals: Bool { isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0 }

    /// `getlogin(3)`, else the password entry of the effective user (`getpwuid(geteuid())`).
    package static func loginName() -> String? {
        if let name = getlogin().map({ String(cString: $0) }), !name.isEmpty { return name }
        return nil
    }

    /// The effective user's name from the password database.
    package static func passwordEntryName() -> String? {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return nil }
        let text = String(cString: name)
        return text.isEmpty ? nil : text
    }

    /// `fflush(NULL)` then `_exit(status)`.
    package static func flushAndExitSkippingTeardown(_ status: Int32) -> Never {
        fflush(nil)  // every output stream
        _exit(status)
    }

    /// This thread's CPU time in seconds (`CLOCK_THREAD_CPUTIME_ID`).
    package static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
