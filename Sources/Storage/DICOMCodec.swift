// The only file in Lightbox that calls CGDCM (Lightbox's C interface to GDCM 3.0).
import CGDCM
import Imaging
import Feedback

/// A DICOM film's first frame in modality units (rescale slope and intercept applied, colour
/// made grey), with what its header says about display and the patient.
public struct DICOMFilm: Sendable {
    /// Modality values, `width x height`.
    public var values: GrayImage
    /// The default VOI window from the header (first Window Center/Width, VOI LUT, or range).
    public var window: VOIWindow
    /// MONOCHROME1 or Presentation LUT Shape INVERSE: low values are shown bright.
    public var inverted: Bool
    /// Header fields for the screen and the feedback log.
    public var metadata: FilmMetadata

    /// The film as display greys 0...255 with its default window (what the model sees).
    public var greys: GrayImage { window.apply(to: values, invert: inverted) }
}

/// Why DICOM bytes could not be read; `description` is one line without the path.
public struct DICOMError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of failure, for callers that count them.
    public enum Kind: Sendable, Equatable { case notDICOM, notImage, tooLarge, badPixels, unsupported }
    /// The kind.
    public var kind: Kind
    /// GDCM's or our own reason, one line.
    public var reason: String
    /// An allocation failed while parsing or decoding (in the decoder process: its memory cap).
    package var outOfMemory = false

    /// Creates an error.
    public init(kind: Kind, reason: String) { (self.kind, self.reason) = (kind, reason) }

    /// e.g. `DICOM: pixel data holds 8130 of the 8192 bytes declared (truncated)`.
    public var description: String { "DICOM: \(OneLine.clean(reason))" }
}

/// DICOM Part 10 reading (every transfer syntax GDCM decodes) and writing (for `synth` and tests).
public enum DICOMCodec {
    /// Largest decoded pixel data of all frames accepted: 512 MiB (GDCM decodes every frame; the
    /// first alone is kept). Also the most a deflated dataset may inflate to.
    public static let defaultDecodedByteLimit: UInt64 = 512 << 20

    /// Parses `bytes`, checks the declared sizes against `pixelLimit` and the decoded-byte limit
    /// before decoding, then decodes the first frame. Native (uncompressed) pixel data is decoded
    /// here; anything that needs a codec (JPEG, JPEG-LS, JPEG 2000, RLE, deflate) is decoded by
    /// the decoder process (`DecoderPool`), so a codec's crash, runaway allocation or endless loop
    /// becomes a `DICOMError` for this file alone.
    public static func decode(_ bytes: [UInt8], pixelLimit: Int,
                              decodedByteLimit: UInt64 = defaultDecodedByteLimit) throws(DICOMError) -> DICOMFilm {
        let limits = DecodeLimits(pixels: UInt64(max(pixelLimit, 0)), decodedBytes: decodedByteLimit)
        if DecoderPool.shared.configuration.inProcess { return film(from: try decodeRaw(bytes, limits: limits, codecs: true)!) }
        if DICOMTransferSyntax.isNative(DICOMTransferSyntax.declared(in: bytes)) {
            if let raw = try decodeRaw(bytes, limits: limits, codecs: false) { return film(from: raw) }
        }
        return film(from: try DecoderPool.shared.decode(bytes, limits: limits))
    }

    /// Decodes in this process with every codec GDCM has, after checking the codestream against
    /// the header (`CodestreamCheck`): what the decoder process and the fuzz target run.
    package static func decodeInProcess(_ bytes: [UInt8], pixelLimit: Int,
                                        decodedByteLimit: UInt64 = defaultDecodedByteLimit) throws(DICOMError) -> DICOMFilm {
        let limits = DecodeLimits(pixels: UInt64(max(pixelLimit, 0)), decodedBytes: decodedByteLimit)
        return film(from: try decodeRaw(bytes, limits: limits, codecs: true)!)
    }

    /// GDCM's reading of `bytes`: header, first frame's values, VOI LUT. With `codecs` false,
    /// nil when the pixel data needs a codec (nothing is decoded then). `checksCodestream` false
    /// hands the codestream to the codec unchecked (tests of the decoder process's isolation).
    package static func decodeRaw(_ bytes: [UInt8], limits: DecodeLimits, codecs: Bool,
                                  checksCodestream: Bool = true) throws(DICOMError) -> DICOMRawFilm? {
        // GDCM's stream reads `bytes` in place: open and decode within one borrow of them.
        let result = bytes.withUnsafeBufferPointer { b in
            decodeRaw(b, limits: limits, codecs: codecs, checksCodestream: checksCodestream)
        }
        return try result.get()
    }

