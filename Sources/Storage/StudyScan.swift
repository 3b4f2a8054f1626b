/// The result of scanning a study folder: the films found, in byte-wise order of relative path,
/// and what was skipped or could not be read.
public struct StudyScan: Equatable, Sendable {
    /// The root as the caller gave it.
    public let root: String
    /// The root made absolute (not symlink-resolved).
    public let absoluteRoot: String
    /// Films (JPEG, PNG and DICOM names, or any file whose first bytes show a film), sorted by the UTF-8 bytes of `relativePath`.
    public let cases: [StudyCase]
    /// Entries whose name starts with '.', skipped (hidden folders are not entered).
    public let skippedHidden: Int
    /// Regular files that are not films, skipped (by name kept for old callers; see `skipped`).
    public let skippedNonFilms: Int
    /// Entries that could not be used (loops, dangling links, unreadable), sorted by path.
    public let problems: [ScanProblem]
    /// Regular files skipped because their content is not a film, with what they looked like,
    /// sorted by path.
    public let skipped: [SkippedFile]

    /// How many skipped files of each kind, e.g. `["text": 2, "PDF document": 1]`.
    public var skippedByKind: [String: Int] {
        skipped.reduce(into: [:]) { $0[$1.kind, default: 0] += 1 }
    }
}

/// Something in a study that could not be scanned; never fatal for the rest of the study.
public struct ScanProblem: Hashable, Sendable, CustomStringConvertible {
    /// Path relative to the study root, '/'-separated.
    public let path: String
    /// One-line reason, e.g. `dangling symlink (target does not exist)`.
    public let reason: String

    /// Creates a problem record.
    public init(path: String, reason: String) { (self.path, self.reason) = (path, reason) }

    /// `<path>: <reason>` on one line.
    public var description: String { "\(OneLine.clean(path)): \(reason)" }
}

/// Why a study could not be opened at all; `description` is one line, `<path>: <reason>`.
public enum StudyScanError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing exists at the root path.
    case noSuchPath(String)
    /// The root exists but cannot be listed or examined; holds the system's reason.
    case unreadableRoot(String, reason: String)
    /// The root is a file that is not a .jpg/.jpeg, or not a regular file or folder.
    case notAStudy(String)
    /// The folder holds no films (counts say what was there instead).
    case noImages(String, skippedNonFilms: Int, skippedHidden: Int, problems: Int)

    /// One line, e.g. `empty: no films (JPEG, PNG or DICOM) found (2 other files, 1 hidden entry skipped)`.
    public var description: String {
        switch self {
        case .noSuchPath(let path):
            return "\(OneLine.clean(path)): no such file or folder"
        case .unreadableRoot(let path, let reason):
            return "\(OneLine.clean(path)): cannot open study (\(reason))"
        case .notAStudy(let path):
            return "\(OneLine.clean(path)): not a folder or a film (JPEG, PNG or DICOM)"
        case .noImages(let path, let other, let hidden, let problems):
            var details = ["\(other) other file\(other == 1 ? "" : "s")",
                           "\(hidden) hidden entr\(hidden == 1 ? "y" : "ies") skipped"]
            if problems > 0 { details.append("\(problems) unreadable entr\(problems == 1 ? "y" : "ies")") }
            return "\(OneLine.clean(path)): no films (JPEG, PNG or DICOM) found (\(details.joined(separator: ", ")))"
        }
    }
}
