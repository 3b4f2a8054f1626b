/// Wraps escape sequences so tmux hands them to the outer terminal (needs tmux's
/// `allow-passthrough on`): `ESC P tmux; <sequence with every ESC doubled> ESC \`.
public enum TmuxPassthrough {
    /// `sequence` wrapped in one tmux passthrough DCS.
    public static func wrap(_ sequence: String) -> String {
        var out = "\u{1B}Ptmux;"
        out.reserveCapacity(sequence.utf8.count + 16)
        for scalar in sequence.unicodeScalars {
            if scalar == "\u{1B}" { out.unicodeScalars.append(scalar) }
            out.unicodeScalars.append(scalar)
        }
        return out + "\u{1B}\\"
    }
}

extension TmuxPassthrough {
    /// Wraps each escape sequence of `text` (each piece ending in the string terminator
    /// `ESC \`) in its own passthrough DCS, so no single one outgrows tmux's input buffer
    /// (kitty chunks are 4 KiB each). A tail without a terminator is wrapped as it is.
    public static func wrapEach(_ text: String) -> String {
        var out = ""
        var piece = ""
        var previousWasEscape = false
        for scalar in text.unicodeScalars {
            piece.unicodeScalars.append(scalar)
            if previousWasEscape && scalar == "\\" {
                out += wrap(piece)
                piece = ""
                previousWasEscape = false
            } else {
                previousWasEscape = scalar == "\u{1B}"
            }
        }
        if !piece.isEmpty { out += wrap(piece) }
        return out
    }
}
