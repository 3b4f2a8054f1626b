/// The CSV dialect of the feedback log and its export: RFC 4180 fields, spreadsheet-injection
/// escaping, and the log's line-break escaping.
///
/// Parsing works on UTF-8 bytes: the delimiters (comma, quote, CR, LF) are ASCII and never
/// occur inside a multi-byte UTF-8 sequence, so any UTF-8 text passes through unchanged.
public enum FeedbackCSV {
    /// One record as parsed: its fields and the physical line (1-based) it starts on.
    public struct Row: Sendable, Equatable {
        /// The unquoted field values.
        public var fields: [String]
        /// Physical line number (1-based) of the record's first byte.
        public var line: Int
        /// True when the last field was enclosed in quotes (the log always quotes its last
        /// field, which is how a line cut short inside it is told from a complete one).
        public var lastFieldQuoted: Bool
    }

    /// Why a piece of CSV text is not valid RFC 4180.
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        /// A quoted field runs to the end of the text without its closing quote.
        case unterminatedQuote(line: Int)
        /// A quote appears inside an unquoted field.
        case strayQuote(line: Int)
        /// Something other than a comma or line end follows a closing quote.
        case textAfterClosingQuote(line: Int)
        /// A line break outside quotes inside text that must be a single line.
        case unexpectedLineBreak(line: Int)

