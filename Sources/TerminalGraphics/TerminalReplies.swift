/// What a terminal said in answer to Lightbox's graphics queries, parsed from the raw bytes
/// read back (kitty query reply, DA1, `CSI 16 t`, `CSI 14 t`); other bytes are skipped.
public struct TerminalReplies: Sendable, Equatable {
    /// The kitty query (id 31) was answered `OK`.
    public var kittyOK = false
    /// The kitty query was answered with an error (the protocol is spoken, the format not).
    public var kittyError: String?
    /// DA1's attributes (`CSI ? 62;4;22 c` gives [62, 4, 22]); nil when no DA1 reply came.
    public var deviceAttributes: [Int]?
    /// From `CSI 6 ; height ; width t`, the reply to `CSI 16 t`.
    public var cellSize: CellPixelSize?
    /// From `CSI 4 ; height ; width t`, the reply to `CSI 14 t` (text area in pixels).
    public var textAreaPixels: (width: Int, height: Int)?

    public init() {}

    /// True when DA1 lists attribute 4 (sixel graphics).
    public var sixel: Bool { deviceAttributes?.contains(4) == true }

    /// True once the DA1 reply has arrived: every terminal answers DA1 and answers in order,
    /// so the replies to the queries sent before it are in by then.
    public var complete: Bool { deviceAttributes != nil }

    public static func == (a: TerminalReplies, b: TerminalReplies) -> Bool {
        a.kittyOK == b.kittyOK && a.kittyError == b.kittyError && a.deviceAttributes == b.deviceAttributes
            && a.cellSize == b.cellSize && a.textAreaPixels?.width == b.textAreaPixels?.width
            && a.textAreaPixels?.height == b.textAreaPixels?.height
    }

    /// Parses every reply found in `bytes` (in any order, possibly with typed keys between).
    public init(parsing bytes: [UInt8]) {
        var i = 0
        while i < bytes.count {
            guard bytes[i] == 0x1B, i + 1 < bytes.count else { i += 1; continue }
            switch bytes[i + 1] {
            case UInt8(ascii: "_"):  // APC ... ST
                guard let end = Self.stringTerminator(in: bytes, from: i + 2) else { return }
                parseKitty(Array(bytes[(i + 2)..<end]))
                i = end + 2
            case UInt8(ascii: "["):  // CSI params final
                var j = i + 2
                while j < bytes.count && (0x30...0x3F).contains(bytes[j]) { j += 1 }
                guard j < bytes.count else { return }
                parseCSI(Array(bytes[(i + 2)..<j]), final: bytes[j])
                i = j + 1
            default:
                i += 1
            }
        }
    }

    private static func stringTerminator(in bytes: [UInt8], from start: Int) -> Int? {
        var j = start
        while j + 1 < bytes.count {
            if bytes[j] == 0x1B && bytes[j + 1] == UInt8(ascii: "\\") { return j }
            j += 1
        }
        return nil
    }

    private mutating func parseKitty(_ body: [UInt8]) {
        let text = String(decoding: body, as: UTF8.self)
        guard text.hasPrefix("G"), let semicolon = text.firstIndex(of: ";") else { return }
        let keys = text[text.index(after: text.startIndex)..<semicolon].split(separator: ",")
        guard keys.contains("i=31") else { return }
        let message = String(text[text.index(after: semicolon)...])
        if message == "OK" { kittyOK = true } else { kittyError = message }
    }

    private mutating func parseCSI(_ parameters: [UInt8], final: UInt8) {
        var text = String(decoding: parameters, as: UTF8.self)
        switch final {
        case UInt8(ascii: "c"):
            guard text.hasPrefix("?") else { return }
            text.removeFirst()
            deviceAttributes = text.split(separator: ";").compactMap { Int($0) }
        case UInt8(ascii: "t"):
            let n = text.split(separator: ";").compactMap { Int($0) }
            guard n.count == 3, n[1] > 0, n[2] > 0 else { return }
            if n[0] == 6 { cellSize = CellPixelSize(width: n[2], height: n[1]) }
            if n[0] == 4 { textAreaPixels = (n[2], n[1]) }
        default:
            return
        }
    }
}
