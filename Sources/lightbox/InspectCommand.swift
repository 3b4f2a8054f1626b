import ArgumentParser
import Foundation
import Storage

/// `lightbox inspect`: scans folders or files and decodes every film, as a health check of a
/// study before review or training.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Scan study folders or JPEG files, decode every film and report each bad one.",
        discussion: "Prints one line per film (path, reference label from a NORMAL/PNEUMONIA folder, size, SHA-256). Each unreadable file is named on stderr with the reason; the exit status is 1 when any failed.")

    @Argument(help: "Study folders or JPEG files.")
    var paths: [String]

    func run() throws {
        var loader = FilmLoader()
        let cases = loader.scan(paths)
        let films = loader.load(cases, progressLabel: cases.count > 200 ? "decode" : nil)
        print("path\tlabel\twidth\theight\tsha256")
        for film in films {
            let sha = (try? SHA256.hexDigestOfFile(path: film.absolutePath)) ?? "-"
            print("\(film.relativePath)\t\(film.label?.rawValue ?? "-")\t\(film.image.width)\t\(film.image.height)\t\(sha)")
        }
        writeStderr("inspect: \(films.count) film\(films.count == 1 ? "" : "s") read, \(loader.failures.count) problem\(loader.failures.count == 1 ? "" : "s")\n")
        if !loader.failures.isEmpty { throw ExitCode(1) }
    }
}
