import Imaging
import ReviewCore
import Storage

/// Writes a grey film (0...255) in any format Lightbox reads, for `synth` demos and test fixtures.
struct FilmWriter {
    /// The file format written.
    enum Format: String, CaseIterable {
        case jpeg, png, png16, dicom
    }

    var format: Format = .jpeg
    /// JPEG quality (JPEG only).
    var quality = 90
    /// DICOM transfer syntax.
    var syntax: DICOMCodec.Syntax = .explicitLE
    /// DICOM bits stored (8...16); above 8 the header carries the window that maps the samples
    /// back onto 0...255, as a modality writes a film with its default window.
    var bits = 8
    /// Write DICOM as MONOCHROME1 (inverted samples; a reader must invert them back).
    var monochrome1 = false

    /// The file name extension, with the dot.
    var fileExtension: String {
        switch format {
        case .jpeg: ".jpeg"
        case .png, .png16: ".png"
        case .dicom: ".dcm"
        }
    }

    /// Encodes `image` (greys 0...255); `identity` fills the DICOM header's patient and UIDs.
    func encode(_ image: GrayImage, identity: (patientID: String, uid: String) = ("", "")) throws -> [UInt8] {
        switch format {
        case .jpeg:
            return try JPEGCodec.encodeGray(image, quality: quality)
        case .png:
            return try PNGCodec.encodeGray(samples: Self.samples(image, bits: 8, inverted: false), width: image.width,
                                           height: image.height, bitDepth: 8)
        case .png16:
            return try PNGCodec.encodeGray(samples: Self.samples(image, bits: 16, inverted: false), width: image.width,
                                           height: image.height, bitDepth: 16)
        case .dicom:
            let bits = min(bits, syntax.maximumBits)
            var options = DICOMCodec.WriteOptions()
            options.syntax = syntax
            options.bitsStored = bits
            options.monochrome1 = monochrome1
            options.patientID = identity.patientID
            options.sopInstanceUID = identity.uid
            options.studyDate = "20240101"
            if bits > 8 {
                // LINEAR window over the whole stored range: (x - (c - 0.5)) / (w - 1) + 0.5 spans 0...1.
                let top = Double((1 << bits) - 1)
                options.windows = [WindowPreset(center: (top + 1) / 2, width: top + 1),
                                   WindowPreset(center: top / 4, width: top / 2)]
            }
            return try DICOMCodec.encode(samples: Self.samples(image, bits: bits, inverted: monochrome1),
                                         width: image.width, height: image.height, options: options)
        }
    }

    /// Greys 0...255 as samples 0...2^bits - 1 (rounded), reversed when `inverted`.
    static func samples(_ image: GrayImage, bits: Int, inverted: Bool) -> [UInt16] {
        let top = Float((1 << bits) - 1)
        return image.pixels.map { v in
            let unit = min(max(v / 255, 0), 1)
            return UInt16((inverted ? 1 - unit : unit) * top + 0.5)
        }
    }
}
