/// Text attributes a cell can carry, as a set of flags.
public struct CellAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    /// Creates attributes from raw flag bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Bold (SGR 1).
    public static let bold = CellAttributes(rawValue: 1 << 0)
    /// Dim or faint (SGR 2).
    public static let dim = CellAttributes(rawValue: 1 << 1)
    /// Underline (SGR 4).
    public static let underline = CellAttributes(rawValue: 1 << 2)
    /// Reverse video: foreground and background swapped (SGR 7).
    public static let reverse = CellAttributes(rawValue: 1 << 3)
}

extension CellAttributes: CustomStringConvertible {
    /// Flag names joined by `+`, or `none`.
    public var description: String {
        let names = [(CellAttributes.bold, "bold"), (.dim, "dim"), (.underline, "underline"), (.reverse, "reverse")]
            .filter { contains($0.0) }.map(\.1)
        return names.isEmpty ? "none" : names.joined(separator: "+")
    }
}
