import ReviewApp
import ArgumentParser
import CellGrid
import Foundation
import Imaging
import Storage
import Terminal
import TerminalGraphics

/// `lightbox show`: prints a film to stdout as ANSI block text, a kitty graphics image or
/// sixel, the way chafa does.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a film as ANSI block text, a kitty graphics image or sixel (for scripts and for comparing with chafa).",
        discussion: "--format kitty and sixel send the film at full resolution: its pixel size is the cells times the cell size (--cell-size, else the terminal's pixel size over its cells, else 10x20). Inside tmux (TMUX set) they are wrapped for tmux passthrough (needs set -g allow-passthrough on); --format auto draws block characters there and says so on stderr. Colours default to truecolor when COLORTERM is truecolor or 24bit, to shade characters without colour when NO_COLOR is set or TERM is dumb, and to the 256-colour greys otherwise. The aspect ratio is kept (a cell is taken as twice as tall as wide).")

    enum Colors: String, ExpressibleByArgument, DescribedChoice { case palette256 = "256", truecolor, none }
    enum Glyphs: String, ExpressibleByArgument, DescribedChoice {
        case half, blocks, all
        var gloss: String? {
            switch self {
            case .half: "upper half blocks only"
            case .blocks: "halves and quadrants"
            case .all: "also eighths"
            }
        }
    }
    enum Format: String, ExpressibleByArgument, DescribedChoice {
        case symbols, kitty, sixel, auto
        var gloss: String? {
            switch self {
            case .symbols: "block characters"
            case .kitty: "kitty graphics protocol"
            case .sixel: nil
            case .auto: "LIGHTBOX_GRAPHICS, else ask the terminal"
            }
        }
    }

    @Argument(help: "A JPEG film.") var image: String
    @Option(name: .long, help: "Maximum width in cells (default: the terminal's, else 80).") var width: Int?
    @Option(name: .long, help: "Maximum height in cells (default: the terminal's minus one, else 40).") var height: Int?
    @Option(name: .long, help: "Colours: \(Colors.choiceList).") var colors: Colors?
    @Option(name: .long, help: "Glyphs: \(Glyphs.choiceList).") var glyphs: Glyphs = .all
    @Flag(name: .long, help: "Invert the greys.") var invert = false
    @Option(name: .long, help: "Output: \(Format.choiceList).") var format: Format = .symbols
    @Option(name: .long, help: "A cell's size in pixels as WxH, for kitty and sixel (default: the terminal's, else 10x20).") var cellSize: String?

    func validate() throws {
        if let width, width < 1 { throw ValidationError("--width must be at least 1") }
        if let height, height < 1 { throw ValidationError("--height must be at least 1") }
        if let cellSize, CellPixelSize(parsing: cellSize) == nil {
            throw ValidationError("--cell-size must be WxH with each 1...1000, for example 10x20")
        }
    }

    func run() throws {
        let size = GraphicsProbe.windowSize()?.cells
        let columns = width ?? size?.columns ?? 80
        let rows = height ?? size.map { max(1, $0.rows - 1) } ?? 40
        let environment = ProcessInfo.processInfo.environment
        let insideTmux = environment["TMUX"].map { !$0.isEmpty } == true
        var graphics = GraphicsProtocol.symbols
        var replies: TerminalReplies?
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
            if graphics == .symbols || choice.tmuxPassthrough {
                FileHandle.standardError.write(Data("show: \(choice.reason)\n".utf8))
            }
        }
        if graphics != .symbols {
            var text = try graphicsText(graphics, columns: columns, rows: rows, terminal: size, replies: replies)
            if insideTmux { text = TmuxPassthrough.wrapEach(text) }
            FileHandle.standardOutput.write(Data((text + "\n").utf8))
            return
        }
        let film: GrayImage
        do {
            film = try ImageFile.loadGray(path: image, fittingAtLeast: (columns * 2, rows * 4))
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
        FileHandle.standardOutput.write(renderANSI(image: film, columns: columns, rows: rows, options: options).data(using: .utf8)!)
    }

    /// The film as one kitty graphics image (numbered by the terminal, so an earlier `show`'s
    /// image stays) or one sixel image.
    private func graphicsText(_ graphics: GraphicsProtocol, columns: Int, rows: Int,
                              terminal: (columns: Int, rows: Int)?, replies: TerminalReplies?) throws -> String {
        let cell = CellPixelSize.resolve(given: cellSize.flatMap(CellPixelSize.init(parsing:)), replies: replies,
                                         windowPixels: GraphicsProbe.windowSize()?.pixels, windowCells: terminal)
        let header: JPEGHeader
        do { header = try ImageFile.readHeader(path: image) } catch { throw CommandFailure(error.description) }
        let fit = GraphicsFit(imageWidth: header.width, imageHeight: header.height, columns: columns, rows: rows, cell: cell)
        var film: GrayImage
        do {
            film = try ImageFile.loadGray(path: image, fittingAtLeast: (fit.pixelWidth, fit.pixelHeight))
        } catch {
            throw CommandFailure(error.description)
        }
        film = film.resized(width: fit.pixelWidth, height: fit.pixelHeight)
        if invert { film = film.inverted(in: 0...255) }
        let raster = GreyRaster(film)
        switch graphics {
        case .kitty: return KittyGraphics.transmitAndDisplay(raster, id: nil, columns: fit.columns, rows: fit.rows)
        case .sixel: return SixelEncoder.encode(raster)
        case .symbols: return ""
        }
    }

    private var colorMode: BlockImageColorMode {
        switch colors ?? Self.colorsFromEnvironment() {
        case .palette256: .palette256
        case .truecolor: .truecolor
        case .none: .monochrome
        }
    }

    /// The colour depth the environment asks for (NO_COLOR, TERM=dumb, COLORTERM).
    static func colorsFromEnvironment() -> Colors {
        let env = ProcessInfo.processInfo.environment
        if env["NO_COLOR"].map({ !$0.isEmpty }) == true || env["TERM"] == "dumb" { return .none }
        if let colorterm = env["COLORTERM"]?.lowercased(), colorterm == "truecolor" || colorterm == "24bit" { return .truecolor }
        return .palette256
    }
}
