import Imaging
import NeuralNet
import Numerics
import Testing
@testable import Classifier

/// A small valid model's tensors and card, to be damaged one field at a time.
private func parts() throws -> (tensors: [String: Tensor], metadata: [String: String]) {
    var rng = SplitMix64(seed: 5)
    let network = try Network(architecture: "conv out=4 k=3 s=1 p=1 bias=0; bn; relu; gap; dense out=1 bias=1",
                              inputShape: [1, 16, 16], rng: &rng)
    let model = PneumoniaModel(network: network, preprocessing: Preprocessing(inputSize: 16),
                               calibration: Calibration(slope: 1, intercept: 0), threshold: 0.5,
                               card: ModelCard(entries: ["model_id": "hostile-test"]), views: AffineTransform.testTimeViews)
    return try Safetensors.decode(model.safetensorsBytes())
}

private func loadError(_ tensors: [String: Tensor], _ metadata: [String: String]) -> ModelFileError? {
    do { _ = try PneumoniaModel(safetensors: Safetensors.encode(tensors, metadata: metadata)); return nil } catch { return error }
}

@Suite("Hostile model files")
struct HostileModelTests {
    @Test("hostile architecture values are refused with one line naming the field, before allocating",
          arguments: ["conv out=9223372036854775807; gap; dense out=1", "conv out=16 k=3 p=4611686018427387904; gap; dense out=1",
                      "gap; dense out=9223372036854775807", "gap; dense out=3037000500; dense out=1",
                      "gap; dense out=20000; dense out=1", "conv out=4096 k=31 p=30; conv out=4096 k=31 p=30; gap; dense out=1"])
    func hostileArchitecture(_ architecture: String) throws {
        var (tensors, metadata) = try parts()
        metadata["architecture"] = architecture
        let error = loadError(tensors, metadata)
        #expect(error != nil)
        let line = error?.description ?? ""
        #expect(!line.contains("\n"))
        #expect(line.contains("architecture") || line.contains("tensor"), "\(line)")
        tensors = [:]
        #expect(loadError(tensors, metadata) != nil)
    }

    @Test("an architecture wider than the tensors present is refused as missing or mis-shaped weights")
    func architectureAgainstTensors() throws {
        let (tensors, metadata0) = try parts()
        var metadata = metadata0
        metadata["architecture"] = "gap; dense out=20000; dense out=1"
        guard case .tensors(let why)? = loadError(tensors, metadata) else { Issue.record("not refused as tensors"); return }
        #expect(why.contains("layers.1."))
    }

    @Test("test-time views with zoom 0, NaN or out-of-range values are refused naming test_time_views",
          arguments: ["rotation=0.0,zoom=0.0,shift=0.0,0.0", "rotation=0.0,zoom=nan,shift=0.0,0.0", "rotation=720,zoom=1,shift=0,0",
                      "rotation=0,zoom=1,shift=1e9,0", "rotation=0,zoom=1", "garbage"])
    func hostileViews(_ view: String) throws {
        let (tensors, metadata0) = try parts()
        var metadata = metadata0
        metadata["test_time_views"] = "rotation=0.0,zoom=1.0,shift=0.0,0.0;" + view
        guard case .card(let key, _)? = loadError(tensors, metadata) else { Issue.record("view \(view) accepted"); return }
        #expect(key == "test_time_views")
    }

    @Test("NaN or infinite weights and negative running variances are refused at load",
          arguments: [("layers.0.weight", Float.nan), ("layers.4.bias", Float.infinity), ("layers.1.gamma", -Float.infinity),
                      ("layers.1.running_mean", Float.nan), ("layers.1.running_var", -1)])
    func nonFiniteWeights(_ name: String, _ value: Float) throws {
        var (tensors, metadata) = try parts()
        #expect(loadError(tensors, metadata) == nil)
        var t = tensors[name]!
        t.storage[t.storage.count - 1] = value
        tensors[name] = t
        guard case .weights(let why)? = loadError(tensors, metadata) else { Issue.record("\(name) = \(value) accepted"); return }
        #expect(why.contains(name))
    }
}
