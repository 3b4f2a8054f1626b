/// The two classes the pneumonia model and the reviewers speak about.
///
/// Raw values are the dataset's folder names, which are also what the feedback log and the
/// export write, so `ClassLabel(rawValue:)` parses a log cell directly.
public enum ClassLabel: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    case normal = "NORMAL"
    case pneumonia = "PNEUMONIA"

    /// The class predicted for a calibrated P(PNEUMONIA): pneumonia at or above `threshold`.
    /// The one place the operating threshold is compared.
    public init(probability: Double, threshold: Double) {
        self = probability >= threshold ? .pneumonia : .normal
    }

    /// The other class; a reviewer who disagrees with a binary prediction means this one.
    public var opposite: ClassLabel {
        switch self {
        case .normal: .pneumonia
        case .pneumonia: .normal
        }
    }
}
