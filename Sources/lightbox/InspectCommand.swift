import ReviewApp
import ArgumentParser
import Foundation
import Workflows

/// `lightbox inspect`: scans folders or files and decodes every film, as a health check of a
/// study before review or training.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Scan study folders or films (JPEG, PNG, DICOM), decode every film and report each bad one.",
        discussion: "Prints one line per film (path, reference label from a NORMAL/PNEUMONIA folder, size, SHA-256). Each unreadable file is named on stderr with the reason; the exit status is 1 when any failed.")

    @Argument(help: "Study folders or films.")
    var paths: [String]

    @Flag(name: .long, help: "Follow symlinks that lead out of a study folder (skipped by default).")
    var followLinks = false

    @Flag(name: .long, help: "Hide identifying header fields (patient ID and name, study date, SOP Instance UID).")
    var anonymise = false

    func run() throws {
        var loader = FilmLoader()
        loader.followsLinksOutOfRoot = followLinks
        let cases = loader.scan(paths)
        print("path\tlabel\twidth\theight\tsha256\tformat\tdetails")
        // One window of films at a time, pixels released at once: memory stays a few films whatever the study.
        var read = 0
        loader.check(cases, progressLabel: cases.count > 200 ? "decode" : nil) { film in
            read += 1
            let sha = film.sha256
            print("\(visible(film.relativePath))\t\(film.label?.rawValue ?? "-")\t\(film.width)\t\(film.height)\t\(sha)"
                  + "\t\(visible(film.metadata.encoding))\t\(visible(film.details(anonymised: anonymise)))")
        }
        for file in loader.skipped { writeStderr("inspect: \(visible(file.description))\n") }
        if !loader.skipped.isEmpty {
            let kinds = Dictionary(grouping: loader.skipped, by: \.kind).map { "\($0.value.count) \($0.key)" }.sorted()
            writeStderr("inspect: \(loader.skipped.count) file\(loader.skipped.count == 1 ? "" : "s") skipped, not films: \(kinds.joined(separator: ", "))\n")
        }
        writeStderr("inspect: \(read) film\(read == 1 ? "" : "s") read, \(loader.failures.count) problem\(loader.failures.count == 1 ? "" : "s")\n")
        if !loader.failures.isEmpty { throw ExitCode(1) }
    }
}
