import Foundation
import TestSupport
import Testing

/// Every subcommand `lightbox --help` lists.
func subcommands() throws -> [String] {
    let help = try lightbox(["--help"]).out
    guard let section = help.range(of: "SUBCOMMANDS:") else { return [] }
    return help[section.upperBound...].split(separator: "\n").compactMap { line in
        // A command's row starts with two blanks and its name; wrapped abstracts are indented further.
        guard line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first else { return nil }
        return String(name)
    }
}

@Suite("--json on every command", .serialized)
struct JSONOutputTests {
    @Test("every command with --json prints one JSON object on stdout and nothing else, in every mode")
    func everyJSONParses() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try lightbox(["synth", "--out", root + "/site", "--count", "8", "--size", "96", "--seed", "3"]).status == 0)
        let readers = try AgreementCommandTests.study()
        defer { try? FileManager.default.removeItem(atPath: readers) }
        let runs: [String: [[String]]] = [
            "evaluate": [["evaluate", root + "/site"]],
            "explain": [["explain", root + "/site/NORMAL/phantom-0001.jpeg", "--samples", "64"]],
            // Written (--force) and refused as not better: JSON both ways.
            "adapt": [["adapt", "--labelled", root + "/site", "--folds", "2", "--no-fine-tune", "--force", "--out", root + "/a.safetensors"],
                      ["adapt", "--labelled", root + "/site", "--folds", "2", "--no-fine-tune", "--out", root + "/c.safetensors"],
                      ["adapt", "--unlabelled", root + "/site", "--out", root + "/b.safetensors"]],
            "bench": [["bench", "--repeats", "1"]],
            "agreement": [["agreement", readers]],
        ]
        let commands = try subcommands()
        #expect(commands.contains("predict") && commands.contains("bench"))
        // bench's options are its default subcommand's (bench inference).
        let withJSON = try commands.filter { try lightbox($0 == "bench" ? ["bench", "inference", "--help"] : [$0, "--help"]).out.contains("--json") }
        #expect(Set(withJSON) == Set(runs.keys), "a command with --json lacks a run here: \(withJSON)")
        for command in withJSON {
            for arguments in runs[command] ?? [] {
                let r = try lightbox(arguments + ["--json"])
                #expect(r.status == 0 || arguments.contains("--labelled") && !arguments.contains("--force"), "\(arguments): \(r.err)")
                let object = try? JSONSerialization.jsonObject(with: Data(r.out.utf8))
                #expect(object is [String: Any], "\(arguments) --json printed: \(r.out.prefix(300))")
            }
        }
        // The benchmarks that have no JSON form refuse --json instead of printing text.
        for mode in ["graphics", "storage", "decode"] {
            let r = try lightbox(["bench", mode, "--json"])
            #expect(r.status != 0 && r.out.isEmpty && r.err.contains("--json"), "\(mode): \(r.err)")
        }
    }
}
