import Feedback

/// The `lightbox export` file: one row per (image, reviewer) with the standing verdict, and
/// its reader for `lightbox train --feedback` and `lightbox adapt --feedback`.
///
/// The file is UTF-8 without a byte-order mark, RFC 4180 with CRLF record ends and a header
/// row (the log's required columns, then `label_for_training`). Every cell is written by
/// `FeedbackCSV.outputRow` (the rule `predict --format csv` uses too): control characters
/// escaped, and a name such as `=cmd()` or `-x.jpeg` arrives as `'=cmd()` / `'-x.jpeg` in
/// pandas too; `read` undoes both.
public enum FeedbackExport {
    /// Header of the export, in order: the log's required columns (no SOP Instance UID: the
    /// export carries no identifying DICOM field), then `label_for_training`.
    public static let columnNames = FeedbackRecord.requiredColumnNames + ["label_for_training"]

    /// One row of an export as a training consumer needs it.
    public struct Entry: Sendable, Equatable, Hashable {
        /// Path of the image relative to the study folder.
        public var relativePath: String
        /// Lower-case hex SHA-256 of the image, empty when the log had none.
        public var sha256: String
        /// The label to train on.
        public var labelForTraining: ClassLabel
        /// Who gave the verdict.
        public var reviewer: String

        /// Creates an entry.
        public init(relativePath: String, sha256: String, labelForTraining: ClassLabel, reviewer: String) {
            self.relativePath = relativePath
            self.sha256 = sha256
            self.labelForTraining = labelForTraining
            self.reviewer = reviewer
        }
    }

    /// The standing verdicts after folding `records` in log order, one per (image, reviewer),
    /// sorted by case path then reviewer: those with a label, and deferred films (verdict
    /// `defer`, empty `label_for_training`: they need a second read).
    public static func rows(from records: some Sequence<FeedbackRecord>) -> [FeedbackRecord] {
        StandingVerdicts(records).all.filter { $0.labelForTraining != nil || $0.verdict == .deferred }
    }

    /// The export file's text for `rows` (normally from `rows(from:)`), header included.
    public static func csvText(_ rows: [FeedbackRecord]) -> String {
        var text = FeedbackCSV.encodeRow(columnNames) + "\r\n"
        for row in rows {
            let logCells = zip(FeedbackRecord.columnNames, FeedbackCSV.cells(of: row))
                .filter { !FeedbackRecord.optionalColumnNames.contains($0.0) }.map(\.1)
            let cells = logCells + [row.labelForTraining?.rawValue ?? ""]
            text += FeedbackCSV.outputRow(cells) + "\r\n"
        }
        return text
    }

    /// Parses an export, skipping deferred films; `source` names the file in errors. Columns are found by header
    /// name, so extra or reordered columns are fine; a leading byte-order mark is ignored.
    public static func read(_ text: String, source: String) throws(FeedbackExportError) -> [Entry] {
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        let rows: [FeedbackCSV.Row]
        do {
            rows = try FeedbackCSV.parse(String(body))
        } catch {
            throw .malformed(source: source, reason: error.description)
        }
        guard let header = rows.first else { throw .missingColumns(source: source, names: ["header row"]) }
        let columns = FeedbackCSV.Columns(header.fields.map(FeedbackCSV.cellValue))
        let required = ["case_path", "sha256", "label_for_training", "reviewer"]
        let missing = columns.missing(required)
        guard missing.isEmpty else { throw .missingColumns(source: source, names: missing) }
        var entries: [Entry] = []
        for row in rows.dropFirst() {
            func cell(_ name: String) -> String {
                let position = columns.position(of: name)!
                return position < row.fields.count ? FeedbackCSV.cellValue(row.fields[position]) : ""
            }
            let labelText = cell("label_for_training")
            // A deferred film (needs a second read) has no label to train on.
            if labelText.isEmpty, columns.missing(["verdict"]).isEmpty, cell("verdict") == Verdict.deferred.rawValue { continue }
            guard let label = ClassLabel(rawValue: labelText) else {
                throw .malformed(source: source, reason: "line \(row.line): label_for_training '\(labelText)' is not NORMAL or PNEUMONIA")
            }
            let sha = cell("sha256").lowercased()
            guard sha.isEmpty || CaseID.isSHA256Hex(sha) else {
                throw .malformed(source: source, reason: "line \(row.line): sha256 '\(sha)' is not 64 hex digits")
            }
            entries.append(Entry(relativePath: cell("case_path"), sha256: sha,
                                 labelForTraining: label, reviewer: cell("reviewer")))
        }
        return entries
    }
}

/// Why a feedback export could not be read; each names the file.
public enum FeedbackExportError: Error, Equatable, CustomStringConvertible {
    /// The header lacks columns the reader needs.
    case missingColumns(source: String, names: [String])
    /// The text is not valid CSV or a row has a bad value.
    case malformed(source: String, reason: String)
    /// The export file could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .missingColumns(let source, let names):
            "\(source): not a feedback export: missing \(names.joined(separator: ", "))"
        case .malformed(let source, let reason):
            "\(source): \(reason)"
        case .cannotWrite(let path, let reason):
            "\(path): cannot write the export: \(reason)"
        }
    }
}
