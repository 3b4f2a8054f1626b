import Imaging
import Feedback

/// Writes a grey film (0...255) in any format Lightbox reads, for `synth` demos and test fixtures.
public struct FilmWriter {
    /// The file format written.
    public enum Format: String, CaseIterable {
        case jpeg, png, png16, dicom
    }

    public var format: Format = .jpeg
    /// JPEG quality (JPEG only).
    public var quality = 90
    /// DICOM transfer syntax.
    public var syntax: DICOMCodec.Syntax = .explicitLE
    /// DICOM bits stored (8...16); above 8 the header carries the window that maps the samples
    /// back onto 0...255, as a modality writes a film with its default window.
    public var bits = 8
    /// Write DICOM as MONOCHROME1 (inverted samples; a reader must invert them back).
    public var monochrome1 = false

    /// A writer of `format` (JPEG quality, DICOM syntax, bits stored and photometric as given).
    public init(format: Format = .jpeg, quality: Int = 90, syntax: DICOMCodec.Syntax = .explicitLE, bits: Int = 8,
                monochrome1: Bool = false) {
        (self.format, self.quality, self.syntax, self.bits, self.monochrome1) = (format, quality, syntax, bits, monochrome1)
    }

    /// The file name extension, with the dot.
    public var fileExtension: String {
        switch format {
        case .jpeg: ".jpeg"
        case .png, .png16: ".png"
        case .dicom: ".dcm"
        }
    }

    /// A SOP Instance UID derived from the film's pixels (DICOM PS3.5 B.2: `2.25.` and a
    /// 128-bit integer, here the first 16 bytes of the SHA-256 of the size and the greys): the
    /// same pixels always get the same UID, different pixels (almost surely) another one, so
    /// two conversions of different studies never share UIDs. At most 44 characters.
    public static func contentUID(of image: GrayImage) -> String {
        var bytes: [UInt8] = []
        for n in [image.width, image.height] { withUnsafeBytes(of: UInt64(n).littleEndian) { bytes += $0 } }
        image.pixels.withUnsafeBytes { bytes += $0 }
        var number = Array(SHA256.hash(bytes).prefix(16))   // big-endian
        var digits: [UInt8] = []
        // Long division by 10, least significant digit first.
        while number.contains(where: { $0 != 0 }) {
            var remainder = 0
            for i in number.indices {
                let value = remainder << 8 | Int(number[i])
                number[i] = UInt8(value / 10)
                remainder = value % 10
            }
            digits.append(UInt8(ascii: "0") + UInt8(remainder))
        }
        return "2.25." + (digits.isEmpty ? "0" : String(decoding: digits.reversed(), as: UTF8.self))
    }

    /// Encodes `image` (greys 0...255); `identity` fills the DICOM header's patient and UIDs.
    public func encode(_ image: GrayImage, identity: (patientID: String, uid: String) = ("", "")) throws -> [UInt8] {
        switch format {
        case .jpeg:
            return try JPEGCodec.encodeGray(image, quality: quality)
        case .png:
            return try PNGCodec.encodeGray(samples: Self.samples(image, low: 0, high: 255, top: 255, inverted: false),
                                           width: image.width, height: image.height, bitDepth: 8)
        case .png16:
            return try PNGCodec.encodeGray(samples: Self.samples(image, low: 0, high: 65535, top: 65535, inverted: false),
                                           width: image.width, height: image.height, bitDepth: 16)
        case .dicom:
            let bits = min(bits, syntax.maximumBits)
            var options = DICOMCodec.WriteOptions()
            options.syntax = syntax
            options.bitsStored = bits
            options.monochrome1 = monochrome1
            options.patientID = identity.patientID
            options.sopInstanceUID = identity.uid
            options.studyDate = "20240101"
            let (low, high) = Self.storedRange(bits: bits)
            if bits > 8 {
                // The LINEAR window (x - (c - 0.5)) / (w - 1) + 0.5 maps low...high onto 0...1.
                let center = Double(low + high) / 2 + 0.5, width = Double(high - low) + 1
                options.windows = [WindowPreset(center: center, width: width),
                                   WindowPreset(center: center - width / 4, width: width / 2)]
            }
            return try DICOMCodec.encode(samples: Self.samples(image, low: low, high: high, top: (1 << bits) - 1,
                                                               inverted: monochrome1),
                                         width: image.width, height: image.height, options: options)
        }
    }

    /// The stored samples greys 0...255 span: the whole range at 8 bits; above, 1/32 of it is
    /// left free at each end, as modalities leave head-room (and so that a lossy 12-bit JPEG's
    /// overshoot near black or white cannot wrap around in GDCM's encoder).
    public static func storedRange(bits: Int) -> (low: Int, high: Int) {
        let top = (1 << bits) - 1
        guard bits > 8 else { return (0, top) }
        let margin = 1 << (bits - 5)
        return (margin, top - margin)
    }

    /// Greys 0...255 as samples low...high (rounded); when `inverted`, stored as `top - sample`.
    public static func samples(_ image: GrayImage, low: Int, high: Int, top: Int, inverted: Bool) -> [UInt16] {
        let span = Float(high - low)
        return image.pixels.map { v in
            let sample = Int((min(max(v / 255, 0), 1) * span).rounded()) + low
            return UInt16(inverted ? top - sample : sample)
        }
    }
}
