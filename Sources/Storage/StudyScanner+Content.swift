/// A file the scanner skipped, and what kind of file it looked like.
public struct SkippedFile: Hashable, Sendable, CustomStringConvertible {
    /// Path relative to the study root.
    public let path: String
    /// What it is, e.g. `text`, `PDF document`, `empty file`, `unrecognised content`.
    public let kind: String

    /// Creates a record.
    public init(path: String, kind: String) { (self.path, self.kind) = (path, kind) }

    /// `<path>: skipped, not a film (<kind>)`.
    public var description: String { "\(OneLine.clean(path)): skipped, not a film (\(kind))" }
}

extension StudyScanner {
    /// True for names a film is expected under: .jpg, .jpeg, .png, .dcm, .dicom in any case.
    /// Such files are always cases (their decoder says what is wrong); other files are cases
    /// only when their first bytes show a film (`FilmFormat.sniff`), since DICOM files often
    /// have no extension at all.
    public static func isFilmName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".jpg") || lower.hasSuffix(".jpeg") || lower.hasSuffix(".png") || lower.hasSuffix(".dcm") || lower.hasSuffix(".dicom")
    }

    /// What the first bytes of the file at `absolute` show: a film format, or the kind of the
    /// file that is not one. Reads at most `FilmFormat.sniffBytes` bytes.
    static func sniffFile(_ absolute: String) -> Result<FilmFormat, SkipKind> {
        let prefix: [UInt8]
        do { prefix = try ImageFile.readPrefix(path: absolute, count: FilmFormat.sniffBytes) } catch {
            return .failure(SkipKind("unreadable: \(error.reason)"))
        }
        if let format = FilmFormat.sniff(prefix) { return .success(format) }
        return .failure(SkipKind(kind(of: prefix)))
    }

    /// A short name for content that is not a film.
    static func kind(of prefix: [UInt8]) -> String {
        if prefix.isEmpty { return "empty file" }
        let known: [([UInt8], String)] = [
            (Array("%PDF".utf8), "PDF document"), (Array("GIF8".utf8), "GIF image"),
            ([0x49, 0x49, 0x2A, 0x00], "TIFF image"), ([0x4D, 0x4D, 0x00, 0x2A], "TIFF image"),
            ([0x50, 0x4B, 0x03, 0x04], "zip archive"), ([0x1F, 0x8B], "gzip archive"),
            (Array("BM".utf8), "BMP image"), ([0x7F, 0x45, 0x4C, 0x46], "program"),
        ]
        for (magic, name) in known where prefix.starts(with: magic) { return name }
        let isText = prefix.allSatisfy { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 >= 0x20 }
        return isText ? "text" : "unrecognised content"
    }
}

/// Why a file is not a film, as `SkippedFile.kind` says it.
struct SkipKind: Error {
    let text: String
    init(_ text: String) { self.text = text }
}
