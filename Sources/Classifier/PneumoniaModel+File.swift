import Imaging
import NeuralNet
import Numerics

extension PneumoniaModel {
    /// Serialises weights, BN running statistics and the card as safetensors bytes.
    public func safetensorsBytes() -> [UInt8] {
        var entries = card.entries
        entries["format"] = ModelCard.format
        entries["architecture"] = network.architecture
        entries["input_size"] = String(preprocessing.inputSize)
        entries["preprocessing"] = preprocessing.description
        entries["threshold"] = String(threshold)
        entries["calibration_slope"] = String(calibration.slope)
        entries["calibration_intercept"] = String(calibration.intercept)
        entries["labels"] = "NORMAL,PNEUMONIA (one logit; positive = PNEUMONIA)"
        entries["test_time_views"] = views.map(Self.describe).joined(separator: ";")
        entries["intended_use"] = ModelCard.intendedUse
        return Safetensors.encode(network.namedTensors, metadata: entries)
    }

    /// Loads a model from safetensors bytes, validating the card and every tensor.
    ///
    /// Allocation is bounded by the size of `bytes` (the codec checks offsets before copying).
    public convenience init(safetensors bytes: [UInt8]) throws(ModelFileError) {
        let decoded: (tensors: [String: Tensor], metadata: [String: String])
        do { decoded = try Safetensors.decode(bytes) } catch { throw .container(error.description) }
        let card = ModelCard(entries: decoded.metadata)
        for key in ModelCard.requiredKeys where card[key] == nil { throw .card(key: key, reason: "is missing") }
        guard card["format"] == ModelCard.format else {
            throw .card(key: "format", reason: "is \"\(card["format"]!)\", expected \"\(ModelCard.format)\"")
        }
        guard let size = Int(card["input_size"]!), ModelCardLimits.inputSize.contains(size) else {
            throw .card(key: "input_size", reason: "must be an integer in \(ModelCardLimits.inputSize)")
        }
        guard let threshold = Double(card["threshold"]!), (0...1).contains(threshold) else {
            throw .card(key: "threshold", reason: "must be a number in 0...1")
        }
        guard let slope = Double(card["calibration_slope"]!), slope.isFinite, slope > 0,
              let intercept = Double(card["calibration_intercept"]!), intercept.isFinite else {
            throw .card(key: "calibration_slope", reason: "and calibration_intercept must be finite, slope > 0")
        }
        let views = try ModelCard.parseViews(card["test_time_views"], inputSize: size)
        // Every architecture value is checked against LayerLimits and the tensors actually present
        // before the network allocates anything, so a hostile card cannot trap or exhaust memory.
        let plan: ArchitecturePlan
        do {
            plan = try LayerSpec.plan(LayerSpec.parse(architecture: card["architecture"]!), inputShape: [1, size, size])
        } catch { throw .architecture(String(describing: error)) }
        guard plan.outputShape == [1] else { throw .architecture("output shape \(plan.outputShape), expected [1]") }
        try ModelCard.checkTensors(decoded.tensors, against: plan)
        var rng = SplitMix64(seed: 0)
        let network: Network
        do {
            network = try Network(architecture: card["architecture"]!, inputShape: [1, size, size], rng: &rng)
        } catch { throw .architecture(String(describing: error)) }
        do { try network.load(namedTensors: decoded.tensors) } catch { throw .tensors(error.description) }
        self.init(network: network, preprocessing: Preprocessing(inputSize: size),
                  calibration: Calibration(slope: slope, intercept: intercept),
                  threshold: threshold, card: card, views: views)
    }

    static func describe(_ t: AffineTransform) -> String {
        "rotation=\(t.rotationDegrees),zoom=\(t.zoom),shift=\(t.shiftX),\(t.shiftY)"
    }

    static func parseView(_ text: String) -> AffineTransform? {
        var values: [String: [Float]] = [:]
        var key = ""
        for part in text.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1)
            if kv.count == 2 { key = String(kv[0]); values[key] = [Float(kv[1]) ?? .nan] } else { values[key, default: []].append(Float(part) ?? .nan) }
        }
        guard let r = values["rotation"]?.first, let z = values["zoom"]?.first,
              let s = values["shift"], s.count == 2, ([r, z] + s).allSatisfy(\.isFinite) else { return nil }
        return AffineTransform(rotationDegrees: r, zoom: z, shiftX: s[0], shiftY: s[1])
    }

    /// A stable short hash (FNV-1a, 64-bit, hex) of the weights, for model identifiers.
    public func weightsFingerprint() -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for v in network.parameters {
            var bits = v.bitPattern
            for _ in 0..<4 {
                h ^= UInt64(bits & 0xFF)
                h = h &* 0x0000_0100_0000_01B3
                bits >>= 8
            }
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
