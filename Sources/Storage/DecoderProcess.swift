/// How the decoder process is found and bounded.
package struct DecoderConfiguration: Sendable {
    /// The `lightbox-decoder` executable; nil when it could not be located (`missingReason` says why).
    package var executable: String?
    /// Why `executable` is nil.
    package var missingReason = ""
    /// The process's address-space cap (`RLIMIT_AS`): the 512 MiB decoded-pixel cap plus the
    /// codec's working space, the program and its libraries.
    package var memoryLimit: UInt64 = 1 << 30
    /// Longest one film may take before the process is killed, in milliseconds.
    package var timeoutMilliseconds: Int64 = 30_000
    /// Most processes running at once: films decode in parallel on all cores, and the review's
    /// film on screen must not queue behind its background scoring (4 at least, 16 at most).
    package var maximumProcesses = min(16, max(4, POSIX.processorCount()))

    package init(executable: String?) { self.executable = executable }

    /// Codecs run in Lightbox's own process, without isolation: `LIGHTBOX_DECODER=in-process`,
    /// for measuring what the decoder process costs (never for real studies).
    package var inProcess = false

    /// `LIGHTBOX_DECODER` when set, else `lightbox-decoder` beside the running executable (also
    /// under `swift test`, whose test bundle is built beside the package's executables).
    package static func standard() -> DecoderConfiguration {
        if let path = POSIX.environment("LIGHTBOX_DECODER"), !path.isEmpty {
            var configuration = DecoderConfiguration(executable: path == "in-process" ? nil : path)
            configuration.inProcess = path == "in-process"
            return configuration
        }
        guard let me = POSIX.executablePath(), let slash = me.lastIndex(of: "/") else {
            var configuration = DecoderConfiguration(executable: nil)
            configuration.missingReason = "cannot find the running program (/proc/self/exe)"
            return configuration
        }
        return DecoderConfiguration(executable: String(me[..<slash]) + "/lightbox-decoder")
    }
}

/// One running `lightbox-decoder` process and the socket to it; used by one caller at a time
/// (`DecoderPool` hands them out).
final class DecoderProcess {
    let pid: Int32
    private let socket: Int32
    /// Films answered so far (a crash on the first film cannot be blamed on an earlier one).
    private(set) var served = 0

    private init(pid: Int32, socket: Int32) { (self.pid, self.socket) = (pid, socket) }

    /// Spawns the process with the configured memory cap.
    static func start(_ configuration: DecoderConfiguration) -> Result<DecoderProcess, DICOMError> {
        guard let path = configuration.executable else {
            return .failure(DICOMError(kind: .unsupported, reason: "the decoder program is missing (\(configuration.missingReason))"))
        }
        if let failure = POSIX.access(path, POSIX.X_OK) {
            return .failure(DICOMError(kind: .unsupported,
                                       reason: "the decoder program \(path) cannot be run (\(failure.reason)); set LIGHTBOX_DECODER"))
        }
        let pair: (Int32, Int32)
        switch POSIX.socketpair() {
        case .success(let fds): pair = fds
        case .failure(let error): return .failure(DICOMError(kind: .unsupported, reason: "cannot start the decoder (\(error.reason))"))
        }
        var childEnd = pair.1
        // posix_spawn's dup2 onto the same number would keep close-on-exec set.
        if childEnd == DecoderServer.descriptor, case .success(let copy) = POSIX.duplicate(childEnd, atLeast: 10) {
            POSIX.close(childEnd)
            childEnd = copy
        }
        defer { POSIX.close(childEnd) }
        let arguments = ["lightbox-decoder", "--memory-limit", String(configuration.memoryLimit)]
        switch POSIX.posixSpawn(path, arguments: arguments, socket: childEnd, childDescriptor: DecoderServer.descriptor) {
        case .success(let pid): return .success(DecoderProcess(pid: pid, socket: pair.0))
        case .failure(let error):
            POSIX.close(pair.0)
            return .failure(DICOMError(kind: .unsupported, reason: "cannot start the decoder \(path) (\(error.reason))"))
        }
    }

    /// What became of one request.
    enum Outcome {
        /// The process answered (a film or the file's own error); it can serve the next film.
        case answered(Result<DICOMRawFilm, DICOMError>)
        /// The process crashed, exited, hung or garbled its reply; it has been stopped and reaped.
        /// `crashed`: it ended by itself (not by the time limit).
        case lost(DICOMError, crashed: Bool)
        /// The request could not be sent: the process was already gone (reaped); try another.
        case gone
    }

    /// Sends one film and waits for the answer until the configured time limit.
    func decode(_ request: DecoderWire.Request, _ configuration: DecoderConfiguration, codec: String) -> Outcome {
        if case .failure = DecoderSocket.send(socket, DecoderWire.encode(request)) {
            stop()
            return .gone
        }
        let deadline = POSIX.monotonicMilliseconds() + configuration.timeoutMilliseconds
        switch DecoderSocket.receive(socket, deadline: deadline) {
        case .success(let body):
            do {
                var reply = try DecoderWire.decodeReply(body)
                if case .failure(var error) = reply, error.outOfMemory {
                    error.reason = "the \(codec) decoder ran out of its \(ByteCount.short(configuration.memoryLimit)) memory cap"
                        + " (malformed or too large pixel data)"
                    reply = .failure(error)
                }
                served += 1
                return .answered(reply)
            } catch {
                stop()
                return .lost(DICOMError(kind: .badPixels, reason: "the \(codec) decoder replied garbage (\(error))"), crashed: true)
            }
        case .failure(.timedOut):
            stop()
            let seconds = Double(configuration.timeoutMilliseconds) / 1000
            let text = seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
            return .lost(DICOMError(kind: .badPixels, reason: "the \(codec) decoder took longer than \(text) s (stopped; malformed pixel data?)"),
                         crashed: false)
        case .failure(let failure):
            // Closed: the process is exiting (its descriptors close before it can be reaped), so
            // wait for it rather than kill it, which would hide the signal that ended it.
            let end = stop(kill: failure != .closed)
            let how: String
            switch end {
            case .signaled(let signal)?: how = "crashed (signal \(signal), \(POSIX.signalName(signal)))"
            case .exited(let status)?: how = "exited with status \(status)"
            case nil: how = "stopped answering (\(failure))"
            }
            return .lost(DICOMError(kind: .badPixels, reason: "malformed pixel data: the \(codec) decoder \(how)"), crashed: true)
        }
    }

    /// Closes the socket, kills the process (unless `kill` is false: it is known to be ending),
    /// and reaps it. Closing the socket alone ends an idle process (it reads end of file).
    @discardableResult
    func stop(kill: Bool = true) -> POSIX.ChildEnd? {
        POSIX.close(socket)
        if kill { POSIX.killHard(pid) }
        return POSIX.waitpid(pid)
    }
}

extension ByteCount {
    /// "1 GiB", "512 MiB": a power-of-two size without the exact count.
    static func short(_ bytes: UInt64) -> String {
        if bytes >= 1 << 30 && bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        return "\(bytes) bytes"
    }
}
