import CellGrid
import Foundation
import Imaging
import Storage
import Terminal
import TerminalGraphics
import Workflows

/// `lightbox show`'s work: one film (JPEG, PNG or DICOM, found by content) as ANSI block text,
/// one kitty graphics image or one sixel image, the way chafa does. Returns the text; the
/// command prints it.
public struct ShowSession {
    /// What is printed: block characters, kitty graphics, sixel, or `auto` (LIGHTBOX_GRAPHICS,
    /// else ask the terminal).
    public enum Format: String, CaseIterable, Sendable { case symbols, kitty, sixel, auto }
    /// Colour depth of the block characters.
    public enum Colors: String, CaseIterable, Sendable { case palette256 = "256", truecolor, none }
    /// Which block glyphs may be used.
    public enum Glyphs: String, CaseIterable, Sendable { case half, blocks, all }

    /// What `run` gives back: the text for stdout and, when the graphics choice was not the
    /// one asked for (or is wrapped for tmux), the reason for stderr.
    public struct Output: Sendable, Equatable {
        public var text: String
        public var notice: String?
    }

    public var path: String
    /// Maximum size in cells; nil takes the terminal's (rows minus one), else 80x40.
    public var width: Int?
    public var height: Int?
    /// nil takes the environment's (see `colors(environment:)`).
    public var colors: Colors?
    public var glyphs: Glyphs = .all
    public var invert = false
    public var format: Format = .symbols
    /// A cell's size in pixels for kitty and sixel as WxH (`isCellSize`); nil asks the terminal, else 10x20.
    public var cellSize: String?
    public var environment: [String: String]

    /// A session for the film at `path` in `environment` (the process's by default).
    public init(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.path = path
        self.environment = environment
    }

    /// True when `text` is a valid `--cell-size` (WxH, each 1...1000).
    public static func isCellSize(_ text: String) -> Bool { CellPixelSize(parsing: text) != nil }

    /// The film as text for the terminal; a film that cannot be read throws one line naming it.
    public func run() throws -> Output {
        let size = GraphicsProbe.windowSize()?.cells
        let columns = width ?? size?.columns ?? 80
        let rows = height ?? size.map { max(1, $0.rows - 1) } ?? 40
        let insideTmux = environment["TMUX"].map { !$0.isEmpty } == true
        var graphics = GraphicsProtocol.symbols
        var replies: TerminalReplies?
        var notice: String?
        if format != .symbols {
            let request: GraphicsChoice.Request = switch format {
            case .kitty: .kitty
            case .sixel: .sixel
            case .symbols: .off
            case .auto: GraphicsChoice.request(flag: nil, environment: environment["LIGHTBOX_GRAPHICS"])
            }
            if request == .auto && !insideTmux { replies = GraphicsProbe.ask(timeoutMilliseconds: GraphicsChoice.probeTimeoutMilliseconds(environment: environment)) }
            let choice = GraphicsChoice.decide(request: request, insideTmux: insideTmux, replies: replies, forcingOption: "--format")
            graphics = choice.graphics
            if graphics == .symbols || choice.tmuxPassthrough { notice = choice.reason }
        }
        if graphics != .symbols {
            var text = try graphicsText(graphics, columns: columns, rows: rows, terminal: size, replies: replies)
            if insideTmux { text = TmuxPassthrough.wrapEach(text) }
            return Output(text: text + "\n", notice: notice)
        }
        let film: GrayImage
        do {
            film = try ImageFile.loadFilm(path: path, fittingAtLeast: (columns * BlockImage.subPixelsPerCell.width, rows * BlockImage.subPixelsPerCell.height)).image
        } catch {
            throw CommandFailure(error.description)
        }
        var options = BlockImageOptions(colorMode: colorMode)
        options.glyphs = switch glyphs {
        case .half: .halfBlocks
        case .blocks: .blocks
        case .all: .blocksAndEighths
        }
        options.invert = invert
        options.workers = ProcessInfo.processInfo.activeProcessorCount
        return Output(text: renderANSI(image: film, columns: columns, rows: rows, options: options), notice: notice)
    }

    /// The film as one kitty graphics image (numbered by the terminal, so an earlier `show`'s
    /// image stays) or one sixel image, at the cells' full pixel size.
    private func graphicsText(_ graphics: GraphicsProtocol, columns: Int, rows: Int,
                              terminal: (columns: Int, rows: Int)?, replies: TerminalReplies?) throws -> String {
        let cell = CellPixelSize.resolve(given: cellSize.flatMap(CellPixelSize.init(parsing:)), replies: replies,
                                         windowPixels: GraphicsProbe.windowSize()?.pixels, windowCells: terminal)
        var film: GrayImage
        do {
            // The smallest decode gives the film's full size in any format (a JPEG decodes at 1/8
            // scale); the second decodes at the scale that covers the fit.
            let probe = try ImageFile.loadFilm(path: path, fittingAtLeast: (1, 1))
            let fit = GraphicsFit(imageWidth: probe.fullWidth, imageHeight: probe.fullHeight, columns: columns, rows: rows, cell: cell)
            film = try ImageFile.loadFilm(path: path, fittingAtLeast: (fit.pixelWidth, fit.pixelHeight)).image
            film = film.resized(width: fit.pixelWidth, height: fit.pixelHeight)
            if invert { film = film.inverted(in: 0...255) }
            let raster = GreyRaster(film)
            switch graphics {
            case .kitty: return KittyGraphics.transmitAndDisplay(raster, id: nil, columns: fit.columns, rows: fit.rows)
            case .sixel: return SixelEncoder.encode(raster)
            case .symbols: return ""
            }
        } catch {
            throw CommandFailure(error.description)
        }
    }

    private var colorMode: BlockImageColorMode {
        switch colors ?? Self.colors(environment: environment) {
        case .palette256: .palette256
        case .truecolor: .truecolor
        case .none: .monochrome
        }
    }

    /// The colour depth the environment asks for (NO_COLOR, TERM=dumb, COLORTERM).
    public static func colors(environment env: [String: String]) -> Colors {
        if env["NO_COLOR"].map({ !$0.isEmpty }) == true || env["TERM"] == "dumb" { return .none }
        if let colorterm = env["COLORTERM"]?.lowercased(), colorterm == "truecolor" || colorterm == "24bit" { return .truecolor }
        return .palette256
    }
}
