/// Text from outside (file names, model ids) made safe for a terminal and for line-based output.
///
/// Control characters (C0, DEL, C1) become a visible escape such as `\x1b`, so a name cannot
/// retitle the terminal, move the cursor, or break a line or a tab-separated column; a backslash
/// stays as it is. Machine formats that need the raw bytes (the feedback log, export) do not use it.
public func visible(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var out = ""
    for scalar in text.unicodeScalars {
        if isControl(scalar) {
            let hex = String(scalar.value, radix: 16)
            out += scalar.value <= 0xFF ? "\\x" + (hex.count == 1 ? "0" : "") + hex : "\\u{\(hex)}"
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

/// C0 controls, DEL, C1 controls, and the Unicode line and paragraph separators.
private func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
}
