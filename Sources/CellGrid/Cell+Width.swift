extension Cell {
    /// Terminal columns a grapheme occupies: 0 (controls, lone combining marks, format
    /// characters), 2 (East Asian wide/fullwidth, emoji presentation) or 1.
    ///
    /// A small table rather than wcwidth(3) so the module stays free of locale state;
    /// East Asian "ambiguous" characters (including the block elements) count as 1.
    public static func columnWidth(of character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if first.isASCII { return first.value < 0x20 || first.value == 0x7F ? 0 : 1 }
        switch first.properties.generalCategory {
        case .control, .format, .nonspacingMark, .enclosingMark, .lineSeparator, .paragraphSeparator:
            return 0
        default: break
        }
        if first.properties.isEmojiPresentation { return 2 }
        if first.properties.isEmoji && character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return isEastAsianWide(first.value) ? 2 : 1
    }

    /// The longest start of `text` that fits in `columns` columns, and the columns it takes.
    /// Whole characters only: a wide character that would straddle the edge is left out (the
    /// caller pads the column it leaves), never split into half a glyph or a U+FFFD.
    public static func prefix(of text: String, columns: Int) -> (text: String, width: Int) {
        var out = "", used = 0
        for character in text {
            let w = columnWidth(of: character)
            if used + w > columns { break }
            out.append(character)
            used += w
        }
        return (out, used)
    }

    /// The longest end of `text` that fits in `columns` columns, and the columns it takes;
    /// whole characters only, as `prefix(of:columns:)`.
    public static func suffix(of text: String, columns: Int) -> (text: String, width: Int) {
        var start = text.endIndex, used = 0
        while start > text.startIndex {
            let before = text.index(before: start)
            let w = columnWidth(of: text[before])
            if used + w > columns { break }
            start = before
            used += w
        }
        return (String(text[start...]), used)
    }

    /// Columns the cell's symbol occupies (0 for a continuation cell).
    public var columnWidth: Int {
        symbol.first.map { Cell.columnWidth(of: $0) } ?? 0
    }

    private static func isEastAsianWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
             0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
