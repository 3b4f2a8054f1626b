/// Documented upper limits on architecture values, checked before anything is allocated.
///
/// An architecture comes from a model file, which may be hostile: every value is range-checked
/// when parsed, and `LayerSpec.plan` walks the shapes with overflow-checked arithmetic, so a
/// network is only built when every activation and parameter block is of a sane size.
public enum LayerLimits {
    /// Most layers in one network.
    public static let layers = 256
    /// Most output channels of a convolution.
    public static let channels = 4096
    /// Largest square kernel of a convolution or pooling window.
    public static let kernel = 31
    /// Largest stride.
    public static let stride = 16
    /// Most output features of a dense layer.
    public static let denseFeatures = 65_536
    /// Most floats in one item's activation after any layer (2^24 = 64 MB).
    public static let activationFloats = 1 << 24
    /// Most learned parameters plus buffers in the whole network (2^26 floats = 256 MiB, the
    /// largest model file the loader reads; the shipped model has 245k).
    public static let parameters = 1 << 26
}

/// The tensors and sizes an architecture implies, computed without building any layer.
public struct ArchitecturePlan: Equatable, Sendable {
    /// Every parameter and buffer tensor by name ("layers.<i>.<slot>") with its shape.
    public var tensorShapes: [String: [Int]]
    /// Per-item output shape of the last layer.
    public var outputShape: [Int]
    /// Parameters plus buffers, in floats.
    public var floatCount: Int
}

extension LayerSpec {
    /// Checks `specs` over per-item `inputShape` against `LayerLimits` and returns the tensors it needs.
    ///
    /// Never traps and never allocates more than the plan itself: all arithmetic is overflow-checked.
    public static func plan(_ specs: [LayerSpec], inputShape: [Int]) throws(ArchitectureError) -> ArchitecturePlan {
        guard !specs.isEmpty else { throw .empty }
        guard specs.count <= LayerLimits.layers else {
            throw .badShape(layer: specs.count - 1, "\(specs.count) layers exceed the limit of \(LayerLimits.layers)")
        }
        var shape = inputShape
        var tensors: [String: [Int]] = [:]
        var floats = 0
        for (i, spec) in specs.enumerated() {
            func fail(_ why: String) -> ArchitectureError { .badShape(layer: i, why) }
            func add(_ slot: String, _ s: [Int]) throws(ArchitectureError) {
                guard let n = checkedProduct(s), n <= LayerLimits.parameters - floats else {
                    throw fail("\(spec) needs more than \(LayerLimits.parameters) parameters")
                }
                floats += n
                tensors["layers.\(i).\(slot)"] = s
            }
            try spec.checkRanges(layer: i)
            switch spec {
            case let .conv(out, k, s, p, bias):
                guard shape.count == 3 else { throw fail("conv needs (C, H, W) input, got \(shape)") }
                let (c, h, w) = (shape[0], shape[1], shape[2])
                guard h + 2 * p >= k, w + 2 * p >= k else { throw fail("conv k=\(k) s=\(s) p=\(p) does not fit input \(shape)") }
                try add("weight", [out, c, k, k])
                if bias { try add("bias", [out]) }
                shape = [out, (h + 2 * p - k) / s + 1, (w + 2 * p - k) / s + 1]
            case .batchNorm:
                guard shape.count == 3 || shape.count == 1 else { throw fail("batch norm needs (C, H, W) or (C) input, got \(shape)") }
                for slot in ["gamma", "beta", "running_mean", "running_var"] { try add(slot, [shape[0]]) }
            case .relu, .dropout:
                break
            case let .maxPool(k, s):
                guard shape.count == 3, shape[1] >= k, shape[2] >= k else { throw fail("maxpool k=\(k) s=\(s) does not fit input \(shape)") }
                shape = [shape[0], (shape[1] - k) / s + 1, (shape[2] - k) / s + 1]
            case .globalAveragePool:
                guard shape.count == 3 else { throw fail("gap needs (C, H, W) input, got \(shape)") }
                shape = [shape[0]]
            case let .dense(out, bias):
                guard let inFeatures = checkedProduct(shape), !shape.isEmpty else { throw fail("dense needs an input") }
                try add("weight", [out, inFeatures])
                if bias { try add("bias", [out]) }
                shape = [out]
            }
            guard let n = checkedProduct(shape), n <= LayerLimits.activationFloats else {
                throw fail("\(spec) gives an output of \(shape), above the limit of \(LayerLimits.activationFloats) floats per item")
            }
        }
        return ArchitecturePlan(tensorShapes: tensors, outputShape: shape, floatCount: floats)
    }

    /// Refuses values outside `LayerLimits` (specs built in code skip the parser's checks).
    func checkRanges(layer i: Int) throws(ArchitectureError) {
        func check(_ key: String, _ value: Int, _ range: ClosedRange<Int>) throws(ArchitectureError) {
            guard range.contains(value) else { throw .badShape(layer: i, "\(self): \(key)=\(value) is outside \(range)") }
        }
        switch self {
        case let .conv(out, k, s, p, _):
            try check("out", out, 1...LayerLimits.channels)
            try check("k", k, 1...LayerLimits.kernel)
            try check("s", s, 1...LayerLimits.stride)
            try check("p", p, 0...(k - 1))
        case let .maxPool(k, s):
            try check("k", k, 1...LayerLimits.kernel)
            try check("s", s, 1...LayerLimits.stride)
        case let .dense(out, _):
            try check("out", out, 1...LayerLimits.denseFeatures)
        case let .batchNorm(momentum, eps):
            guard (0...1).contains(momentum), eps > 0, eps <= 1 else {
                throw .badShape(layer: i, "\(self): momentum must be in 0...1 and eps in (0, 1]")
            }
        case let .dropout(p):
            guard p >= 0, p < 1 else { throw .badShape(layer: i, "\(self): p must be in [0, 1)") }
        case .relu, .globalAveragePool:
            break
        }
    }

    /// The upper bound the parser accepts for an integer key of a layer kind (nil: no integer key).
    static func limit(kind: String, key: String) -> Int? {
        switch (kind, key) {
        case ("conv", "out"): return LayerLimits.channels
        case ("conv", "k"), ("maxpool", "k"): return LayerLimits.kernel
        case ("conv", "s"), ("maxpool", "s"): return LayerLimits.stride
        case ("conv", "p"): return LayerLimits.kernel - 1
        case ("dense", "out"): return LayerLimits.denseFeatures
        case (_, "bias"): return 1
        default: return nil
        }
    }
}

/// The product of `values`, or nil when any is negative or the product overflows.
private func checkedProduct(_ values: [Int]) -> Int? {
    var n = 1
    for v in values {
        guard v >= 0 else { return nil }
        let (p, overflow) = n.multipliedReportingOverflow(by: v)
        if overflow { return nil }
        n = p
    }
    return n
}
