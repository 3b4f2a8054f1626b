/// The model card stored as a safetensors file's `__metadata__`: string keys to string values.
///
/// Keys every Lightbox model carries are typed accessors below; anything else (training recipe,
/// validation metrics as JSON, adaptation history) is free text under its own key, so other
/// tools reading the file see the whole card.
public struct ModelCard: Equatable, Sendable {
    /// All entries, as stored.
    public var entries: [String: String]

    public init(entries: [String: String] = [:]) { self.entries = entries }

    public subscript(key: String) -> String? {
        get { entries[key] }
        set { entries[key] = newValue }
    }

    /// Keys the loader requires.
    public static let requiredKeys = ["format", "architecture", "input_size", "threshold",
                                      "calibration_slope", "calibration_intercept", "labels"]

    /// The card's format tag; a loader refuses files with another tag.
    public static let format = "lightbox-pneumonia-cnn/1"

    /// The one-line statement of the data source and its licence.
    public static let dataSource = "Kermany, Zhang, Goldbaum (2018), Large Dataset of Labeled Optical Coherence Tomography (OCT) and Chest X-Ray Images, Mendeley Data V3, doi:10.17632/rscbjbr9sj.3, CC BY 4.0 (training split only)"

    /// The not-a-medical-device notice carried in every card.
    public static let intendedUse = "Research and teaching only. Not a medical device: not for diagnosis or treatment decisions."
}