        public var description: String {
            switch self {
            case .unterminatedQuote(let line): "line \(line): a quoted field is not closed"
            case .strayQuote(let line): "line \(line): a quote inside an unquoted field"
            case .textAfterClosingQuote(let line): "line \(line): text after a closing quote"
            case .unexpectedLineBreak(let line): "line \(line): a line break outside quotes"
            }
        }
    }

    // MARK: Writing

    /// Encodes one field per RFC 4180: quoted (with quotes doubled) when it contains a comma,
    /// quote, CR or LF, or when `alwaysQuote` is set; otherwise as is.
    public static func encodeField(_ value: String, alwaysQuote: Bool = false) -> String {
        let needsQuotes = alwaysQuote || value.utf8.contains { byte in
            byte == comma || byte == quote || byte == cr || byte == lf
        }
        guard needsQuotes else { return value }
        var out = "\""
        for character in value.unicodeScalars {
            if character == "\"" { out += "\"\"" } else { out.unicodeScalars.append(character) }
        }
        return out + "\""
    }

    /// Encodes fields as one RFC 4180 record without a line terminator.
    public static func encodeRow(_ fields: [String], quoteLastField: Bool = false) -> String {
        fields.enumerated().map { index, field in
            encodeField(field, alwaysQuote: quoteLastField && index == fields.count - 1)
        }.joined(separator: ",")
    }

    // MARK: Parsing

    /// Parses RFC 4180 text into records; quoted fields may hold commas, quotes and line breaks.
    ///
    /// Records end at LF or CRLF (a lone CR outside quotes also ends one); the last record
    /// may lack a terminator. Blank lines are skipped. Throws on the first malformed record.
    public static func parse(_ text: String) throws(ParseError) -> [Row] {
        let bytes = Array(text.utf8)
        var rows: [Row] = []
        var index = bytes.startIndex
        var line = 1
        while index < bytes.endIndex {
            if bytes[index] == lf || bytes[index] == cr {  // blank line
                if bytes[index] == cr, index + 1 < bytes.endIndex, bytes[index + 1] == lf { index += 1 }
                index += 1
                line += 1
                continue
            }
            let startLine = line
            let (fields, lastQuoted, next, lines) = try parseRecord(bytes, from: index, line: line)
            rows.append(Row(fields: fields, line: startLine, lastFieldQuoted: lastQuoted))
            index = next
            line += lines
        }
        return rows
    }

    /// Parses exactly one line (no line terminator inside or at the end) as one record.
    public static func parseLine(_ line: some Collection<UInt8>, lineNumber: Int = 1) throws(ParseError) -> Row {
        let bytes = Array(line)
        let (fields, lastQuoted, next, _) = try parseRecord(bytes, from: 0, line: lineNumber)
        // A line break inside the line would end the record early; refuse the rest.
        guard next >= bytes.count else { throw .unexpectedLineBreak(line: lineNumber) }
        return Row(fields: fields, line: lineNumber, lastFieldQuoted: lastQuoted)
    }

    /// Parses one record starting at `start`; returns its fields, whether the last was quoted,
    /// the index after its terminator, and how many line breaks were consumed.
    private static func parseRecord(_ b: [UInt8], from start: Int, line: Int) throws(ParseError)
        -> ([String], Bool, Int, Int)
    {
        var fields: [String] = []
        var field: [UInt8] = []
        var i = start
        var lines = 0
        var quoted = false
        while true {
            // At the start of a field.
            field.removeAll(keepingCapacity: true)
            quoted = false
            if i < b.count, b[i] == quote {
                quoted = true
                i += 1
                while true {
                    guard i < b.count else { throw .unterminatedQuote(line: line) }
                    let byte = b[i]
                    if byte == quote {
                        if i + 1 < b.count, b[i + 1] == quote {
                            field.append(quote)
                            i += 2
                        } else {
                            i += 1
                            break
                        }
                    } else {
                        if byte == lf { lines += 1 }
                        field.append(byte)
                        i += 1
                    }
                }
                if i < b.count, b[i] != comma, b[i] != lf, b[i] != cr {
                    throw .textAfterClosingQuote(line: line + lines)
                }
            } else {
                while i < b.count, b[i] != comma, b[i] != lf, b[i] != cr {
                    if b[i] == quote { throw .strayQuote(line: line + lines) }
                    field.append(b[i])
                    i += 1
                }
            }
            fields.append(String(decoding: field, as: UTF8.self))
            if i < b.count, b[i] == comma {
                i += 1
                continue
            }
            // End of record: consume LF, CRLF or CR.
            if i < b.count {
                if b[i] == cr, i + 1 < b.count, b[i + 1] == lf { i += 1 }
                i += 1
                lines += 1
            }
            return (fields, quoted, i, lines)
        }
    }

    // MARK: Spreadsheet injection

    /// Makes a cell inert in spreadsheets by prefixing `'` when it starts with `=`, `+`, `-`,
    /// `@`, tab or CR (which Excel, LibreOffice and Sheets may run as a formula) or with `'`
    /// itself (so `unescapeSpreadsheet` can always remove exactly one and lose nothing).
    ///
    /// Every cell is treated alike, numbers included: the export's numbers (probability,
    /// threshold) are never negative, so no number is ever changed.
    public static func escapeSpreadsheet(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first else { return cell }
        switch first {
        case "=", "+", "-", "@", "\t", "\r", "'": return "'" + cell
        default: return cell
        }
    }

    /// Undoes `escapeSpreadsheet`: drops one leading `'`.
    public static func unescapeSpreadsheet(_ cell: String) -> String {
        cell.hasPrefix("'") ? String(cell.dropFirst()) : cell
    }

    // MARK: Line-break escaping (log only)

    /// Escapes `\`, CR and LF as `\\`, `\r`, `\n`, so that every log record is one physical
    /// line and a crash can cut at most the last one.
    public static func escapeLineBreaks(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == backslash || $0 == cr || $0 == lf }) else { return text }
        return text.unicodeScalars.reduce(into: "") { out, scalar in
            if let escape = lineBreakEscapes[scalar] { out += escape } else { out.unicodeScalars.append(scalar) }
        }
    }

    /// What `escapeLineBreaks` writes for each escaped scalar.
    private static let lineBreakEscapes: [Unicode.Scalar: String] = ["\\": "\\\\", "\r": "\\r", "\n": "\\n"]

    /// Undoes `escapeLineBreaks`; an unknown escape such as `\x` is kept as written.
    public static func unescapeLineBreaks(_ text: String) -> String {
        guard text.utf8.contains(backslash) else { return text }
        var out = ""
        var pendingBackslash = false
        for scalar in text.unicodeScalars {
            if pendingBackslash {
                switch scalar {
                case "\\": out += "\\"
                case "r": out += "\r"
                case "n": out += "\n"
                default: out += "\\"; out.unicodeScalars.append(scalar)
                }
                pendingBackslash = false
            } else if scalar == "\\" {
                pendingBackslash = true
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        if pendingBackslash { out += "\\" }
        return out
    }

    static let comma = UInt8(ascii: ",")
    static let quote = UInt8(ascii: "\"")
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let backslash = UInt8(ascii: "\\")
}
