/// Which protocol to draw films with, decided from the user's request, tmux and what the
/// terminal answered; pure so every rule is tested with recorded replies.
public struct GraphicsChoice: Sendable, Equatable {
    /// What `--graphics` or `LIGHTBOX_GRAPHICS` asks for.
    public enum Request: String, Sendable, CaseIterable {
        case auto, kitty, sixel
        /// Block characters only. Spelled "none" on the command line; not `.none`, which an
        /// optional request would read as nil.
        case off = "none"
    }

    /// The protocol chosen.
    public var graphics: GraphicsProtocol
    /// True when escape sequences must be wrapped for tmux (`TmuxPassthrough`).
    public var tmuxPassthrough: Bool
    /// One line saying what was chosen and why, for the status line or stderr.
    public var reason: String

    public init(graphics: GraphicsProtocol, tmuxPassthrough: Bool, reason: String) {
        self.graphics = graphics
        self.tmuxPassthrough = tmuxPassthrough
        self.reason = reason
    }

    /// The request: the flag when given, else the environment variable when it names a
    /// request (anything else is ignored), else `auto`.
    public static func request(flag: Request?, environment: String?) -> Request {
        if let flag { return flag }
        if let environment, let request = Request(rawValue: environment.lowercased()) { return request }
        return .auto
    }

    /// Decides. `replies` is nil when the terminal was not asked (not a terminal, or
    /// inside tmux, where the replies would be tmux's own).
    ///
    /// A forced protocol is used as asked (through passthrough inside tmux); `auto` takes
    /// kitty when the kitty query was answered OK, else sixel when DA1 lists 4, else block
    /// characters, and inside tmux always block characters. `forcingOption` is the option the
    /// reason suggests for forcing a protocol (`show` calls it `--format`).
    public static func decide(request: Request, insideTmux: Bool, replies: TerminalReplies?,
                              forcingOption: String = "--graphics") -> GraphicsChoice {
        switch request {
        case .off:
            return GraphicsChoice(graphics: .symbols, tmuxPassthrough: false, reason: "block characters (graphics none)")
        case .kitty, .sixel:
            let graphics: GraphicsProtocol = request == .kitty ? .kitty : .sixel
            if insideTmux {
                return GraphicsChoice(graphics: graphics, tmuxPassthrough: true,
                                      reason: "\(graphics.rawValue) through tmux passthrough (needs set -g allow-passthrough on)")
            }
            return GraphicsChoice(graphics: graphics, tmuxPassthrough: false, reason: "\(graphics.rawValue) (forced)")
        case .auto:
            if insideTmux {
                return GraphicsChoice(graphics: .symbols, tmuxPassthrough: false,
                                      reason: "block characters: inside tmux (\(forcingOption) kitty|sixel passes images through)")
            }
            guard let replies, replies.complete else {
                return GraphicsChoice(graphics: .symbols, tmuxPassthrough: false,
                                      reason: "block characters: the terminal did not answer the graphics queries in time")
            }
            if replies.kittyOK {
                return GraphicsChoice(graphics: .kitty, tmuxPassthrough: false, reason: "kitty graphics (detected)")
            }
            if replies.sixel {
                return GraphicsChoice(graphics: .sixel, tmuxPassthrough: false, reason: "sixel (detected)")
            }
            return GraphicsChoice(graphics: .symbols, tmuxPassthrough: false,
                                  reason: "block characters: the terminal speaks neither kitty graphics nor sixel")
        }
    }
}

extension GraphicsChoice {
    /// How long to wait for the terminal's replies: 100 ms, or 1 s over SSH (`SSH_CONNECTION`
    /// or `SSH_TTY` set). A reply that comes after the wait reaches curses as typed keys
    /// (DA1's "?62;c" holds `?` and `2`, the defer key), so a slow link gets longer; a
    /// terminal that answers DA1 ends the wait at once either way.
    public static func probeTimeoutMilliseconds(environment: [String: String]) -> Int {
        let remote = ["SSH_CONNECTION", "SSH_TTY"].contains { environment[$0].map { !$0.isEmpty } == true }
        return remote ? 1000 : 100
    }
}

extension CellPixelSize {
    /// The cell size to draw with: the one given, else the terminal's `CSI 16 t` reply, else
    /// its text area (`CSI 14 t`, or TIOCGWINSZ's pixel fields) divided by its cells, else
    /// `fallback`.
    public static func resolve(given: CellPixelSize?, replies: TerminalReplies?,
                               windowPixels: (width: Int, height: Int)?,
                               windowCells: (columns: Int, rows: Int)?) -> CellPixelSize {
        if let given { return given }
        if let size = replies?.cellSize { return size }
        if let cells = windowCells, cells.columns > 0, cells.rows > 0 {
            for pixels in [replies?.textAreaPixels, windowPixels].compactMap({ $0 }) {
                let w = pixels.width / cells.columns, h = pixels.height / cells.rows
                if w > 0 && h > 0 { return CellPixelSize(width: w, height: h) }
            }
        }
        return fallback
    }
}
