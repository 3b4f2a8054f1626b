/// One film found in a study folder. Opening a study only lists files; the content hash that
/// completes a case's identity is computed on demand (`computeIdentity`) or by `HashCache`.
public struct StudyCase: Hashable, Sendable {
    /// Path relative to the study root, '/'-separated (for a single-file study, the file name).
    public let relativePath: String
    /// Absolute path used to open the file (symlinks inside the study are not resolved).
    public let absolutePath: String
    /// File size in bytes when scanned.
    public let fileSize: Int64
    /// The nearest ancestor folder within the study named NORMAL or PNEUMONIA (any case), if any.
    public let referenceLabel: ReferenceLabel?

    /// Creates a case with an explicit label.
    public init(relativePath: String, absolutePath: String, fileSize: Int64, referenceLabel: ReferenceLabel?) {
        self.relativePath = relativePath
        self.absolutePath = absolutePath
        self.fileSize = fileSize
        self.referenceLabel = referenceLabel
    }

    /// Creates a case labelled by the nearest NORMAL/PNEUMONIA folder in `relativePath`.
    public init(relativePath: String, absolutePath: String, fileSize: Int64) {
        self.init(relativePath: relativePath, absolutePath: absolutePath, fileSize: fileSize,
                  referenceLabel: ReferenceLabel.nearest(inRelativePath: relativePath))
    }

    /// SHA-256 (32 bytes) of the file's current bytes, read in chunks.
    public func computeSHA256() throws(ImageLoadError) -> [UInt8] {
        try SHA256.hashFile(path: absolutePath)
    }

    /// The case's identity: its relative path plus the SHA-256 of its bytes.
    public func computeIdentity() throws(ImageLoadError) -> CaseIdentity {
        CaseIdentity(relativePath: relativePath, sha256Hex: SHA256.hex(try computeSHA256()))
    }
}

/// Identity of a film across sessions: where it sits in the study and what its bytes are, so a
/// renamed copy or an edited file is never mistaken for a reviewed one.
public struct CaseIdentity: Hashable, Sendable, CustomStringConvertible {
    /// Path relative to the study root, '/'-separated.
    public let relativePath: String
    /// SHA-256 of the file's bytes, 64 lowercase hex characters.
    public let sha256Hex: String

    /// Creates an identity from its parts.
    public init(relativePath: String, sha256Hex: String) {
        self.relativePath = relativePath
        self.sha256Hex = sha256Hex
    }

    /// `<relativePath>@<first 12 hex digits>`, for logs.
    public var description: String { "\(relativePath)@\(sha256Hex.prefix(12))" }
}
