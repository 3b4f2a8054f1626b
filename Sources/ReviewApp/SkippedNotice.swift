import Storage

/// The opening notice about files of a study that are not films, or nil when there is nothing
/// worth saying: a study's own documentation at its top (README, LICENSE, notes, in any letter
/// case, with or without an extension) is expected there and not counted.
public enum SkippedNotice {
    /// Names (before any extension, lower-cased) of documentation a study folder may carry.
    static let documentation: Set<String> = ["readme", "license", "licence", "notes", "sha256sums", "manifest"]

    /// True for a documentation file at the study's top.
    public static func isDocumentation(_ file: SkippedFile) -> Bool {
        guard !file.path.contains("/") else { return false }
        let stem = file.path.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? file.path
        return documentation.contains(stem.lowercased())
    }

    /// "2 files skipped, not films (1 PDF document, 1 text); --list-skipped names them", counting
    /// everything but documentation; nil when nothing else was skipped.
    public static func text(_ skipped: [SkippedFile]) -> String? {
        let counted = skipped.filter { !isDocumentation($0) }
        guard !counted.isEmpty else { return nil }
        var byKind: [String: Int] = [:]
        for file in counted { byKind[file.kind, default: 0] += 1 }
        let kinds = byKind.map { "\($0.value) \($0.key)" }.sorted().joined(separator: ", ")
        return "\(counted.count) file\(counted.count == 1 ? "" : "s") skipped, not films (\(kinds)); --list-skipped names them"
    }
}
