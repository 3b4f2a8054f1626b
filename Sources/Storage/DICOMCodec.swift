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
    /// before decoding, then decodes the first frame.
    public static func decode(_ bytes: [UInt8], pixelLimit: Int,
                              decodedByteLimit: UInt64 = defaultDecodedByteLimit) throws(DICOMError) -> DICOMFilm {
        // GDCM's stream reads `bytes` in place: open and decode within one borrow of them.
        let result = bytes.withUnsafeBufferPointer { b in
            decode(b, pixelLimit: pixelLimit, decodedByteLimit: decodedByteLimit)
        }
        return try result.get()
    }

    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, pixelLimit: Int,
                               decodedByteLimit: UInt64) -> Result<DICOMFilm, DICOMError> {
        var info = lb_dicom_info()
        var file: OpaquePointer?
        var reason = [CChar](repeating: 0, count: 512)
        let status = lb_dicom_open(bytes.baseAddress, bytes.count, UInt64(max(pixelLimit, 0)), decodedByteLimit,
                                   &info, &file, &reason, reason.count)
        guard status == Int32(LB_DICOM_OK), let file else { return .failure(error(status, reason)) }
        defer { lb_dicom_close(file) }
        let width = Int(info.width), height = Int(info.height)
        var values = [Float](repeating: 0, count: width * height)
        let decoded = values.withUnsafeMutableBufferPointer { out in
            lb_dicom_decode_first_frame(file, out.baseAddress, out.count, &reason, reason.count)
        }
        guard decoded == Int32(LB_DICOM_OK) else { return .failure(error(decoded, reason)) }
        let image = GrayImage(width: width, height: height, pixels: values)
        var lut: (entries: [UInt16], firstMapped: Int, bits: Int)?
        if info.voi_lut_entries > 0 {
            var entries = [UInt16](repeating: 0, count: Int(info.voi_lut_entries))
            if entries.withUnsafeMutableBufferPointer({ lb_dicom_voi_lut(file, $0.baseAddress, $0.count) }) == Int32(LB_DICOM_OK) {
                lut = (entries, Int(info.voi_lut_first_mapped), Int(info.voi_lut_bits))
            }
        }
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
        metadata.patientID = text(info.patient_id)
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
        return .success(DICOMFilm(values: image, window: window, inverted: inverted, metadata: metadata))
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

    private static func error(_ status: Int32, _ reason: [CChar]) -> DICOMError {
        let kind: DICOMError.Kind
        switch status {
        case Int32(LB_DICOM_NOT_DICOM): kind = .notDICOM
        case Int32(LB_DICOM_NOT_IMAGE): kind = .notImage
        case Int32(LB_DICOM_TOO_LARGE): kind = .tooLarge
        case Int32(LB_DICOM_BAD_PIXELS): kind = .badPixels
        default: kind = .unsupported
        }
        let text = String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return DICOMError(kind: kind, reason: text.isEmpty ? "unreadable" : text)
    }

    /// A fixed-size C text field as a String.
    private static func text<T>(_ field: T) -> String {
        withUnsafeBytes(of: field) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
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

    private static func put<T>(_ text: String, into field: inout T) {
        withUnsafeMutableBytes(of: &field) { raw in
            let bytes = Array(text.utf8.prefix(raw.count - 1))
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
    }
}
