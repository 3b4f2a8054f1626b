import Foundation
import TestSupport
import Testing

/// The long options a help text declares: the option rows of its OPTIONS section, inversions
/// (`--fine-tune/--no-fine-tune`) included.
private func declaredOptions(_ help: String) -> Set<String> {
    var options: Set<String> = ["--help", "--version"]
    guard let section = help.range(of: "OPTIONS:") else { return options }
    for line in help[section.upperBound...].split(separator: "\n") {
        let row = line.drop { $0 == " " }
        guard row.hasPrefix("-"), line.hasPrefix("  ") else { continue }
        let head = row.split(separator: " ").first.map(String.init) ?? ""
        for part in head.split(separator: "/") { options.formUnion(longOptions(in: String(part))) }
        // "-h, --help": the long form follows the short one.
        if head.hasSuffix(",") { options.formUnion(longOptions(in: String(row))) }
    }
    return options
}

/// Every `--name` in `text`.
private func longOptions(in text: String) -> Set<String> {
    let regex = try! NSRegularExpression(pattern: "(?<![A-Za-z0-9-])--[a-z][a-z0-9-]*")
    let range = NSRange(text.startIndex..., in: text)
    return Set(regex.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } })
}

@Suite("help texts")
struct HelpTextTests {
    @Test("no help text names an option that does not exist (another command's option only where that command is named)")
    func everyNamedOptionExists() throws {
        let commands = try subcommands()
        var helps: [String: String] = [:]
        for command in commands { helps[command] = try lightbox([command, "--help"]).out }
        helps[""] = try lightbox(["--help"]).out
        let declared = helps.mapValues(declaredOptions)
        for (command, help) in helps {
            // A sentence naming another command may use that command's options.
            var allowed = declared[command]!
            for other in commands where help.contains("lightbox \(other) ") || help.contains("`\(other) ") {
                allowed.formUnion(declared[other]!)
            }
            let unknown = longOptions(in: help).subtracting(allowed)
            #expect(unknown.isEmpty, "lightbox \(command) --help names \(unknown.sorted()), which it does not have")
        }
        #expect(declared["predict"]!.contains("--format") && declared["adapt"]!.contains("--no-fine-tune"))
    }

    @Test("option values in help are generated from the types; explain takes any film format")
    func generatedValueLists() throws {
        /// The help with its line wrapping undone.
        func help(_ command: String) throws -> String {
            try lightbox([command, "--help"]).out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        let predict = try help("predict")
        #expect(predict.contains("table, csv or jsonl"))
        let show = try help("show")
        #expect(show.contains("half (upper half blocks only), blocks (halves and quadrants) or all (also eighths)"))
        let explain = try help("explain")
        #expect(!explain.contains("A JPEG film") && explain.contains("JPEG, PNG or DICOM"))
        let synth = try help("synth")
        #expect(synth.contains("jpeg, png (8-bit grey), png16 (16-bit grey) or dicom"))
    }

    @Test("show --format auto inside tmux suggests show's own --format, not review's --graphics")
    func showSuggestsItsOwnOption() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try lightbox(["synth", "--out", root, "--count", "1", "--size", "64"]).status == 0)
        let r = try lightbox(["show", root + "/NORMAL/phantom-0001.jpeg", "--format", "auto", "--width", "20", "--height", "10"],
                             environment: ["TMUX=/tmp/fake,1,0"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("--format kitty|sixel") && !r.err.contains("--graphics"))
    }
}
