/// The one rule for the cells of the CSV files Lightbox writes for people and programs to read
/// (`predict --format csv`, `export`): control characters are escaped so a row stays one line
/// and cannot drive a terminal, a backslash is doubled so the escape can be undone exactly, a
/// cell that a spreadsheet would run gets a leading `'`, then RFC 4180 quoting.
///
/// `ESC]2;x` becomes `\x1b]2;x`, a line feed `\x0a`, `a\b` becomes `a\\b`; `cellValue` undoes
/// it. (The feedback log keeps its own, older escaping of line breaks only.)
extension FeedbackCSV {
    /// One record of output cells, without a line terminator.
    public static func outputRow(_ cells: [String]) -> String {
        encodeRow(cells.map { escapeSpreadsheet(escapeControls($0)) })
    }

    /// The value of a cell read from an output file: undoes `escapeSpreadsheet` and `escapeControls`.
    public static func cellValue(_ cell: String) -> String {
        unescapeControls(unescapeSpreadsheet(cell))
    }

    /// Control characters (C0, DEL, C1, U+2028, U+2029) as `\xNN` or `\u{NNNN}`, and `\` as
    /// `\\` unless `doublingBackslashes` is false (text for people only, which need not be undone).
    public static func escapeControls(_ text: String, doublingBackslashes: Bool = true) -> String {
        guard text.unicodeScalars.contains(where: { ($0 == "\\" && doublingBackslashes) || isControl($0) }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar == "\\" && doublingBackslashes {
                out += "\\\\"
            } else if isControl(scalar) {
                let hex = String(scalar.value, radix: 16)
                out += scalar.value <= 0xFF ? "\\x" + (hex.count == 1 ? "0" : "") + hex : "\\u{\(hex)}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Undoes `escapeControls`; a backslash not starting one of its escapes is kept as written.
    public static func unescapeControls(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        func hexValue(_ digits: ArraySlice<Unicode.Scalar>) -> Unicode.Scalar? {
            guard !digits.isEmpty, digits.allSatisfy({ $0.properties.isASCIIHexDigit }) else { return nil }
            return UInt32(String(String.UnicodeScalarView(digits)), radix: 16).flatMap(Unicode.Scalar.init)
        }
        while i < scalars.count {
            guard scalars[i] == "\\", i + 1 < scalars.count else { out.append(scalars[i]); i += 1; continue }
            let next = scalars[i + 1]
            if next == "\\" {
                out.append("\\"); i += 2
            } else if next == "x", i + 3 < scalars.count, let scalar = hexValue(scalars[(i + 2)..<(i + 4)]) {
                out.append(scalar); i += 4
            } else if next == "u", i + 2 < scalars.count, scalars[i + 2] == "{",
                      let close = scalars[(i + 3)...].firstIndex(of: "}"), let scalar = hexValue(scalars[(i + 3)..<close]) {
                out.append(scalar); i = close + 1
            } else {
                out.append(scalars[i]); i += 1
            }
        }
        return String(out)
    }

    /// C0 controls, DEL, C1 controls, and the Unicode line and paragraph separators.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}
