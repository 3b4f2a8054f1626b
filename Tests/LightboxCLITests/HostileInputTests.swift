import Classifier
import Foundation
import Imaging
import NeuralNet
import Numerics
import Storage
import TestSupport
import Testing

/// A tiny valid model file, with `damage` applied to its tensors and card before writing.
private func writeModel(_ path: String, damage: (inout [String: Tensor], inout [String: String]) -> Void = { _, _ in }) throws {
    var rng = SplitMix64(seed: 9)
    let network = try Network(architecture: "conv out=4 k=3 s=1 p=1 bias=0; bn; relu; gap; dense out=1 bias=1",
                              inputShape: [1, 16, 16], rng: &rng)
    let model = PneumoniaModel(network: network, preprocessing: Preprocessing(inputSize: 16),
                               calibration: Calibration(slope: 1, intercept: 0), threshold: 0.5,
                               card: ModelCard(entries: ["model_id": "tiny"]))
    var (tensors, metadata) = try Safetensors.decode(model.safetensorsBytes())
    damage(&tensors, &metadata)
    try Data(Safetensors.encode(tensors, metadata: metadata)).write(to: URL(fileURLWithPath: path))
}

@Suite("hostile inputs on the command line")
struct HostileInputTests {
    @Test("file names with ESC, BEL, newline and tab are printed escaped by inspect and predict; CSV and JSONL stay one line")
    func controlCharactersInNames() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let film = try JPEGCodec.encodeGray(ChestPhantom.render(width: 64, height: 64, seed: 1, pneumonia: false))
        let names = ["t\u{1B}]2;PWNED\u{07}.jpg", "two\nlines.jpg", "tab\there.jpg"]
        for name in names { try Data(film).write(to: URL(fileURLWithPath: root + "/" + name)) }
        try Data("not a film".utf8).write(to: URL(fileURLWithPath: root + "/bad\u{1B}[2J.jpg"))
        let model = root + "/.model.safetensors"
        try writeModel(model) { _, card in card["model_id"] = "evil\nforged row" }
        let inspect = try lightbox(["inspect", root])
        #expect(inspect.status == 1)
        #expect(inspect.out.split(separator: "\n").count == 4)  // header + 3 films
        #expect(inspect.out.contains("t\\x1b]2;PWNED\\x07.jpg"))
        #expect(inspect.out.contains("two\\x0alines.jpg"))
        #expect(inspect.out.contains("tab\\x09here.jpg"))
        for text in [inspect.out, inspect.err] { #expect(!text.contains("\u{1B}") && !text.contains("\u{07}")) }
        for format in ["table", "csv", "jsonl"] {
            let r = try lightbox(["predict", root, "--model", model, "--format", format])
            #expect(r.status == 1)
            #expect(r.out.split(separator: "\n").count == (format == "jsonl" ? 3 : 4), "\(format): \(r.out)")
            for text in [r.out, r.err] { #expect(!text.contains("\u{1B}") && !text.contains("\u{07}") && !text.contains("\t")) }
            if format == "jsonl" {
                for line in r.out.split(separator: "\n") {
                    #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil)
                }
            }
        }
    }

    @Test("a model with NaN weights or a negative running variance is refused naming the file; predict prints no nan")
    func nonFiniteModels() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let film = try JPEGCodec.encodeGray(ChestPhantom.render(width: 64, height: 64, seed: 2, pneumonia: true))
        try Data(film).write(to: URL(fileURLWithPath: root + "/a.jpg"))
        let nanModel = root + "/nan.safetensors", negative = root + "/neg.safetensors", zoom = root + "/zoom.safetensors"
        try writeModel(nanModel) { t, _ in t["layers.0.weight"]!.storage[0] = .nan }
        try writeModel(negative) { t, _ in t["layers.1.running_var"]!.storage[0] = -1 }
        try writeModel(zoom) { _, card in card["test_time_views"] = "rotation=0.0,zoom=0.0,shift=0.0,0.0" }
        let escape = root + "/escape.safetensors"
        try writeModel(escape) { _, card in card["architecture"] = "conv out=\u{1B}]2;PWNED\u{07}\nforged; gap; dense out=1" }
        for model in [nanModel, negative, zoom, escape] {
            let r = try lightbox(["predict", root + "/a.jpg", "--model", model, "--format", "jsonl"])
            #expect(r.status != 0)
            #expect(r.out.isEmpty)
            #expect(!r.out.lowercased().contains("nan"))
            #expect(r.err.contains(model))
            #expect(r.err.split(separator: "\n").count == 1, "\(r.err)")
            #expect(!r.err.contains("\u{1B}") && !r.err.contains("\u{07}"), "\(r.err)")
        }
        // Finite weights whose logit is inf - inf = NaN: the film fails instead of printing nan.
        let huge = root + "/huge.safetensors"
        try writeModel(huge) { t, _ in
            t["layers.4.weight"]!.storage = [3e38, -3e38, 3e38, -3e38]
            t["layers.1.beta"]!.storage = [3e38, 3e38, 3e38, 3e38]
            t["layers.1.gamma"]!.storage = [0, 0, 0, 0]
        }
        let r = try lightbox(["predict", root + "/a.jpg", "--model", huge, "--format", "jsonl"])
        #expect(r.status == 1)
        #expect(r.out.isEmpty, "\(r.out)")
        #expect(r.err.contains("non-finite probability"), "\(r.err)")
    }
}

@Suite("review options")
struct ReviewOptionTests {
    @Test("--reviewer takes a name that starts with a dash, such as -1+1")
    func dashReviewer() throws {
        // Parsed as the name, the review gets as far as the missing folder; read as an option it
        // would stop at "Missing value for '--reviewer'".
        let r = try lightbox(["review", "--reviewer", "-1+1", "/nonexistent-lightbox-study"])
        #expect(r.status != 0)
        #expect(r.err.contains("/nonexistent-lightbox-study"), "\(r.err)")
        #expect(!r.err.contains("--reviewer"), "\(r.err)")
    }
}
