import ArgumentParser
import CellGrid
import Foundation
import Imaging
import Storage

/// `lightbox show`: prints a film to stdout as ANSI block text, the way chafa does.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a film as ANSI block text (for scripts and for comparing with chafa).",
        discussion: "Colours default to truecolor when COLORTERM is truecolor or 24bit, to shade characters without colour when NO_COLOR is set or TERM is dumb, and to the 256-colour greys otherwise. The aspect ratio is kept (a cell is taken as twice as tall as wide).")

    enum Colors: String, ExpressibleByArgument, CaseIterable { case palette256 = "256", truecolor, none }
    enum Glyphs: String, ExpressibleByArgument, CaseIterable { case half, blocks, all }

    @Argument(help: "A JPEG film.") var image: String
    @Option(name: .long, help: "Maximum width in cells (default: the terminal's, else 80).") var width: Int?
    @Option(name: .long, help: "Maximum height in cells (default: the terminal's minus one, else 40).") var height: Int?
    @Option(name: .long, help: "Colours: 256, truecolor or none.") var colors: Colors?
    @Option(name: .long, help: "Glyphs: half (upper half blocks only), blocks (halves and quadrants) or all (also eighths).") var glyphs: Glyphs = .all
    @Flag(name: .long, help: "Invert the greys.") var invert = false

    func validate() throws {
        if let width, width < 1 { throw ValidationError("--width must be at least 1") }
        if let height, height < 1 { throw ValidationError("--height must be at least 1") }
    }

    func run() throws {
        let size = TerminalSize.current()
        let columns = width ?? size?.columns ?? 80
        let rows = height ?? size.map { max(1, $0.rows - 1) } ?? 40
        let film: GrayImage
        do {
            film = try ImageFile.loadGray(path: image, fittingAtLeast: (columns * 2, rows * 4))
        } catch {
            throw ValidationErrorLine(error.description)
        }
        var options = BlockImageOptions(colorMode: colorMode)
        options.glyphs = switch glyphs {
        case .half: .halfBlocks
        case .blocks: .blocks
        case .all: .blocksAndEighths
        }
        options.invert = invert
        FileHandle.standardOutput.write(renderANSI(image: film, columns: columns, rows: rows, options: options).data(using: .utf8)!)
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
