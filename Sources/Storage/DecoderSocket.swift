/// Length-prefixed messages over the decoder process's socket (see `DecoderWire`), for both ends.
package enum DecoderSocket {
    /// Why a message could not be moved.
    package enum Failure: Error, Equatable {
        /// The peer closed the socket (it exited or crashed).
        case closed
        /// No complete message within the deadline.
        case timedOut
        /// The length prefix announces more than `DecoderWire.maximumBody`.
        case oversized(UInt64)
        /// A system call failed.
        case system(POSIXFailure)
    }

    /// Sends the length prefix and `body`.
    package static func send(_ fd: Int32, _ body: [UInt8]) -> Result<Void, Failure> {
        let prefix = DecoderWire.lengthPrefix(body.count)
        for part in [prefix, body] {
            if case .failure(let error) = part.withUnsafeBytes({ POSIX.sendAll(fd, $0) }) {
                return .failure(error.code == POSIX.EPIPE || error.code == POSIX.ECONNRESET ? .closed : .system(error))
            }
        }
        return .success(())
    }

    /// Receives one message; `deadline` (monotonic milliseconds) bounds the whole message, nil waits forever.
    package static func receive(_ fd: Int32, deadline: Int64?) -> Result<[UInt8], Failure> {
        var prefix = [UInt8](repeating: 0, count: 8)
        if case .failure(let error) = fill(&prefix, fd, deadline: deadline) { return .failure(error) }
        let length = DecoderWire.length(ofPrefix: prefix)
        guard length <= DecoderWire.maximumBody else { return .failure(.oversized(length)) }
        var body = [UInt8](repeating: 0, count: Int(length))
        if case .failure(let error) = fill(&body, fd, deadline: deadline) { return .failure(error) }
        return .success(body)
    }

    private static func fill(_ buffer: inout [UInt8], _ fd: Int32, deadline: Int64?) -> Result<Void, Failure> {
        var filled = 0
        while filled < buffer.count {
            if let deadline {
                let left = deadline - POSIX.monotonicMilliseconds()
                guard left > 0 else { return .failure(.timedOut) }
                switch POSIX.pollReadable(fd, milliseconds: Int32(min(left, Int64(Int32.max)))) {
                case .success(false): return .failure(.timedOut)
                case .success(true): break
                case .failure(let error): return .failure(.system(error))
                }
            }
            let result = buffer.withUnsafeMutableBytes { raw in
                POSIX.recv(fd, into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
            }
            switch result {
            case .success(0): return .failure(.closed)
            case .success(let n): filled += n
            case .failure(let error):
                return .failure(error.code == POSIX.ECONNRESET ? .closed : .system(error))
            }
        }
        return .success(())
    }
}
