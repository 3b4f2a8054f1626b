/// Why JPEG bytes could not be decoded or an image could not be encoded.
///
/// `description` is one line without a path; `ImageLoadError` prefixes the file name.
public enum JPEGError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input has no bytes at all.
    case empty
    /// The input does not start with the JPEG SOI marker (FF D8); holds up to 8 leading bytes.
    case notJPEG(prefix: [UInt8])
    /// libjpeg-turbo reported an error or a warning (truncation, bad Huffman data, ...);
    /// holds its message. Warnings count as errors: a film with corrupt pixels is not shown.
    case corrupt(String)
    /// The header's width x height exceeds the pixel limit; nothing was allocated.
    case tooManyPixels(width: Int, height: Int, limit: Int)
    /// A valid JPEG this decoder does not handle (for example an unusual chroma subsampling).
    case unsupported(String)
    /// The caller passed an image the encoder cannot write (empty, too large, wrong buffer size).
    case invalidInput(String)
    /// libjpeg-turbo failed to create a handle or to compress; holds its message.
    case codecFailure(String)

    /// One line, e.g. `corrupt or truncated JPEG (Premature end of JPEG file)`.
    public var description: String {
        switch self {
        case .empty:
            return "empty file (0 bytes)"
        case .notJPEG(let prefix):
            return "not a JPEG (\(Self.describeStart(prefix)))"
        case .corrupt(let message):
            return "corrupt or truncated JPEG (\(OneLine.clean(message)))"
        case .tooManyPixels(let width, let height, let limit):
            return "\(width)x\(height) pixels exceeds the limit of \(limit) pixels"
        case .unsupported(let message):
            return "unsupported JPEG (\(OneLine.clean(message)))"
        case .invalidInput(let message):
            return "cannot encode JPEG (\(OneLine.clean(message)))"
        case .codecFailure(let message):
            return "JPEG codec failure (\(OneLine.clean(message)))"
        }
    }

    /// Names a well-known other format, or quotes printable leading bytes, or shows them in hex.
    static func describeStart(_ prefix: [UInt8]) -> String {
        if prefix.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "looks like a PNG image" }
        if prefix.starts(with: Array("GIF8".utf8)) { return "looks like a GIF image" }
        if prefix.starts(with: Array("%PDF".utf8)) { return "looks like a PDF document" }
        if prefix.starts(with: [0x49, 0x49, 0x2A, 0x00]) || prefix.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            return "looks like a TIFF image"
        }
        let printable = prefix.allSatisfy { (0x20...0x7E).contains($0) && $0 != 0x22 }
        if printable {
            return "starts with \"\(String(decoding: prefix, as: UTF8.self))\""
        }
        let hex = prefix.map { byte -> String in
            let digits = Array("0123456789ABCDEF")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }
        return "starts with bytes \(hex.joined(separator: " "))"
    }
}

/// Keeps error text on one line: control characters (newlines, tabs, escapes) in file names or
/// library messages become `?`, so a hostile name cannot forge extra log lines.
enum OneLine {
    static func clean(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            out.append(scalar.properties.generalCategory == .control ? "?" : scalar)
        }
        return String(out)
    }
}
