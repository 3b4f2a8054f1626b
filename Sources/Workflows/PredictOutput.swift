import Foundation
import JSONWriter
import Storage

/// `lightbox predict`'s output formats: a header line (none for jsonl) and one line per film.
public enum PredictOutput: String, CaseIterable, Sendable {
    case table, csv, jsonl

    /// The first line, before any film; nil for jsonl.
    public var header: String? {
        switch self {
        case .table: "path".padding(toLength: 48, withPad: " ", startingAt: 0) + "  p_pneumonia  label      model"
        case .csv: "path,sha256,p_pneumonia,predicted_label,model_id"
        case .jsonl: nil
        }
    }

    /// One film's line: its path, SHA-256, P(pneumonia) (4 decimals), predicted label and model.
    public func row(path: String, sha: String, p: Double, label: String, modelID: String) -> String {
        let probability = String(format: "%.4f", p)
        switch self {
        case .table:
            let (path, modelID) = (visible(path), visible(modelID))
            return path.padding(toLength: max(48, path.count), withPad: " ", startingAt: 0) + "  " + probability
                + "       " + label.padding(toLength: 9, withPad: " ", startingAt: 0) + "  " + modelID
        case .csv:
            // The export's rule: control characters escaped (reversibly), so a row stays one line.
            return FeedbackCSV.outputRow([path, sha, probability, label, modelID])
        case .jsonl:
            let fields = [("path", JSONText.string(path)), ("sha256", JSONText.string(sha)), ("p_pneumonia", probability),
                          ("predicted_label", JSONText.string(label)), ("model_id", JSONText.string(modelID))]
            return fields.reduce(into: JSONObject()) { row, field in row.raw(field.0, field.1) }.text
        }
    }
}
