/// A terminal colour: the terminal's own default, an xterm 256-colour palette index, or 24-bit RGB.
public enum TerminalColor: Hashable, Sendable {
    /// The terminal's configured default foreground or background.
    case `default`
    /// An index into the xterm 256-colour palette (0-15 system, 16-231 cube, 232-255 grey ramp).
    case palette(UInt8)
    /// A 24-bit colour, each channel 0...255.
    case rgb(UInt8, UInt8, UInt8)
}

extension TerminalColor: CustomStringConvertible {
    /// A compact spelling for snapshots: `default`, `p232`, `rgb(1,2,3)`.
    public var description: String {
        switch self {
        case .default: "default"
        case .palette(let index): "p\(index)"
        case .rgb(let r, let g, let b): "rgb(\(r),\(g),\(b))"
        }
    }
}
