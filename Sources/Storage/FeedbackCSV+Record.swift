import Feedback

extension FeedbackCSV {
    /// Maps column names to positions, so files with reordered or extra columns still read.
    public struct Columns: Sendable, Equatable {
        /// The header's names in order.
        public let names: [String]
        private let positions: [String: Int]

        /// Builds the map from a header row; a repeated name maps to its first position.
        public init(_ names: [String]) {
            self.names = names
            var positions: [String: Int] = [:]
            for (index, name) in names.enumerated() where positions[name] == nil {
                positions[name] = index
            }
            self.positions = positions
        }

        /// Position of the column `name`, or nil when the header lacks it.
        public func position(of name: String) -> Int? { positions[name] }

        /// Names from `required` that the header lacks, in `required`'s order.
        public func missing(_ required: [String]) -> [String] {
            required.filter { positions[$0] == nil }
        }
    }

    /// The record's cells in `FeedbackRecord.columnNames` order, unescaped (as values).
    public static func cells(of record: FeedbackRecord) -> [String] {
        [
            record.timestamp.iso8601,
            record.reviewer,
            record.caseID.relativePath,
            record.caseID.sha256 ?? "",
            record.modelID,
            formatNumber(record.probability),
            formatNumber(record.threshold),
            record.predictedLabel?.rawValue ?? "",
            record.verdict.rawValue,
            record.reviewerLabel?.rawValue ?? "",
            record.note,
            storableUID(record.caseID.sopInstanceUID) ?? "",
        ]
    }

    /// The SOP Instance UID as the log keeps it: as written by the film (letters and more than
    /// 64 characters included: films in the wild break the DICOM rule), unless it is empty,
    /// longer than 128 bytes or holds control characters; then nil, and the record is
    /// identified by its SHA-256 alone. The writer and the reader both apply this, so every
    /// line written reads back, and a line is never dropped for its UID.
    public static func storableUID(_ uid: String?) -> String? {
        guard let uid, !uid.isEmpty, uid.utf8.count <= 128,
              !uid.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else { return nil }
        return uid
    }

    /// The log's header line, with its `\n`:
    /// `timestamp,reviewer,case_path,sha256,model_id,probability,threshold,predicted_label,verdict,reviewer_label,note,sop_instance_uid`.
    public static var logHeaderLine: String {
        encodeRow(FeedbackRecord.columnNames) + "\n"
    }

    /// One log line for `record`, with its `\n`: text cells have line breaks escaped and the
    /// last cell (the SOP Instance UID, after the note) is always quoted, so a line cut short
    /// anywhere fails to parse.
    public static func logLine(_ record: FeedbackRecord) -> String {
        encodeRow(cells(of: record).map(escapeLineBreaks), quoteLastField: true) + "\n"
    }

    /// Rebuilds a record from cell values located by `columns`; the error is a short reason.
    public static func record(from cells: [String], columns: Columns) -> Result<FeedbackRecord, RecordError> {
        func cell(_ name: String) -> String {
            guard let position = columns.position(of: name), position < cells.count else { return "" }
            return cells[position]
        }
        guard let timestamp = UTCTimestamp(iso8601: cell("timestamp")) else {
            return .failure(RecordError("timestamp '\(cell("timestamp"))' is not ISO 8601"))
        }
        let reviewer = cell("reviewer")
        guard !reviewer.isEmpty else { return .failure(RecordError("the reviewer is empty")) }
        let path = cell("case_path")
        let sha = cell("sha256")
        guard sha.isEmpty || CaseID.isSHA256Hex(sha) else {
            return .failure(RecordError("sha256 '\(sha)' is not 64 hex digits"))
        }
        guard !path.isEmpty || !sha.isEmpty else {
            return .failure(RecordError("both case_path and sha256 are empty"))
        }
        // An empty probability is a verdict given without a model (see FeedbackRecord).
        let probabilityText = cell("probability")
        let probability: Double
        if probabilityText.isEmpty {
            probability = .nan
        } else if let value = Double(probabilityText), (0...1).contains(value) {
            probability = value
        } else {
            return .failure(RecordError("probability '\(probabilityText)' is not a number in 0...1"))
        }
        guard let threshold = Double(cell("threshold")), (0...1).contains(threshold) else {
            return .failure(RecordError("threshold '\(cell("threshold"))' is not a number in 0...1"))
        }
        /// An optional label column: nil when empty, .failure when not NORMAL or PNEUMONIA.
        func optionalLabel(_ column: String) -> Result<ClassLabel?, RecordError> {
            let text = cell(column)
            if text.isEmpty { return .success(nil) }
            guard let label = ClassLabel(rawValue: text) else {
                return .failure(RecordError("\(column) '\(text)' is not NORMAL or PNEUMONIA"))
            }
            return .success(label)
        }
        let predicted: ClassLabel?
        switch optionalLabel("predicted_label") {
        case .success(let label): predicted = label
        case .failure(let error): return .failure(error)
        }
        guard let verdict = Verdict(rawValue: cell("verdict")) else {
            return .failure(RecordError("verdict '\(cell("verdict"))' is not agree, disagree, retract or note"))
        }
        let reviewerLabel: ClassLabel?
        switch optionalLabel("reviewer_label") {
        case .success(let label): reviewerLabel = label
        case .failure(let error): return .failure(error)
        }
        // Read by name: logs written before the column have no UID (an empty cell). Any UID is
        // accepted as the writer keeps it: a verdict said "saved" comes back.
        let uid = storableUID(cell("sop_instance_uid"))
        return .success(FeedbackRecord(
            timestamp: timestamp, reviewer: reviewer,
            caseID: CaseID(relativePath: path, sha256: sha.isEmpty ? nil : sha, sopInstanceUID: uid),
            modelID: cell("model_id"), probability: probability, threshold: threshold,
            predictedLabel: predicted, verdict: verdict, reviewerLabel: reviewerLabel,
            note: cell("note")))
    }

    /// Why a row's cells do not make a feedback record.
    public struct RecordError: Error, Equatable, CustomStringConvertible {
        /// A short reason naming the column and its bad value.
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// Formats a probability or threshold with the shortest text that reads back exactly.
    /// NaN (no model) is written as an empty cell.
    static func formatNumber(_ value: Double) -> String {
        value.isNaN ? "" : value.description
    }
}
