import ReviewApp
import ArgumentParser
import Foundation
import Workflows

extension ShowSession.Colors: ExpressibleByArgument, DescribedChoice {}
extension ShowSession.Glyphs: ExpressibleByArgument, DescribedChoice {
    var gloss: String? {
        switch self {
        case .half: "upper half blocks only"
        case .blocks: "halves and quadrants"
        case .all: "also eighths"
        }
    }
}
extension ShowSession.Format: ExpressibleByArgument, DescribedChoice {
    var gloss: String? {
        switch self {
        case .symbols: "block characters"
        case .kitty: "kitty graphics protocol"
        case .sixel: nil
        case .auto: "LIGHTBOX_GRAPHICS, else ask the terminal"
        }
    }
}

/// `lightbox show`: prints a film to stdout as ANSI block text, a kitty graphics image or
/// sixel, the way chafa does.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a film as ANSI block text, a kitty graphics image or sixel (for scripts and for comparing with chafa).",
        discussion: "--format kitty and sixel send the film at full resolution: its pixel size is the cells times the cell size (--cell-size, else the terminal's pixel size over its cells, else 10x20). Inside tmux (TMUX set) they are wrapped for tmux passthrough (needs set -g allow-passthrough on); --format auto draws block characters there and says so on stderr. Colours default to truecolor when COLORTERM is truecolor or 24bit, to shade characters without colour when NO_COLOR is set or TERM is dumb, and to the 256-colour greys otherwise. The aspect ratio is kept (a cell is taken as twice as tall as wide).")

    typealias Colors = ShowSession.Colors
    typealias Glyphs = ShowSession.Glyphs
    typealias Format = ShowSession.Format

    @Argument(help: "A film (JPEG, PNG or DICOM).") var image: String
    @Option(name: .long, help: "Maximum width in cells (default: the terminal's, else 80).") var width: Int?
    @Option(name: .long, help: "Maximum height in cells (default: the terminal's minus one, else 40).") var height: Int?
    @Option(name: .long, help: "Colours: \(ShowSession.Colors.choiceList).") var colors: ShowSession.Colors?
    @Option(name: .long, help: "Glyphs: \(ShowSession.Glyphs.choiceList).") var glyphs: ShowSession.Glyphs = .all
    @Flag(name: .long, help: "Invert the greys.") var invert = false
    @Option(name: .long, help: "Output: \(ShowSession.Format.choiceList).") var format: ShowSession.Format = .symbols
    @Option(name: .long, help: "A cell's size in pixels as WxH, for kitty and sixel (default: the terminal's, else 10x20).") var cellSize: String?

    func validate() throws {
        if let width, width < 1 { throw ValidationError("--width must be at least 1") }
        if let height, height < 1 { throw ValidationError("--height must be at least 1") }
        if let cellSize, !ShowSession.isCellSize(cellSize) {
            throw ValidationError("--cell-size must be WxH with each 1...1000, for example 10x20")
        }
    }

    func run() throws {
        var session = ShowSession(path: image)
        (session.width, session.height, session.colors, session.glyphs) = (width, height, colors, glyphs)
        (session.invert, session.format, session.cellSize) = (invert, format, cellSize)
        let output = try session.run()
        if let notice = output.notice { writeStderr("show: \(notice)\n") }
        FileHandle.standardOutput.write(Data(output.text.utf8))
    }
}
