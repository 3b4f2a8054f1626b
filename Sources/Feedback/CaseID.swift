/// Identifies one film: where it sits in the study and, once hashed, what its bytes are.
///
/// The path is what the reviewer sees; the SHA-256 is what verdicts are matched by, so a
/// film that is renamed or moved inside the study keeps its verdicts.
public struct CaseID: Sendable, Equatable, Hashable {
    /// Path of the image relative to the study folder, with `/` separators.
    public var relativePath: String
    /// Lower-case hex SHA-256 (64 characters) of the file's bytes; nil until it is computed.
    public var sha256: String?
    /// The DICOM SOP Instance UID, when the film is DICOM and was read; a second identity that
    /// survives re-encoding (another transfer syntax gives other bytes, the same UID).
    public var sopInstanceUID: String?

    /// Creates a case identity; `sha256` is stored lower-cased.
    public init(relativePath: String, sha256: String? = nil, sopInstanceUID: String? = nil) {
        self.relativePath = relativePath
        self.sha256 = sha256.map { $0.lowercased() }
        self.sopInstanceUID = sopInstanceUID
    }

    /// The key verdicts are matched by: the SHA-256 when known, else the path (prefixed so
    /// the two can never collide).
    public var matchKey: String {
        if let sha256, !sha256.isEmpty { return sha256 }
        return "path:" + relativePath
    }

    /// True when `text` is 64 hexadecimal digits, the shape of a SHA-256 digest.
    public static func isSHA256Hex(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
        }
    }
}
