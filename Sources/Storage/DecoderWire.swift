import CGDCM

/// The messages between Lightbox and its decoder process, as bytes. Every message on the socket
/// is an 8-byte little-endian length, then that many bytes of body; bodies are built and parsed
/// here (pure, so both ends and the tests share one definition).
///
/// Request body: magic "LBDQ", pixel limit (u64), decoded-byte limit (u64), check flag (u8), file bytes.
/// Reply body: magic "LBDR", then either status 0, the `lb_dicom_info` bytes (u32 size first),
/// value count (u64) and floats, LUT count (u64) and u16s; or an error: kind (1...6), reason
/// length (u32) and UTF-8 reason.
package enum DecoderWire {
    static let requestMagic: [UInt8] = Array("LBDQ".utf8)
    static let replyMagic: [UInt8] = Array("LBDR".utf8)
    /// Largest body either side accepts (a 1 GiB file or reply is never legitimate here).
    package static let maximumBody: UInt64 = 1 << 30

    /// One decode request.
    package struct Request: Equatable, Sendable {
        package var limits: DecodeLimits
        /// false hands the codestream to the codec unchecked (tests of crash isolation only).
        package var checksCodestream: Bool
        package var bytes: [UInt8]

        package init(limits: DecodeLimits, checksCodestream: Bool = true, bytes: [UInt8]) {
            (self.limits, self.checksCodestream, self.bytes) = (limits, checksCodestream, bytes)
        }
    }

    /// A malformed message (a bug or a dying peer, never a property of a film).
    package struct Malformed: Error, Equatable, CustomStringConvertible {
        package var description: String
    }

    package static func encode(_ request: Request) -> [UInt8] {
        var body = requestMagic
        append(request.limits.pixels, to: &body)
        append(request.limits.decodedBytes, to: &body)
        body.append(request.checksCodestream ? 1 : 0)
        body += request.bytes
        return body
    }

    package static func decodeRequest(_ body: [UInt8]) throws(Malformed) -> Request {
        var reader = Reader(body)
        try reader.expect(requestMagic)
        let pixels = try reader.u64(), decoded = try reader.u64()
        let checks = try reader.bytes(1).first! != 0
        return Request(limits: DecodeLimits(pixels: pixels, decodedBytes: decoded), checksCodestream: checks,
                       bytes: reader.rest())
    }

    package static func encode(_ reply: Result<DICOMRawFilm, DICOMError>) -> [UInt8] {
        var body = replyMagic
        switch reply {
        case .success(let raw):
            body.append(0)
            var info = raw.info
            withUnsafeBytes(of: &info) { append(UInt32($0.count), to: &body); body += $0 }
            append(UInt64(raw.values.count), to: &body)
            raw.values.withUnsafeBytes { body += $0 }
            append(UInt64(raw.lut.count), to: &body)
            raw.lut.withUnsafeBytes { body += $0 }
        case .failure(let error):
            body.append(error.outOfMemory ? 6 : code(of: error.kind))
            let reason = utf8Prefix(error.reason, limit: 4096)
            append(UInt32(reason.count), to: &body)
            body += reason
        }
        return body
    }

    package static func decodeReply(_ body: [UInt8]) throws(Malformed) -> Result<DICOMRawFilm, DICOMError> {
        var reader = Reader(body)
        try reader.expect(replyMagic)
        let status = try reader.bytes(1).first!
        if status != 0 {
            let count = Int(try reader.u32())
            var error = DICOMError(kind: kind(of: status), reason: String(decoding: try reader.bytes(count), as: UTF8.self))
            error.outOfMemory = status == 6
            return .failure(error)
        }
        var info = lb_dicom_info()
        let infoSize = Int(try reader.u32())
        guard infoSize == MemoryLayout<lb_dicom_info>.size else {
            throw Malformed(description: "header of \(infoSize) bytes, expected \(MemoryLayout<lb_dicom_info>.size)")
        }
        let infoBytes = try reader.bytes(infoSize)
        withUnsafeMutableBytes(of: &info) { $0.copyBytes(from: infoBytes) }
        let valueCount = try reader.count(elementSize: 4)
        guard valueCount == Int(info.width) * Int(info.height) else {
            throw Malformed(description: "\(valueCount) values for \(info.width)x\(info.height)")
        }
        let valueBytes = try reader.bytes(valueCount * 4)
        var values = [Float](repeating: 0, count: valueCount)
        values.withUnsafeMutableBytes { $0.copyBytes(from: valueBytes) }
        let lutCount = try reader.count(elementSize: 2)
        let lutBytes = try reader.bytes(lutCount * 2)
        var lut = [UInt16](repeating: 0, count: lutCount)
        lut.withUnsafeMutableBytes { $0.copyBytes(from: lutBytes) }
        return .success(DICOMRawFilm(info: info, values: values, lut: lut))
    }

    /// The 8-byte length prefix of a body.
    package static func lengthPrefix(_ count: Int) -> [UInt8] {
        var out: [UInt8] = []
        append(UInt64(count), to: &out)
        return out
    }

    /// The body length a prefix announces.
    package static func length(ofPrefix prefix: [UInt8]) -> UInt64 {
        prefix.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }

    private static func code(of kind: DICOMError.Kind) -> UInt8 {
        switch kind {
        case .notDICOM: 1
        case .notImage: 2
        case .tooLarge: 3
        case .badPixels: 4
        case .unsupported: 5
        }
    }

    private static func kind(of code: UInt8) -> DICOMError.Kind {
        switch code {
        case 1: .notDICOM
        case 2: .notImage
        case 3, 6: .tooLarge
        case 4: .badPixels
        default: .unsupported
        }
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    /// A bounds-checked cursor over a body.
    private struct Reader {
        let body: [UInt8]
        var at = 0
        init(_ body: [UInt8]) { self.body = body }

        mutating func bytes(_ n: Int) throws(Malformed) -> ArraySlice<UInt8> {
            guard n >= 0, n <= body.count - at else { throw Malformed(description: "message ends early") }
            defer { at += n }
            return body[at..<(at + n)]
        }
        mutating func expect(_ magic: [UInt8]) throws(Malformed) {
            guard Array(try bytes(magic.count)) == magic else { throw Malformed(description: "bad magic") }
        }
        mutating func u32() throws(Malformed) -> UInt32 {
            try bytes(4).reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        }
        mutating func u64() throws(Malformed) -> UInt64 {
            try bytes(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
        mutating func count(elementSize: Int) throws(Malformed) -> Int {
            let n = try u64()
            guard n <= UInt64(body.count - at) / UInt64(elementSize) else { throw Malformed(description: "count beyond the message") }
            return Int(n)
        }
        mutating func rest() -> [UInt8] { Array(body[at...]) }
    }
}
