import Foundation
import Imaging
import Storage
import TestSupport
import Testing

@Suite("command line")
struct CommandLineTests {
    @Test("synth writes byte-identical films for the same seed and different ones for another")
    func synthIsDeterministic() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for (name, seed) in [("a", "7"), ("b", "7"), ("c", "8")] {
            let r = try lightbox(["synth", "--out", root + "/" + name, "--count", "4", "--seed", seed, "--size", "96"])
            #expect(r.status == 0)
        }
        for file in ["NORMAL/phantom-0001.jpeg", "PNEUMONIA/phantom-0002.jpeg", "NORMAL/phantom-0003.jpeg"] {
            let a = FileManager.default.contents(atPath: "\(root)/a/\(file)")
            let b = FileManager.default.contents(atPath: "\(root)/b/\(file)")
            let c = FileManager.default.contents(atPath: "\(root)/c/\(file)")
            #expect(a != nil && a == b)
            #expect(a != c)
        }
    }

    @Test("bench's measurements are subcommands that check their options; the old spellings name the new ones")
    func benchSubcommands() throws {
        for (old, new) in [(["bench", "--graphics"], "lightbox bench graphics"), (["bench", "--storage"], "lightbox bench storage"),
                           (["bench-decode", "--width", "100"], "lightbox bench decode")] {
            let r = try lightbox(old)
            #expect(r.status != 0 && r.out.isEmpty && r.err.contains(new), "\(old): \(r.err)")
        }
        for bad in [["bench", "decode", "--bits", "4"], ["bench", "decode", "--syntaxes", "rle,nonsense"],
                    ["bench", "graphics", "--repeats", "0"], ["bench", "--threads", "0"]] {
            let r = try lightbox(bad)
            #expect(r.status != 0 && r.out.isEmpty && (r.err.contains("must") || r.err.contains("is not one of")), "\(bad): \(r.err)")
        }
        let decode = try lightbox(["bench", "decode", "--width", "64", "--height", "48", "--bits", "8", "--repeats", "1", "--syntaxes", "explicit"])
        #expect(decode.status == 0, "\(decode.err)")
        #expect(decode.out.contains("JPEG 8-bit q90") && decode.out.contains("DICOM explicit 8-bit"))
        #expect(try lightbox(["bench", "--help"]).out.contains("decode"))
    }

    @Test("predict names every bad input with its reason, scores the rest and exits 1")
    func predictReportsBadFiles() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let good = try JPEGCodec.encodeGray(ChestPhantom.render(width: 160, height: 160, seed: 3, pneumonia: true))
        try Data(good).write(to: URL(fileURLWithPath: root + "/good.jpeg"))
        try Data().write(to: URL(fileURLWithPath: root + "/zero.jpeg"))
        try Data("Hello world, not a film".utf8).write(to: URL(fileURLWithPath: root + "/notes.jpeg"))
        try Data(good.prefix(good.count / 2)).write(to: URL(fileURLWithPath: root + "/cut.jpeg"))
        // A header claiming 60000x60000: patch the SOF0 frame's height and width.
        var huge = good
        let sof = try #require((0..<(huge.count - 9)).first { huge[$0] == 0xFF && (huge[$0 + 1] == 0xC0 || huge[$0 + 1] == 0xC2) })
        huge[sof + 5] = 0xEA; huge[sof + 6] = 0x60; huge[sof + 7] = 0xEA; huge[sof + 8] = 0x60
        try Data(huge).write(to: URL(fileURLWithPath: root + "/huge.jpeg"))
        let names = ["good", "zero", "notes", "cut", "huge"].map { root + "/\($0).jpeg" }
        let r = try lightbox(["predict"] + names + [root + "/missing.jpeg", "--format", "csv"])
        #expect(r.status == 1)
        #expect(r.out.contains("good.jpeg"))
        #expect(r.out.split(separator: "\n").count == 2)  // header + the one good film
        #expect(r.err.contains("zero.jpeg: empty file"))
        #expect(r.err.contains("notes.jpeg: not a JPEG"))
        #expect(r.err.contains("cut.jpeg: corrupt or truncated JPEG"))
        #expect(r.err.contains("huge.jpeg: 60000x60000 pixels exceeds the limit"))
        #expect(r.err.contains("missing.jpeg: no such file"))
        #expect(r.err.contains("predict: 5 of 6 inputs failed"))      // counted by file
        let one = try lightbox(["predict", root + "/notes.jpeg"])
        #expect(one.err.contains("predict: 1 of 1 input failed"))
    }

    @Test("a mistyped subcommand is answered with a suggestion; evaluate on an unlabelled folder says so in one line")
    func commandLineMistakes() throws {
        let typo = try lightbox(["reveiw", "study"])
        #expect(typo.status == 64)
        #expect(typo.err.contains("did you mean 'lightbox review'?"))
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let good = try JPEGCodec.encodeGray(ChestPhantom.render(width: 96, height: 96, seed: 3, pneumonia: true))
        for i in 0..<3 { try Data(good).write(to: URL(fileURLWithPath: root + "/film\(i).jpeg")) }
        let r = try lightbox(["evaluate", root])
        #expect(r.status != 0)
        #expect(r.err.split(separator: "\n").count == 1)
        #expect(r.err.contains("none of its 3 films are under a NORMAL or PNEUMONIA folder"))
        let png = try lightbox(["explain", root + "/film0.jpeg", "--out", root + "/overlay.png"])
        #expect(png.status == 64)
        #expect(png.err.contains("the overlay is written as JPEG; name it .jpg or .jpeg"))
    }

    @Test("evaluate --json prints exactly the documented keys on a labelled folder")
    func evaluateJSON() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try lightbox(["synth", "--out", root, "--count", "6", "--seed", "3", "--size", "128"]).status == 0)
        let r = try lightbox(["evaluate", root, "--json"])
        #expect(r.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["model", "n", "threshold", "accuracy", "auc", "sensitivity", "specificity", "ece", "classes", "confusion", "auc_95ci", "best_accuracy_hindsight", "best_threshold_hindsight"])
        #expect(object["n"] as? Int == 6)
        let classes = try #require(object["classes"] as? [String: [String: Any]])
        #expect(Set(classes.keys) == ["NORMAL", "PNEUMONIA"])
        #expect(Set(classes["NORMAL"]!.keys) == ["precision", "recall", "f1", "support"])
    }

    @Test("--version names the BLAS core in use")
    func version() throws {
        let r = try lightbox(["--version"])
        #expect(r.status == 0)
        #expect(r.out.contains("lightbox "))
        #expect(r.out.contains("OpenBLAS core "))
    }

    @Test("adapt fine-tunes by default when the site has enough films of each class, and reports which adaptation it kept")
    func adaptChoosesFineTuning() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try lightbox(["synth", "--out", root + "/site", "--count", "84", "--seed", "5", "--size", "128"]).status == 0)
        let auto = try lightbox(["adapt", "--labelled", root + "/site", "--folds", "3", "--site", "phantoms", "--force", "--out", root + "/auto.safetensors"])
        #expect(auto.status == 0, "\(auto.err)")
        #expect(auto.err.contains("adapt: fine-tune ") && auto.err.contains("adapt: head refit ") && auto.err.contains("<- chosen"))
        let card = try #require(FileManager.default.contents(atPath: root + "/auto.safetensors"))
        #expect(String(decoding: card, as: UTF8.self).contains("\\\"site\\\": \\\"phantoms\\\""))

        let never = try lightbox(["adapt", "--labelled", root + "/site", "--folds", "3", "--no-fine-tune", "--force", "--out", root + "/platt.safetensors"])
        #expect(never.status == 0, "\(never.err)")
        #expect(!never.err.contains("fine-tun"))
        #expect(never.out.contains(", cross-validated):"))
    }

    @Test("adapt names the site after its folder when --site is omitted, and says why it skipped fine-tuning on a small site")
    func adaptExplainsItsChoices() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try lightbox(["synth", "--out", root + "/ward-7", "--count", "16", "--seed", "6", "--size", "128"]).status == 0)
        let r = try lightbox(["adapt", "--labelled", root + "/ward-7", "--folds", "2", "--force", "--out", root + "/a.safetensors"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("site ward-7: 16 films"))
        #expect(!r.out.contains("site site"))
        #expect(r.err.contains("fine-tuning skipped: the site has 8 NORMAL and 8 PNEUMONIA films"))
    }

    @Test("adapt --unlabelled re-estimates batch-norm statistics, keeps the threshold and records the adaptation in the card")
    func adaptWithoutLabels() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try lightbox(["synth", "--out", root + "/clinic", "--count", "12", "--seed", "7", "--size", "128"]).status == 0)
        let r = try lightbox(["adapt", "--unlabelled", root + "/clinic", "--out", root + "/bn.safetensors"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("batch-norm statistics re-estimated on 12 of 12 films (no labels used)"))
        let card = String(decoding: try #require(FileManager.default.contents(atPath: root + "/bn.safetensors")), as: UTF8.self)
        #expect(card.contains("AdaBN") && card.contains("clinic-bn12-"))
        // The adapted model scores the films differently from the bundled one.
        let before = try lightbox(["predict", root + "/clinic", "--format", "csv"])
        let after = try lightbox(["predict", root + "/clinic", "--format", "csv", "--model", root + "/bn.safetensors"])
        #expect(before.status == 0 && after.status == 0)
        #expect(before.out.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[2] }
                != after.out.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[2] })
    }

    @Test("adapt --out never replaces a film, a CSV or a folder, and replaces a model only with --force")
    func adaptOutputIsSafe() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try lightbox(["synth", "--out", root + "/site", "--count", "12", "--seed", "7", "--size", "128"]).status == 0)
        let film = try JPEGCodec.encodeGray(ChestPhantom.render(width: 64, height: 64, seed: 1, pneumonia: false))
        try Data(film).write(to: URL(fileURLWithPath: root + "/film.jpeg"))
        try Data("case_id,verdict\n".utf8).write(to: URL(fileURLWithPath: root + "/log.csv"))
        for target in [root + "/film.jpeg", root + "/log.csv", root + "/site"] {
            let r = try lightbox(["adapt", "--unlabelled", root + "/site", "--force", "--out", target])
            #expect(r.status != 0)
            #expect(r.err.contains(target) && r.err.contains("nothing written"), "\(r.err)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: root + "/film.jpeg")) == Data(film))
        let model = root + "/m.safetensors"
        #expect(try lightbox(["adapt", "--unlabelled", root + "/site", "--out", model]).status == 0)
        let again = try lightbox(["adapt", "--unlabelled", root + "/site", "--out", model])
        #expect(again.status != 0 && again.err.contains("--force replaces it"))
        #expect(try lightbox(["adapt", "--unlabelled", root + "/site", "--out", model, "--force"]).status == 0)
        let train = try lightbox(["train", root + "/site", "--out", root + "/film.jpeg", "--epochs", "1"])
        #expect(train.status != 0 && train.err.contains("film.jpeg") && (train.err.contains("is not a Lightbox model") || train.err.contains("names a film")), "\(train.err)")
    }

    @Test("adapt that is not clearly better writes nothing, exits 1 and prints both sets of figures; --force writes with a warning in the card")
    func adaptNeverShipsWorse() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // 8 films: far too few for any gain in log loss to be clear of noise.
        #expect(try lightbox(["synth", "--out", root + "/site", "--count", "8", "--seed", "9", "--size", "128"]).status == 0)
        let out = root + "/a.safetensors"
        let r = try lightbox(["adapt", "--labelled", root + "/site", "--folds", "2", "--out", out])
        #expect(r.status == 1, "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(r.out.contains("before (model as given):") && r.out.contains(", cross-validated):"))
        #expect(r.err.contains("not better than") && r.err.contains("nothing written") && r.err.contains("labelled films"))
        let forced = try lightbox(["adapt", "--labelled", root + "/site", "--folds", "2", "--out", out, "--force"])
        #expect(forced.status == 0, "\(forced.err)")
        let card = String(decoding: try #require(FileManager.default.contents(atPath: out)), as: UTF8.self)
        #expect(card.contains("written with --force although not better"))
    }

    @Test("learning-curve prints one row per budget for both orders")
    func learningCurve() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try lightbox(["synth", "--out", root + "/site", "--count", "30", "--seed", "8", "--size", "128"]).status == 0)
        let r = try lightbox(["learning-curve", root + "/site", "--budgets", "5", "10", "--folds", "3", "--random-repeats", "2"])
        #expect(r.status == 0, "\(r.err)")
        let rows = r.out.split(separator: "\n").filter { $0.contains("|") && !$0.contains("labels") }
        #expect(rows.count == 8)   // 2 budgets x 2 orders x (recalibration, head refit)
        #expect(rows.first?.hasPrefix("recalibration      5 |") == true)
        #expect(rows.last?.hasPrefix("head refit        10 |") == true)
    }
}
