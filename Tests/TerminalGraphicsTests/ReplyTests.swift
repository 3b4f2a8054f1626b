import GraphicsTestSupport
import Testing
@testable import TerminalGraphics

@Suite("terminal replies and the graphics choice")
struct ReplyTests {
    // Replies recorded from (or documented for) real terminals.
    static let kitty = "\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[6;20;10t\u{1B}[4;800;1200t\u{1B}[?62;c"
    static let xtermVT340 = "\u{1B}[6;15;7t\u{1B}[?63;1;2;4;6;9;15;16;22;28c"
    static let vte = "\u{1B}[?65;1;9c"
    static let kittyBadFormat = "\u{1B}_Gi=31;EINVAL:unsupported format\u{1B}\\\u{1B}[?62;c"

    @Test("kitty's OK, the cell size and the text area are read; DA1 completes the replies")
    func kittyReplies() {
        let r = TerminalReplies(parsing: Array(Self.kitty.utf8))
        #expect(r.kittyOK && !r.sixel && r.complete)
        #expect(r.cellSize == CellPixelSize(width: 10, height: 20))
        #expect(r.textAreaPixels?.width == 1200 && r.textAreaPixels?.height == 800)
        #expect(r.deviceAttributes == [62])
    }

    @Test("attribute 4 in DA1 means sixel; other terminals neither; a cut-off reply is incomplete")
    func sixelAndOthers() {
        let xterm = TerminalReplies(parsing: Array(Self.xtermVT340.utf8))
        #expect(xterm.sixel && !xterm.kittyOK && xterm.cellSize == CellPixelSize(width: 7, height: 15))
        let vte = TerminalReplies(parsing: Array(("j" + Self.vte).utf8))  // a key typed meanwhile
        #expect(!vte.sixel && !vte.kittyOK && vte.complete)
        #expect(!TerminalReplies(parsing: Array("\u{1B}[?63;4".utf8)).complete)
        let bad = TerminalReplies(parsing: Array(Self.kittyBadFormat.utf8))
        #expect(!bad.kittyOK && bad.kittyError == "EINVAL:unsupported format")
    }

    @Test("auto picks kitty, then sixel, then blocks; tmux and silence fall back with a reason")
    func choice() {
        let kitty = TerminalReplies(parsing: Array(Self.kitty.utf8))
        let xterm = TerminalReplies(parsing: Array(Self.xtermVT340.utf8))
        let vte = TerminalReplies(parsing: Array(Self.vte.utf8))
        #expect(GraphicsChoice.decide(request: .auto, insideTmux: false, replies: kitty).graphics == .kitty)
        #expect(GraphicsChoice.decide(request: .auto, insideTmux: false, replies: xterm).graphics == .sixel)
        #expect(GraphicsChoice.decide(request: .auto, insideTmux: false, replies: vte).graphics == .symbols)
        let silent = GraphicsChoice.decide(request: .auto, insideTmux: false, replies: nil)
        #expect(silent.graphics == .symbols && silent.reason.contains("did not answer"))
        let tmux = GraphicsChoice.decide(request: .auto, insideTmux: true, replies: kitty)
        #expect(tmux.graphics == .symbols && !tmux.tmuxPassthrough && tmux.reason.contains("tmux"))
        let forced = GraphicsChoice.decide(request: .sixel, insideTmux: true, replies: nil)
        #expect(forced.graphics == .sixel && forced.tmuxPassthrough && forced.reason.contains("passthrough"))
        #expect(GraphicsChoice.decide(request: .kitty, insideTmux: false, replies: vte) == GraphicsChoice(graphics: .kitty, tmuxPassthrough: false, reason: "kitty (forced)"))
        #expect(GraphicsChoice.decide(request: .off, insideTmux: false, replies: kitty).graphics == .symbols)
    }

    @Test("the replies are awaited 100 ms locally and 1 s over SSH")
    func probeTimeout() {
        #expect(GraphicsChoice.probeTimeoutMilliseconds(environment: [:]) == 100)
        #expect(GraphicsChoice.probeTimeoutMilliseconds(environment: ["SSH_CONNECTION": ""]) == 100)
        #expect(GraphicsChoice.probeTimeoutMilliseconds(environment: ["SSH_TTY": "/dev/pts/3"]) == 1000)
        #expect(GraphicsChoice.probeTimeoutMilliseconds(environment: ["SSH_CONNECTION": "10.0.0.1 5 10.0.0.2 22"]) == 1000)
    }

    @Test("the flag beats LIGHTBOX_GRAPHICS, which beats auto; nonsense in the variable is ignored")
    func request() {
        #expect(GraphicsChoice.request(flag: .off, environment: "kitty") == .off)
        #expect(GraphicsChoice.request(flag: nil, environment: "NONE") == .off)
        #expect(GraphicsChoice.request(flag: nil, environment: "Sixel") == .sixel)
        #expect(GraphicsChoice.request(flag: nil, environment: "bogus") == .auto)
        #expect(GraphicsChoice.request(flag: nil, environment: nil) == .auto)
    }

    @Test("cell size: given, else CSI 16 t, else text area or window pixels over cells, else 10x20")
    func cellSize() {
        let kitty = TerminalReplies(parsing: Array(Self.kitty.utf8))
        let noCell = TerminalReplies(parsing: Array("\u{1B}[4;800;1200t\u{1B}[?62;c".utf8))
        #expect(CellPixelSize.resolve(given: CellPixelSize(width: 8, height: 16), replies: kitty, windowPixels: nil, windowCells: nil) == CellPixelSize(width: 8, height: 16))
        #expect(CellPixelSize.resolve(given: nil, replies: kitty, windowPixels: nil, windowCells: nil) == CellPixelSize(width: 10, height: 20))
        #expect(CellPixelSize.resolve(given: nil, replies: noCell, windowPixels: nil, windowCells: (120, 40)) == CellPixelSize(width: 10, height: 20))
        #expect(CellPixelSize.resolve(given: nil, replies: nil, windowPixels: (960, 480), windowCells: (80, 24)) == CellPixelSize(width: 12, height: 20))
        #expect(CellPixelSize.resolve(given: nil, replies: nil, windowPixels: (0, 0), windowCells: (80, 24)) == .fallback)
        #expect(CellPixelSize(parsing: "9x18") == CellPixelSize(width: 9, height: 18))
        #expect(CellPixelSize(parsing: "9x") == nil && CellPixelSize(parsing: "0x18") == nil)
    }
}

@Suite("graphics fit")
struct GraphicsFitTests {
    @Test("a film keeps its aspect inside the box of cells and covers whole cells")
    func fit() {
        let square = GraphicsFit(imageWidth: 1000, imageHeight: 1000, columns: 60, rows: 30, cell: .fallback)
        #expect(square == GraphicsFit(pixelWidth: 600, pixelHeight: 600, columns: 60, rows: 30))
        let wide = GraphicsFit(imageWidth: 1200, imageHeight: 900, columns: 40, rows: 40, cell: CellPixelSize(width: 9, height: 18))
        #expect(wide == GraphicsFit(pixelWidth: 360, pixelHeight: 270, columns: 40, rows: 15))
        #expect(GraphicsFit(imageWidth: 0, imageHeight: 5, columns: 10, rows: 10, cell: .fallback).pixelWidth == 1)
    }
}
