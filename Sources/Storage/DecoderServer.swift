/// The decoder process's side (`lightbox-decoder`, spawned by `DecoderProcess`): caps its own
/// address space, then decodes one DICOM film per request on descriptor 3 until Lightbox closes
/// the socket. Everything GDCM and its codecs do happens here, so their crashes, allocations and
/// loops cost this process, never Lightbox.
package enum DecoderServer {
    /// The descriptor Lightbox hands the socket on.
    package static let descriptor: Int32 = 3

    /// Runs the process: `--memory-limit BYTES` caps `RLIMIT_AS`; core files are off. Never returns.
    package static func run(arguments: [String]) -> Never {
        var limit: UInt64?
        if let i = arguments.firstIndex(of: "--memory-limit"), i + 1 < arguments.count { limit = UInt64(arguments[i + 1]) }
        POSIX.disableCoreFiles()
        if let limit, case .failure = POSIX.setAddressSpaceLimit(limit) { POSIX.exit(3) }
        POSIX.exit(serve(descriptor))
    }

    /// Answers requests on `fd` until it closes: 0 then, 1 on a socket error, 2 on a malformed request.
    package static func serve(_ fd: Int32) -> Int32 {
        while true {
            let body: [UInt8]
            switch DecoderSocket.receive(fd, deadline: nil) {
            case .success(let received): body = received
            case .failure(.closed): return 0
            case .failure: return 1
            }
            guard let request = try? DecoderWire.decodeRequest(body) else { return 2 }
            let reply = Result { () throws(DICOMError) -> DICOMRawFilm in
                // decodeRaw returns a film whenever codecs are allowed.
                try DICOMCodec.decodeRaw(request.bytes, limits: request.limits, codecs: true,
                                         checksCodestream: request.checksCodestream)!
            }
            if case .failure = DecoderSocket.send(fd, DecoderWire.encode(reply)) { return 1 }
        }
    }
}