    private static func decodeRaw(_ bytes: UnsafeBufferPointer<UInt8>, limits: DecodeLimits, codecs: Bool,
                                  checksCodestream: Bool) -> Result<DICOMRawFilm?, DICOMError> {
        // GDCM reads an RLE header while parsing, before the check below can run (a segment count
        // of 0 divides by zero, 65538 walks off the header): that header is checked first.
        if checksCodestream, let problem = CodestreamCheck.rleHeaderProblem(inFile: bytes) {
            return .failure(DICOMError(kind: .badPixels, reason: problem))
        }
        var info = lb_dicom_info()
        var file: OpaquePointer?
        var reason = [CChar](repeating: 0, count: 512)
        let status = lb_dicom_open(bytes.baseAddress, bytes.count, limits.pixels, limits.decodedBytes,
                                   &info, &file, &reason, reason.count)
        guard status == Int32(LB_DICOM_OK), let file else { return .failure(error(status, reason)) }
        defer { lb_dicom_close(file) }
        let syntax = text(info.transfer_syntax_uid)
        if !codecs && !DICOMTransferSyntax.isNative(syntax.isEmpty ? nil : syntax) { return .success(nil) }
        if checksCodestream, let problem = codestreamProblem(file, info: info) {
            return .failure(DICOMError(kind: .badPixels, reason: problem))
        }
        let width = Int(info.width), height = Int(info.height)
        var values = [Float](repeating: 0, count: width * height)
        let decoded = values.withUnsafeMutableBufferPointer { out in
            lb_dicom_decode_first_frame(file, out.baseAddress, out.count, &reason, reason.count)
        }
        guard decoded == Int32(LB_DICOM_OK) else { return .failure(error(decoded, reason)) }
        var lut: [UInt16] = []
        if info.voi_lut_entries > 0 {
            var entries = [UInt16](repeating: 0, count: Int(info.voi_lut_entries))
            if entries.withUnsafeMutableBufferPointer({ lb_dicom_voi_lut(file, $0.baseAddress, $0.count) }) == Int32(LB_DICOM_OK) {
                lut = entries
            }
        }
        return .success(DICOMRawFilm(info: info, values: values, lut: lut))
    }

    /// What `CodestreamCheck` finds wrong with the first frame's codestream, or nil.
    private static func codestreamProblem(_ file: OpaquePointer, info: lb_dicom_info) -> String? {
        var start: UnsafePointer<UInt8>?
        var count = 0
        // GDCM keeps the Basic Offset Table apart: fragment 0 starts the first frame.
        let fragments = lb_dicom_fragment(file, 0, &start, &count)
        guard fragments >= 0 else { return nil }
        guard fragments >= 1, let start else { return "compressed pixel data has no frame fragment" }
        let header = CodestreamCheck.Header(
            columns: Int(info.width), rows: Int(info.height), samplesPerPixel: Int(info.samples_per_pixel),
            bitsAllocated: Int(info.bits_allocated), bitsStored: Int(info.bits_stored))
        return CodestreamCheck.problem(syntax: text(info.transfer_syntax_uid), header: header,
                                       frame: UnsafeBufferPointer(start: start, count: count))
    }

    /// The film the caller sees, from GDCM's reading (here or in the decoder process).
    static func film(from raw: DICOMRawFilm) -> DICOMFilm {
        let info = raw.info
        let width = Int(info.width), height = Int(info.height)
        let image = GrayImage(width: width, height: height, pixels: raw.values)
        let lut = raw.lut.isEmpty ? nil : (entries: raw.lut, firstMapped: Int(info.voi_lut_first_mapped), bits: Int(info.voi_lut_bits))
        let photometric = text(info.photometric)
        let isGrey = photometric.hasPrefix("MONOCHROME")
        let presets = withUnsafeBytes(of: info.window_center) { c in
            withUnsafeBytes(of: info.window_width) { w in
                (0..<Int(info.window_count)).map {
                    WindowPreset(center: c.load(fromByteOffset: $0 * 8, as: Double.self),
                                 width: w.load(fromByteOffset: $0 * 8, as: Double.self))
                }
            }
        }
        // Colour films carry no VOI: their samples are already display values.
        let window = isGrey
            ? VOIWindow.fromHeader(center: presets.first?.center, width: presets.first?.width,
                                   function: text(info.voi_lut_function), table: lut, image: image)
            : VOIWindow.range(low: 0, high: Float((1 << min(Int(info.bits_stored), 16)) - 1))
        var metadata = FilmMetadata()
        // LO and PN depend on the Specific Character Set; CS, DA and UI are ASCII by definition.
        let characterSet = text(info.specific_character_set)
        metadata.patientID = DICOMText.decode(bytes(info.patient_id), characterSet: characterSet)
        metadata.patientName = DICOMText.decode(bytes(info.patient_name), characterSet: characterSet, personName: true)
        metadata.studyDate = text(info.study_date)
        metadata.modality = text(info.modality)
        metadata.viewPosition = text(info.view_position)
        metadata.bodyPart = text(info.body_part)
        metadata.sopInstanceUID = text(info.sop_instance_uid)
        let syntax = text(info.transfer_syntax_name)
        metadata.encoding = "DICOM " + (syntax.isEmpty ? text(info.transfer_syntax_uid) : syntax)
        metadata.frames = Int(info.frames)
        metadata.windowPresets = isGrey ? presets : []
        metadata.windowSource = describe(window)
        let inverted = isGrey && (photometric == "MONOCHROME1" || info.presentation_inverse != 0)
        metadata.inverted = inverted
        return DICOMFilm(values: image, window: window, inverted: inverted, metadata: metadata)
    }

