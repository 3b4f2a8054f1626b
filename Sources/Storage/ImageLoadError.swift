/// Why a file could not be read or decoded; `description` is one line, `<path>: <reason>`.
///
/// Examples: `scan.jpeg: empty file (0 bytes)`, `missing.jpeg: no such file`,
/// `huge.jpeg: 60000x60000 pixels exceeds the limit of 100000000 pixels`.
public struct ImageLoadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The reason, without the path.
    public enum Reason: Equatable, Sendable, CustomStringConvertible {
        /// Nothing exists at the path.
        case noSuchFile
        /// The path is a folder.
        case isFolder
        /// The path is a FIFO, socket or device, which is never read.
        case notRegularFile
        /// The file exists but could not be opened or read; holds the system's reason.
        case unreadable(String)
        /// The file is larger than the byte limit; nothing was read.
        case fileTooLarge(bytes: Int64, limit: Int64)
        /// The bytes are not a decodable JPEG.
        case jpeg(JPEGError)
        /// The bytes are a PNG that cannot be decoded.
        case png(PNGError)
        /// The bytes are DICOM that holds no usable image, or cannot be decoded.
        case dicom(DICOMError)

        /// One line, e.g. `no such file`.
        public var description: String {
            switch self {
            case .noSuchFile: return "no such file"
            case .isFolder: return "is a folder, not a file"
            case .notRegularFile: return "not a regular file"
            case .unreadable(let reason): return "cannot read (\(reason))"
            case .fileTooLarge(let bytes, let limit):
                return "file is \(ByteCount.text(bytes)), above the limit of \(ByteCount.text(limit))"
            case .jpeg(let error): return error.description
            case .png(let error): return error.description
            case .dicom(let error): return error.description
            }
        }
    }

    /// The path as the caller gave it.
    public let path: String
    /// What went wrong.
    public let reason: Reason

    /// Creates an error for `path`.
    public init(path: String, reason: Reason) { (self.path, self.reason) = (path, reason) }

    /// `<path>: <reason>` on one line (control characters in the path become `?`).
    public var description: String { "\(OneLine.clean(path)): \(reason)" }
}

/// Human-readable byte counts for messages: exact bytes below 1 KiB, else one decimal in
/// KiB/MiB/GiB followed by the exact count.
enum ByteCount {
    static func text(_ bytes: Int64) -> String {
        let units: [(String, Int64)] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        for (name, size) in units where bytes >= size {
            let tenths = (bytes * 10 + size / 2) / size
            return "\(tenths / 10).\(tenths % 10) \(name) (\(bytes) bytes)"
        }
        return "\(bytes) bytes"
    }
}
