import Testing
@testable import NeuralNet

@Suite("Architecture limits")
struct LayerLimitsTests {
    static let shipped = "conv out=16 k=3 s=1 p=1 bias=0; bn; relu; maxpool k=2 s=2; conv out=32 k=3 s=1 p=1 bias=0; bn; relu; "
        + "maxpool k=2 s=2; conv out=64 k=3 s=1 p=1 bias=0; bn; relu; gap; dropout p=0.3; dense out=1 bias=1"

    @Test("the plan names exactly the tensors, shapes and output a built network has")
    func planMatchesNetwork() throws {
        var rng = TestRNG(seed: 1)
        let network = try Network(architecture: Self.shipped, inputShape: [1, 64, 64], rng: &rng)
        let plan = try LayerSpec.plan(network.specs, inputShape: [1, 64, 64])
        #expect(plan.tensorShapes == network.namedTensors.mapValues(\.shape))
        #expect(plan.outputShape == network.outputShape)
        #expect(plan.floatCount == network.namedTensors.values.reduce(0) { $0 + $1.count })
    }

    @Test("hostile integers in an architecture string are refused by the parser with the key and the limit",
          arguments: ["conv out=9223372036854775807", "conv out=16 k=3 p=4611686018427387904", "dense out=9223372036854775807",
                      "conv out=16 k=1000", "conv out=16 s=99", "maxpool k=64", "dense out=3037000500"])
    func parserRefusesHugeValues(_ text: String) {
        #expect(throws: ArchitectureError.self) { try LayerSpec.parse(architecture: text) }
        do { _ = try LayerSpec.parse(architecture: text) } catch {
            #expect(error.description.contains("is not an integer in"))
        }
    }

    @Test("specs built in code with hostile values are refused by Network.init instead of trapping")
    func networkRefusesHugeSpecs() {
        var rng = TestRNG(seed: 1)
        let hostile: [[LayerSpec]] = [
            [.conv(out: Int.max, kernel: 3, stride: 1, padding: 1, bias: false)],
            [.conv(out: 16, kernel: 3, stride: 1, padding: 1 << 62, bias: false)],
            [.globalAveragePool, .dense(out: Int.max, bias: true)],
            [.globalAveragePool, .dense(out: 60_000, bias: true), .dense(out: 60_000, bias: true)],
            Array(repeating: .relu, count: LayerLimits.layers + 1),
        ]
        for specs in hostile {
            #expect(throws: ArchitectureError.self) { try Network(specs: specs, inputShape: [1, 16, 16], rng: &rng) }
        }
    }

    @Test("an activation larger than the per-item limit is refused before any buffer exists")
    func activationLimit() {
        #expect(throws: ArchitectureError.self) {
            try LayerSpec.plan([.conv(out: 4096, kernel: 3, stride: 1, padding: 1, bias: false)], inputShape: [1, 1024, 1024])
        }
    }
}
