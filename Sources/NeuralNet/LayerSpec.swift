/// A textual, rebuildable description of one layer, e.g. "conv out=16 k=3 s=1 p=1 bias=0".
public enum LayerSpec: Sendable, Equatable, CustomStringConvertible {
    /// 2-D convolution with `out` channels, square kernel, stride, zero padding and optional bias.
    case conv(out: Int, kernel: Int, stride: Int, padding: Int, bias: Bool)
    /// Per-channel batch normalisation with running-stat `momentum` and variance `epsilon`.
    case batchNorm(momentum: Float, epsilon: Float)
    /// max(0, x).
    case relu
    /// Max pooling with a square window and stride.
    case maxPool(kernel: Int, stride: Int)
    /// Mean over H and W: (C, H, W) -> (C).
    case globalAveragePool
    /// Fully connected layer to `out` features, optional bias.
    case dense(out: Int, bias: Bool)
    /// Inverted dropout with drop probability `p` in [0, 1).
    case dropout(p: Float)

    public var description: String {
        switch self {
        case let .conv(out, k, s, p, bias): return "conv out=\(out) k=\(k) s=\(s) p=\(p) bias=\(bias ? 1 : 0)"
        case let .batchNorm(m, e): return "bn momentum=\(m) eps=\(e)"
        case .relu: return "relu"
        case let .maxPool(k, s): return "maxpool k=\(k) s=\(s)"
        case .globalAveragePool: return "gap"
        case let .dense(out, bias): return "dense out=\(out) bias=\(bias ? 1 : 0)"
        case let .dropout(p): return "dropout p=\(p)"
        }
    }

    /// Parses one `description` line; unspecified keys take defaults (k=3 s=1 p=1 bias=1, bn momentum=0.1 eps=1e-5).
    public init(parsing text: some StringProtocol) throws(ArchitectureError) {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard let kind = words.first else { throw .badLayer(String(text), "empty layer") }
        var values: [String: String] = [:]
        for word in words.dropFirst() {
            let kv = word.split(separator: "=", maxSplits: 1)
            guard kv.count == 2 else { throw .badLayer(String(text), "expected key=value, got \(word)") }
            values[String(kv[0])] = String(kv[1])
        }
        func int(_ key: String, _ fallback: Int?, min: Int) throws(ArchitectureError) -> Int {
            guard let raw = values.removeValue(forKey: key) else {
                if let fallback { return fallback }
                throw .badLayer(String(text), "missing \(key)")
            }
            // Upper limits (LayerLimits) are checked here, before any shape arithmetic can overflow.
            let max = Self.limit(kind: String(kind), key: key) ?? Int.max
            guard let v = Int(raw), v >= min, v <= max else {
                let range = max == Int.max ? ">= \(min)" : "in \(min)...\(max)"
                throw .badLayer(String(text), "\(key)=\(raw) is not an integer \(range)")
            }
            return v
        }
        func float(_ key: String, _ fallback: Float, _ range: ClosedRange<Float>) throws(ArchitectureError) -> Float {
            guard let raw = values.removeValue(forKey: key) else { return fallback }
            guard let v = Float(raw), range.contains(v) else { throw .badLayer(String(text), "\(key)=\(raw) is out of range") }
            return v
        }
        switch kind {
        case "conv":
            self = .conv(out: try int("out", nil, min: 1), kernel: try int("k", 3, min: 1),
                         stride: try int("s", 1, min: 1), padding: try int("p", 1, min: 0),
                         bias: try int("bias", 1, min: 0) != 0)
        case "bn":
            self = .batchNorm(momentum: try float("momentum", 0.1, 0...1), epsilon: try float("eps", 1e-5, Float.leastNormalMagnitude...1))
        case "relu": self = .relu
        case "maxpool": self = .maxPool(kernel: try int("k", 2, min: 1), stride: try int("s", 2, min: 1))
        case "gap": self = .globalAveragePool
        case "dense": self = .dense(out: try int("out", nil, min: 1), bias: try int("bias", 1, min: 0) != 0)
        case "dropout": self = .dropout(p: try float("p", 0.5, 0...0.999))
        default: throw .badLayer(String(text), "unknown layer kind \(kind)")
        }
        if let extra = values.keys.sorted().first { throw .badLayer(String(text), "unknown key \(extra)") }
    }

    /// Joins specs into one architecture string, layers separated by "; ".
    public static func text(of specs: [LayerSpec]) -> String { specs.map(\.description).joined(separator: "; ") }

    /// Parses an architecture string produced by `text(of:)`; layers are separated by `;` or newlines.
    public static func parse(architecture text: String) throws(ArchitectureError) -> [LayerSpec] {
        var specs: [LayerSpec] = []
        for part in text.split(whereSeparator: { $0 == ";" || $0 == "\n" }) where !part.allSatisfy(\.isWhitespace) {
            specs.append(try LayerSpec(parsing: part))
        }
        guard !specs.isEmpty else { throw .empty }
        return specs
    }
}

/// An architecture that cannot be parsed or built, with a one-line reason.
public enum ArchitectureError: Error, Equatable, CustomStringConvertible {
    /// The text names no layers.
    case empty
    /// One layer's text is malformed.
    case badLayer(String, String)
    /// A layer does not fit the shape it receives.
    case badShape(layer: Int, String)

    public var description: String {
        switch self {
        case .empty: return "architecture: no layers"
        case let .badLayer(text, why): return "architecture: layer \"\(text)\": \(why)"
        case let .badShape(layer, why): return "architecture: layer \(layer): \(why)"
        }
    }
}
