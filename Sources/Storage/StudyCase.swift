import Feedback

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
    public func computeIdentity() throws(ImageLoadError) -> CaseID {
        CaseID(relativePath: relativePath, sha256: SHA256.hex(try computeSHA256()))
    }
}
