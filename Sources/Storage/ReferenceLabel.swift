import Feedback

/// The ground-truth class a study folder assigns to a film (from folder names such as the
/// Kermany dataset's `NORMAL/` and `PNEUMONIA/`): the same two classes as a verdict's label.
public typealias ReferenceLabel = ClassLabel

extension ClassLabel {
    /// The label a folder name stands for, in any letter case (`Normal`, `pneumonia`), or nil.
    public init?(folderName: String) {
        switch folderName.uppercased() {
        case "NORMAL": self = .normal
        case "PNEUMONIA": self = .pneumonia
        default: return nil
        }
    }

    /// The label of the nearest ancestor folder in a '/'-separated path relative to the study
    /// root; the last component is the file name and is not considered.
    public static func nearest(inRelativePath relativePath: String) -> ReferenceLabel? {
        let folders = relativePath.split(separator: "/", omittingEmptySubsequences: true).dropLast()
        for folder in folders.reversed() {
            if let label = ReferenceLabel(folderName: String(folder)) { return label }
        }
        return nil
    }
}
