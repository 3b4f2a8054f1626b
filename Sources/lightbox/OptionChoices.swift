import Workflows

/// An option's values, listed in its help from the type itself, so a value added to the type
/// is in the help and a value removed is gone from it.
protocol DescribedChoice: CaseIterable, RawRepresentable<String> {
    /// A few words said in parentheses after the value in the help, or nil.
    var gloss: String? { get }
}

extension DescribedChoice {
    var gloss: String? { nil }

    /// The values for a help text: `symbols (block characters), kitty, sixel or auto (...)`.
    static var choiceList: String {
        let items = allCases.map { value in value.gloss.map { "\(value.rawValue) (\($0))" } ?? value.rawValue }
        guard items.count > 1 else { return items.joined() }
        return items.dropLast().joined(separator: ", ") + " or " + items.last!
    }
}

extension SynthSession.Format: DescribedChoice {
    var gloss: String? {
        switch self {
        case .jpeg: nil
        case .png: "8-bit grey"
        case .png16: "16-bit grey"
        case .dicom: nil
        }
    }
}
