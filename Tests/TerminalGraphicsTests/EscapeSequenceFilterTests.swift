import Testing
@testable import TerminalGraphics

@Suite("escape sequences are swallowed, keys pass")
struct EscapeSequenceFilterTests {
    /// The keys `text` yields when every character arrives at `at`.
    static func keys(_ text: String, at: Int = 0, into filter: inout EscapeSequenceFilter) -> String {
        let codes = text.unicodeScalars.flatMap { filter.feed($0.value, at: at) }
        return String(String.UnicodeScalarView(codes.compactMap(Unicode.Scalar.init)))
    }

    static func keys(_ text: String) -> String {
        var filter = EscapeSequenceFilter()
        return keys(text, into: &filter)
    }

    @Test("the replies to the graphics queries yield no key, typed keys around them do")
    func replies() {
        #expect(Self.keys("\u{1B}[6;20;10t") == "")
        #expect(Self.keys("\u{1B}[4;800;1200t") == "")
        #expect(Self.keys("\u{1B}_Gi=31;OK\u{1B}\\") == "")
        #expect(Self.keys("\u{1B}[?62;c") == "")
        #expect(Self.keys("\u{1B}[?63;1;2;4;6;9;15;16;22;28c") == "")
        #expect(Self.keys("j\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[6;20;10t\u{1B}[?62;ck") == "jk")
        // A kitty error whose text holds verdict keys, ^C inside a CSI, a DCS, an OSC ended by BEL.
        #expect(Self.keys("\u{1B}_Gi=31;EINVAL:a x u 2 q\u{1B}\\") == "")
        #expect(Self.keys("\u{1B}[2\u{03};6a") == "")
        #expect(Self.keys("\u{1B}P1$raxu2q\u{1B}\\") == "")
        #expect(Self.keys("\u{1B}]11;rgb:axu2/q\u{07}a") == "a")
        // C1 forms (decoded characters), SS3, ESC with intermediates.
        #expect(Self.keys("\u{9B}6;20;10t\u{9F}Gi=31;axu2q\u{9C}x") == "x")
        #expect(Self.keys("\u{1B}OPa\u{1B}(Bu") == "au")
    }

    @Test("a reply cut anywhere, with time between its pieces, still yields no key")
    func splitReply() {
        let reply = Array("\u{1B}_Gi=31;axu2q\u{1B}\\\u{1B}[6;20;10t\u{1B}[?62;c".unicodeScalars)
        for cut in 1..<reply.count {
            var filter = EscapeSequenceFilter()
            var out: [UInt32] = []
            for s in reply[..<cut] { out += filter.feed(s.value, at: 0) }
            out += filter.expire(at: 40)   // less than the Escape key's wait
            for s in reply[cut...] { out += filter.feed(s.value, at: 40) }
            out += filter.expire(at: 5000)
            #expect(out.isEmpty, "cut at \(cut)")
        }
    }

    @Test("a lone ESC is the Escape key once its wait passes; ESC then Enter is Escape, Enter")
    func escapeKey() {
        var filter = EscapeSequenceFilter(escapeKeyMilliseconds: 60)
        #expect(filter.feed(0x1B, at: 100).isEmpty)
        #expect(filter.insideSequence && !filter.insideReply)
        #expect(filter.nextDeadline == 160)
        #expect(filter.expire(at: 159).isEmpty)
        #expect(filter.expire(at: 160) == [0x1B])
        #expect(!filter.insideSequence && filter.nextDeadline == nil)
        // Escape, then a key much later: both.
        #expect(filter.feed(0x1B, at: 200).isEmpty)
        #expect(filter.feed(UInt32(UInt8(ascii: "j")), at: 300) == [0x1B, UInt32(UInt8(ascii: "j"))])
        #expect(filter.feed(0x1B, at: 400).isEmpty)
        #expect(filter.feed(13, at: 401) == [0x1B, 13])
    }

    @Test("a sequence never terminated is dropped after silence, then keys act again")
    func stale() {
        var filter = EscapeSequenceFilter(staleMilliseconds: 1000)
        #expect(Self.keys("\u{1B}_Gi=31;a", at: 0, into: &filter) == "")
        #expect(filter.insideReply)
        #expect(Self.keys("x", at: 500, into: &filter) == "")       // still inside the string
        #expect(filter.nextDeadline == 1500)
        #expect(filter.expire(at: 1499).isEmpty && filter.insideReply)
        #expect(filter.expire(at: 1500).isEmpty && !filter.insideSequence)
        #expect(Self.keys("a", at: 1600, into: &filter) == "a")
        // Without calling expire: the next key after the silence acts.
        #expect(Self.keys("\u{1B}[6;2", at: 2000, into: &filter) == "")
        #expect(Self.keys("d", at: 3100, into: &filter) == "d")
    }

    @Test("raw bytes: UTF-8 continuation bytes are not C1 controls")
    func bytes() {
        var filter = EscapeSequenceFilter()
        // "ě" is C4 9B: 9B alone would be CSI.
        let typed = Array("ěa".utf8)
        #expect(filter.feed(bytes: typed, at: 0) == typed.map(UInt32.init))
        #expect(filter.feed(bytes: Array("\u{1B}[6;20;10t".utf8), at: 0).isEmpty)
    }
}
