import Foundation

/// The decoder processes Lightbox keeps: started on first use (or by `warmUp`), each serving many
/// films one at a time, at most `maximumProcesses` at once; one that crashes, hangs or runs out of
/// memory is reaped and replaced by a fresh one at the next film.
package final class DecoderPool: @unchecked Sendable {
    /// The pool every `DICOMCodec.decode` uses.
    package static let shared = DecoderPool(DecoderConfiguration.standard())

    package let configuration: DecoderConfiguration
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var idle: [DecoderProcess] = []
    private var running = 0
    private var started = 0

    package init(_ configuration: DecoderConfiguration) { self.configuration = configuration }

    /// Processes started so far (a crash or a time-out makes the next film start another).
    package var processesStarted: Int { condition.lock(); defer { condition.unlock() }; return started }

    /// Decodes `bytes` in a decoder process: GDCM's reading, or this file's error, or why the
    /// decoder failed on it (crash, memory cap, time limit).
    package func decode(_ bytes: [UInt8], limits: DecodeLimits, checksCodestream: Bool = true) throws(DICOMError) -> DICOMRawFilm {
        let request = DecoderWire.Request(limits: limits, checksCodestream: checksCodestream, bytes: bytes)
        let codec = Self.codecName(DICOMTransferSyntax.declared(in: bytes))
        // One retry with a fresh process when the process died before reading the film, or
        // crashed on it after serving others: an earlier film may have corrupted its heap.
        for attempt in 0..<2 {
            let process = try checkOut()
            let earlier = process.served
            switch process.decode(request, configuration, codec: codec) {
            case .answered(.success(let raw)):
                checkIn(process)
                return raw
            case .answered(.failure(let error)):
                // A codec that failed may have left its heap corrupt: the next film gets a fresh process.
                process.stop(kill: false)
                discard()
                throw error
            case .lost(let error, let crashed):
                discard()
                if !crashed || earlier == 0 || attempt == 1 { throw error }
            case .gone:
                discard()
            }
        }
        throw DICOMError(kind: .badPixels, reason: "the \(codec) decoder process keeps dying before it reads a film")
    }

    /// Starts processes now when any of `names` may be a DICOM film (`.dcm`, `.dicom`, or no
    /// extension): the review calls it after the scan, so the process has loaded by the time the
    /// first film is decoded (its start-up, 90 ms on a busy machine, is otherwise on that film).
    package func warmUp(forFilesNamed names: [String]) {
        let mayBeDICOM = names.contains { name in
            let last = name.split(separator: "/").last.map(String.init)?.lowercased() ?? ""
            return last.hasSuffix(".dcm") || last.hasSuffix(".dicom") || !last.contains(".")
        }
        if mayBeDICOM && !configuration.inProcess { warmUp() }
    }

    /// Starts two processes now (if fewer run): one for the film on screen, one for scoring.
    package func warmUp() {
        let processes = (0..<min(2, configuration.maximumProcesses)).compactMap { _ in try? checkOut() }
        for process in processes { checkIn(process) }
    }

    /// Stops every idle process (they also end by themselves when Lightbox exits).
    package func stopIdle() {
        condition.lock()
        let stopping = idle
        idle.removeAll()
        running -= stopping.count
        condition.unlock()
        for process in stopping { process.stop(kill: false) }
    }

    private func checkOut() throws(DICOMError) -> DecoderProcess {
        condition.lock()
        while idle.isEmpty && running >= max(1, configuration.maximumProcesses) { condition.wait() }
        if let process = idle.popLast() {
            condition.unlock()
            return process
        }
        running += 1
        started += 1
        condition.unlock()
        switch DecoderProcess.start(configuration) {
        case .success(let process): return process
        case .failure(let error):
            discard()
            throw error
        }
    }

    private func checkIn(_ process: DecoderProcess) {
        condition.lock()
        idle.append(process)
        condition.signal()
        condition.unlock()
    }

    /// Forgets a process that was stopped (or never started).
    private func discard() {
        condition.lock()
        running -= 1
        condition.signal()
        condition.unlock()
    }

    /// The codec a transfer syntax needs, for messages.
    static func codecName(_ uid: String?) -> String {
        switch uid {
        case "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70": "JPEG"
        case "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81": "JPEG-LS"
        case "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91": "JPEG 2000"
        case "1.2.840.10008.1.2.5": "RLE"
        case "1.2.840.10008.1.2.1.99": "deflate"
        default: "DICOM"
        }
    }
}