    /// One line saying which window made the greys.
    static func describe(_ window: VOIWindow) -> String {
        let number = WindowPreset.number
        switch window {
        case .linear(let c, let w), .linearExact(let c, let w): return "window \(number(c))/\(number(w))"
        case .sigmoid(let c, let w): return "sigmoid window \(number(c))/\(number(w))"
        case .table(let entries, _, _): return "VOI LUT (\(entries.count) entries)"
        case .range(let low, let high): return "pixel range \(number(Double(low)))...\(number(Double(high)))"
        }
    }

    static func error(_ status: Int32, _ reason: [CChar]) -> DICOMError {
        let kind: DICOMError.Kind
        switch status {
        case Int32(LB_DICOM_OUT_OF_MEMORY): kind = .tooLarge
        case Int32(LB_DICOM_NOT_DICOM): kind = .notDICOM
        case Int32(LB_DICOM_NOT_IMAGE): kind = .notImage
        case Int32(LB_DICOM_TOO_LARGE): kind = .tooLarge
        case Int32(LB_DICOM_BAD_PIXELS): kind = .badPixels
        default: kind = .unsupported
        }
        let text = String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var error = DICOMError(kind: kind, reason: text.isEmpty ? "unreadable" : text)
        error.outOfMemory = status == Int32(LB_DICOM_OUT_OF_MEMORY)
        return error
    }

