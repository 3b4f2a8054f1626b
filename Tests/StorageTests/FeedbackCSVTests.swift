import Imaging
import Numerics
import Testing
import Storage

@Test("fields are quoted only when they hold a comma, quote, CR or LF, with quotes doubled", arguments: [
    ("plain", "plain"),
    ("", ""),
    ("a,b", "\"a,b\""),
    ("say \"hi\"", "\"say \"\"hi\"\"\""),
    ("two\nlines", "\"two\nlines\""),
    ("cr\rhere", "\"cr\rhere\""),
    ("Łódź ✓ 肺炎", "Łódź ✓ 肺炎"),
])
func encodesFields(value: String, encoded: String) throws {
    #expect(FeedbackCSV.encodeField(value) == encoded)
    let parsed = try FeedbackCSV.parse(FeedbackCSV.encodeRow([value, "end"]))
    #expect(parsed.map(\.fields) == [[value, "end"]])
}

@Test("the parser handles quoted newlines, CRLF, empty fields and reports where records start")
func parsesRecords() throws {
    let text = "a,b,c\r\n\"multi\nline\",\"x,y\",\r\n\n,,\"q\"\"q\"\n"
    let rows = try FeedbackCSV.parse(text)
    #expect(rows.map(\.fields) == [["a", "b", "c"], ["multi\nline", "x,y", ""], ["", "", "q\"q"]])
    #expect(rows.map(\.line) == [1, 2, 5])
    #expect(rows.map(\.lastFieldQuoted) == [false, false, true])
}

@Test("random fields survive writing then parsing")
func randomRoundTrip() throws {
    var rng = SplitMix64(seed: 7)
    let alphabet: [Character] = ["a", "Z", "0", ",", "\"", "\n", "\r", " ", "é", "🫁", "'", "=", "\\"]
    for _ in 0..<300 {
        let fields = (0..<Int.random(in: 1...6, using: &rng)).map { _ in
            String((0..<Int.random(in: 0...8, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
        }
        let text = FeedbackCSV.encodeRow(fields) + "\r\n"
        let rows = try FeedbackCSV.parse(text)
        // A record of one empty field writes as a blank line, which CSV cannot tell from none.
        if fields == [""] { #expect(rows.isEmpty); continue }
        #expect(rows.map(\.fields) == [fields])
    }
}

@Test("malformed CSV is reported with its line", arguments: [
    ("ok\n\"open", FeedbackCSV.ParseError.unterminatedQuote(line: 2)),
    ("a\"b", .strayQuote(line: 1)),
    ("\"a\"b", .textAfterClosingQuote(line: 1)),
])
func reportsMalformed(text: String, error: FeedbackCSV.ParseError) {
    #expect(throws: error) { try FeedbackCSV.parse(text) }
}

@Test("cells that spreadsheets would run get a leading quote, and reading removes exactly it", arguments: [
    ("=HYPERLINK(\"x\")", true), ("+1", true), ("-0.5", true), ("@SUM(A1)", true),
    ("\tx", true), ("\rx", true), ("'=x", true), ("'", true),
    ("0.5", false), ("NORMAL", false), ("a=b", false), ("", false), ("2026-11-26T17:16:45.000Z", false),
])
func escapesInjection(cell: String, escaped: Bool) {
    let out = FeedbackCSV.escapeSpreadsheet(cell)
    #expect(out == (escaped ? "'" + cell : cell))
    #expect(FeedbackCSV.unescapeSpreadsheet(out) == cell)
}

@Test("line breaks and backslashes are escaped for the log and restored exactly")
func lineBreakEscaping() {
    let text = "a\\b\nc\r\nd\\n"
    let escaped = FeedbackCSV.escapeLineBreaks(text)
    #expect(!escaped.contains("\n") && !escaped.contains("\r"))
    #expect(escaped == "a\\\\b\\nc\\r\\nd\\\\n")
    #expect(FeedbackCSV.unescapeLineBreaks(escaped) == text)
    #expect(FeedbackCSV.unescapeLineBreaks("odd \\x and \\") == "odd \\x and \\")
}

@Test("a single log line with a bare CR inside is refused rather than split")
func bareCarriageReturnInLine() {
    #expect(throws: FeedbackCSV.ParseError.unexpectedLineBreak(line: 3)) {
        try FeedbackCSV.parseLine(Array("a,b\rc,\"d\"".utf8), lineNumber: 3)
    }
}