    /// A fixed-size C text field as a String.
    static func text<T>(_ field: T) -> String {
        withUnsafeBytes(of: field) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// A fixed-size C text field's bytes up to its NUL.
    static func bytes<T>(_ field: T) -> [UInt8] {
        withUnsafeBytes(of: field) { Array($0.prefix { $0 != 0 }) }
    }

    // MARK: Writing

    /// Transfer syntaxes `encode` writes, by the names `lightbox synth --syntax` takes.
    public enum Syntax: String, CaseIterable, Sendable {
        case implicitLE = "implicit", explicitLE = "explicit", explicitBE = "big-endian", deflated
        case jpegBaseline = "jpeg-baseline", jpegExtended = "jpeg-extended", jpegLossless = "jpeg-lossless"
        case jpegLSLossless = "jpeg-ls", jpegLSNearLossless = "jpeg-ls-near"
        case jpeg2000Lossless = "j2k", jpeg2000 = "j2k-lossy", rle, noMeta = "no-meta"

        var code: Int32 {
            switch self {
            case .implicitLE: Int32(LB_TS_IMPLICIT_LE)
            case .explicitLE: Int32(LB_TS_EXPLICIT_LE)
            case .explicitBE: Int32(LB_TS_EXPLICIT_BE)
            case .deflated: Int32(LB_TS_DEFLATED)
            case .jpegBaseline: Int32(LB_TS_JPEG_BASELINE)
            case .jpegExtended: Int32(LB_TS_JPEG_EXTENDED)
            case .jpegLossless: Int32(LB_TS_JPEG_LOSSLESS_SV1)
            case .jpegLSLossless: Int32(LB_TS_JPEG_LS_LOSSLESS)
            case .jpegLSNearLossless: Int32(LB_TS_JPEG_LS_NEAR_LOSSLESS)
            case .jpeg2000Lossless: Int32(LB_TS_JPEG2000_LOSSLESS)
            case .jpeg2000: Int32(LB_TS_JPEG2000)
            case .rle: Int32(LB_TS_RLE)
            case .noMeta: Int32(LB_TS_NO_META)
            }
        }

        /// True for the lossy syntaxes (the pixels read back differ a little).
        public var isLossy: Bool { [.jpegBaseline, .jpegExtended, .jpegLSNearLossless, .jpeg2000].contains(self) }
        /// Largest bits stored the syntax holds (JPEG baseline 8, extended 12, else 16).
        public var maximumBits: Int { self == .jpegBaseline ? 8 : (self == .jpegExtended ? 12 : 16) }
    }

    /// What `encode` writes besides the pixels.
    public struct WriteOptions: Sendable {
        public var syntax: Syntax = .explicitLE
        /// 8...16; samples must be below 2^bitsStored.
        public var bitsStored = 8
        /// Write MONOCHROME1 (the caller stores inverted samples).
        public var monochrome1 = false
        /// Copies of the frame (multi-frame when > 1).
        public var frames = 1
        /// Window Center/Width presets, first = default.
        public var windows: [WindowPreset] = []
        public var rescaleSlope = 1.0, rescaleIntercept = 0.0
        public var patientID = "", studyDate = "", sopInstanceUID = "", viewPosition = "PA"
        /// Patient's Name (0010,0010) as the file's bytes, already in `specificCharacterSet`
        /// (ISO 2022 escape sequences included); not written when empty.
        public var patientNameBytes: [UInt8] = []
        /// Specific Character Set (0008,0005), e.g. `\ISO 2022 IR 87`; not written when empty.
        public var specificCharacterSet = ""

        /// Default options: explicit VR little endian, 8 bits, MONOCHROME2.
        public init() {}
    }

    /// Encodes `samples` (row-major `width x height`, each below 2^bitsStored) as a Digital
    /// X-Ray file in `options.syntax`.
    public static func encode(samples: [UInt16], width: Int, height: Int, options: WriteOptions) throws(DICOMError) -> [UInt8] {
        guard width > 0, height > 0, samples.count == width * height, width <= 65535, height <= 65535 else {
            throw DICOMError(kind: .unsupported, reason: "cannot write \(width)x\(height) from \(samples.count) samples")
        }
        var o = lb_dicom_write_options()
        o.syntax = options.syntax.code
        o.bits_stored = Int32(options.bitsStored)
        o.monochrome1 = options.monochrome1 ? 1 : 0
        o.frames = Int32(max(1, options.frames))
        o.window_count = Int32(min(options.windows.count, Int(LB_DICOM_MAX_WINDOWS)))
        withUnsafeMutableBytes(of: &o.window_center) { c in
            withUnsafeMutableBytes(of: &o.window_width) { w in
                for (i, preset) in options.windows.prefix(Int(LB_DICOM_MAX_WINDOWS)).enumerated() {
                    c.storeBytes(of: preset.center, toByteOffset: i * 8, as: Double.self)
                    w.storeBytes(of: preset.width, toByteOffset: i * 8, as: Double.self)
                }
            }
        }
        o.rescale_slope = options.rescaleSlope
        o.rescale_intercept = options.rescaleIntercept
        put(options.patientID, into: &o.patient_id)
        put(options.studyDate, into: &o.study_date)
        put(options.sopInstanceUID, into: &o.sop_instance_uid)
        put(options.viewPosition, into: &o.view_position)
        put(options.patientNameBytes, into: &o.patient_name)
        put(options.specificCharacterSet, into: &o.specific_character_set)
        var out: UnsafeMutablePointer<UInt8>?
        var count = 0
        var reason = [CChar](repeating: 0, count: 512)
        let status = samples.withUnsafeBufferPointer { s in
            lb_dicom_write(s.baseAddress, Int32(width), Int32(height), &o, &out, &count, &reason, reason.count)
        }
        guard status == Int32(LB_DICOM_OK), let out else { throw error(status, reason) }
        defer { lb_dicom_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: count))
    }

    /// Copies `text`'s UTF-8 into a C text field, cut at a character boundary when too long
    /// (never inside a character's bytes).
    private static func put<T>(_ text: String, into field: inout T) {
        put(utf8Prefix(text, limit: MemoryLayout<T>.size - 1), into: &field)
    }

    private static func put<T>(_ bytes: [UInt8], into field: inout T) {
        withUnsafeMutableBytes(of: &field) { raw in
            let kept = bytes.prefix(raw.count - 1)
            for (i, b) in kept.enumerated() { raw[i] = b }
            raw[kept.count] = 0
        }
    }
}
