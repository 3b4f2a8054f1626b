import LinearAlgebra
/// A sequential network with one flat parameter block and one flat gradient block (llm.c-style).
///
/// Activation buffers are owned by the network and regrown only when a larger batch arrives,
/// so repeated forward passes at the same batch size allocate only the returned output.
/// Not thread-safe: forward/backward reuse internal buffers, so use one instance per thread.
public final class Network {
    /// The layer descriptions, in order.
    public let specs: [LayerSpec]
    /// Per-item input shape, e.g. [1, 128, 128].
    public let inputShape: [Int]
    /// The layers, in order.
    public let layers: [any Layer]
    /// Offset of each layer's parameters in `parameters`.
    public let parameterOffsets: [Int]
    /// All learned parameters, concatenated layer by layer.
    public var parameters: [Float]
    /// dLoss/dParameters, same layout as `parameters`; `backward` accumulates into it (activation gradients are overwritten).
    public var gradients: [Float]

    private var capacity = 0                               // batch the buffers fit
    private var activations: [UnsafeMutablePointer<Float>] = []  // acts[i]: input of layer i; acts[L]: output
    private var activationGrads: [UnsafeMutablePointer<Float>] = []  // same shapes; empty until a backward
    private var lastBatch = 0
    private var lastTraining = false
    private var inferencePlan: InferencePlan?
    private var inferenceUnsupported = false

    /// When true (the default), `forward(training: false)` runs the fused inference plan (BN folded
    /// into convolutions, fused ReLU/pool epilogues, batch-parallel workers) when the architecture
    /// allows; false forces the layer-by-layer reference path.
    public var usesFusedInference = true
    /// When set, the layer-by-layer passes record each layer's time in it.
    public var layerClock: LayerClock? = nil
    /// Test hook: overrides the number of batch-parallel inference workers (nil = decide from `BLAS.threadCount`).
    package var inferenceWorkersOverride: Int? = nil
    /// Instruction set of the fused plan's C kernels (tests and `bench` lower it; default the CPU's best).
    package var convKernelLevel = ConvKernelLevel.best
    /// When false, the fused plan runs every convolution through sgemm or Swift (the path before the C kernels), for `bench`.
    package var usesConvKernels = true

    /// Builds layers for `specs` over per-item `inputShape` and initialises parameters from `rng`.
    public init(specs: [LayerSpec], inputShape: [Int], rng: inout some RandomNumberGenerator) throws(ArchitectureError) {
        // Checked against LayerLimits first, so no hostile value reaches a layer's size arithmetic.
        _ = try LayerSpec.plan(specs, inputShape: inputShape)
        var shape = inputShape
        var layers: [any Layer] = []
        var offsets: [Int] = []
        var total = 0
        for (i, spec) in specs.enumerated() {
            let layer: any Layer
            do {
                switch spec {
                case let .conv(out, k, s, p, bias):
                    layer = try Conv2D(inputShape: shape, outChannels: out, kernel: k, stride: s, padding: p, bias: bias)
                case let .batchNorm(momentum, eps): layer = try BatchNorm2D(inputShape: shape, momentum: momentum, epsilon: eps)
                case .relu: layer = ReLU(inputShape: shape)
                case let .maxPool(k, s): layer = try MaxPool2D(inputShape: shape, kernel: k, stride: s)
                case .globalAveragePool: layer = try GlobalAveragePool(inputShape: shape)
                case let .dense(out, bias): layer = try Dense(inputShape: shape, outFeatures: out, bias: bias)
                case let .dropout(p): layer = try Dropout(inputShape: shape, probability: p)
                }
            } catch {
                if case let .badShape(_, why) = error { throw .badShape(layer: i, why) }
                throw error
            }
            layers.append(layer)
            offsets.append(total)
            total += layer.parameterCount
            shape = layer.outputShape
        }
        self.specs = specs
        self.inputShape = inputShape
        self.layers = layers
        self.parameterOffsets = offsets
        // BN followed by ReLU: BN clamps while writing, and the in-place ReLU forward is skipped.
        for i in 1..<max(1, layers.count) where layers[i] is ReLU {
            (layers[i - 1] as? BatchNorm2D)?.appliesReLU = true
        }
        self.parameters = [Float](repeating: 0, count: total)
        self.gradients = [Float](repeating: 0, count: total)
        parameters.withUnsafeMutableBufferPointer { p in
            for (layer, offset) in zip(layers, offsets) where layer.parameterCount > 0 {
                layer.initializeParameters(p.baseAddress! + offset, rng: &rng)
            }
        }
    }

    /// Builds a network from an architecture string (see `LayerSpec.text(of:)`).
    public convenience init(architecture: String, inputShape: [Int], rng: inout some RandomNumberGenerator) throws(ArchitectureError) {
        try self.init(specs: try LayerSpec.parse(architecture: architecture), inputShape: inputShape, rng: &rng)
    }

    deinit { release() }

    private func release() {
        for (i, p) in activations.enumerated() where i == 0 || !(layers[i - 1] is ReLU) { p.deallocate() }
        for p in activationGrads { p.deallocate() }
        activations = []
        activationGrads = []
        capacity = 0
    }

    private func reserve(batch: Int) {
        guard batch > capacity else { return }
        release()
        var shapes = [inputShape]
        for layer in layers { shapes.append(layer.outputShape) }
        for (i, shape) in shapes.enumerated() {
            let n = batch * shape.reduce(1, *)
            if i > 0 && layers[i - 1] is ReLU {
                // ReLU runs in place: its backward needs only its output, and no other layer reads its own output.
                activations.append(activations[i - 1])
            } else {
                let a = UnsafeMutablePointer<Float>.allocate(capacity: n)
                a.initialize(repeating: 0, count: n)
                activations.append(a)
            }
        }
        capacity = batch
    }

    /// Gradient buffers are allocated on the first backward, so inference-only networks never pay for them.
    private func reserveGradients() {
        guard activationGrads.isEmpty else { return }
        var shapes = [inputShape]
        for layer in layers { shapes.append(layer.outputShape) }
        for shape in shapes {
            let n = capacity * shape.reduce(1, *)
            let g = UnsafeMutablePointer<Float>.allocate(capacity: n)
            g.initialize(repeating: 0, count: n)
            activationGrads.append(g)
        }
    }

    /// Per-item output shape.
    public var outputShape: [Int] { layers.last!.outputShape }
    /// Number of learned parameters.
    public var parameterCount: Int { parameters.count }
    /// Forward FLOPs per input item (multiply-add = 2).
    public var flopsPerItem: Int { layers.reduce(0) { $0 + $1.flopsPerItem } }
    /// The architecture as text, rebuildable with `init(architecture:inputShape:rng:)`.
    public var architecture: String { LayerSpec.text(of: specs) }

    /// Index ranges of `parameters` that receive weight decay (conv and dense weights).
    public var decayRanges: [Range<Int>] {
        var ranges: [Range<Int>] = []
        for (layer, base) in zip(layers, parameterOffsets) {
            for slot in layer.parameterSlots where slot.decays { ranges.append((base + slot.offset)..<(base + slot.offset + slot.count)) }
        }
        return ranges
    }

    /// Sets every gradient to zero.
    public func zeroGradients() {
        gradients.withUnsafeMutableBufferPointer { g in g.update(repeating: 0) }
    }

    /// Runs x (B, inputShape...) through all layers and returns (B, outputShape...); `training` selects batch stats/dropout.
    public func forward(_ input: Tensor, training: Bool, rng: inout some RandomNumberGenerator) -> Tensor {
        let perItem = inputShape.reduce(1, *)
        precondition(input.itemCount == perItem && input.count % perItem == 0,
                     "Network.forward: input shape \(input.shape) does not match \(inputShape)")
        let batch = input.count / perItem
        precondition(batch > 0, "Network.forward: empty batch")
        if !training && usesFusedInference, let plan = currentInferencePlan() {
            let outCount = batch * outputShape.reduce(1, *)
            let y = [Float](unsafeUninitializedCapacity: outCount) { buffer, count in
                input.storage.withUnsafeBufferPointer { plan.run($0.baseAddress!, batch: batch, into: buffer.baseAddress!, workers: inferenceWorkersOverride) }
                count = outCount
            }
            lastBatch = batch
            lastTraining = false
            return Tensor(shape: [batch] + outputShape, storage: y)
        }
        reserve(batch: batch)
        input.storage.withUnsafeBufferPointer { activations[0].update(from: $0.baseAddress!, count: input.count) }
        parameters.withUnsafeBufferPointer { p in
            let base = p.baseAddress ?? UnsafePointer(activations[0])
            for (i, layer) in layers.enumerated() {
                if fusedReLU(at: i) { continue }
                let start = layerClock?.now()
                layer.forward(input: activations[i], output: activations[i + 1], batch: batch,
                              parameters: base + parameterOffsets[i], training: training, rng: &rng)
                if let start { layerClock?.add(i, backward: false, since: start) }
            }
        }
        lastBatch = batch
        lastTraining = training
        let outCount = batch * outputShape.reduce(1, *)
        return Tensor(shape: [batch] + outputShape, storage: Array(UnsafeBufferPointer(start: activations[layers.count], count: outCount)))
    }

    /// Whether layer i is a ReLU whose forward and backward the BN before it performs (`appliesReLU`).
    private func fusedReLU(at i: Int) -> Bool {
        i > 0 && i < layers.count && layers[i] is ReLU && (layers[i - 1] as? BatchNorm2D)?.appliesReLU == true
    }

    /// The fused inference plan, rebuilt when parameters or BN statistics changed; nil when unsupported.
    func currentInferencePlan() -> InferencePlan? {
        if inferenceUnsupported { return nil }
        if let plan = inferencePlan, plan.usesConvKernels == usesConvKernels, plan.matches(self) {
            plan.kernelLevel = convKernelLevel
            return plan
        }
        inferencePlan = InferencePlan(network: self, convKernels: usesConvKernels)
        if inferencePlan == nil { inferenceUnsupported = true }
        inferencePlan?.kernelLevel = convKernelLevel
        return inferencePlan
    }

    /// Backpropagates dL/dOutput through the last training `forward`, accumulating into `gradients`; returns dL/dInput.
    @discardableResult
    public func backward(_ dOutput: Tensor, computeInputGradient: Bool = false) -> Tensor? {
        let batch = lastBatch
        precondition(lastTraining, "Network.backward needs a preceding forward(training: true)")
        precondition(dOutput.count == batch * outputShape.reduce(1, *), "Network.backward: dOutput has the wrong size")
        let L = layers.count
        reserveGradients()
        dOutput.storage.withUnsafeBufferPointer { activationGrads[L].update(from: $0.baseAddress!, count: dOutput.count) }
        // No zeroing of activation gradients: every layer overwrites its dInput (each has one producer).
        parameters.withUnsafeBufferPointer { p in
            gradients.withUnsafeMutableBufferPointer { g in
                let pb = p.baseAddress ?? UnsafePointer(activations[0])
                let gb = g.baseAddress ?? activationGrads[0]
                for i in stride(from: L - 1, through: 0, by: -1) {
                    // A ReLU fused into the BN before it: BN's backward masks dy itself, reading ReLU's dOutput.
                    if fusedReLU(at: i) { continue }
                    let dx: UnsafeMutablePointer<Float>? = (i > 0 || computeInputGradient) ? activationGrads[i] : nil
                    let dy = fusedReLU(at: i + 1) ? activationGrads[i + 2] : activationGrads[i + 1]
                    let start = layerClock?.now()
                    layers[i].backward(input: activations[i], output: activations[i + 1], dOutput: dy, dInput: dx,
                                       batch: batch, parameters: pb + parameterOffsets[i], gradients: gb + parameterOffsets[i])
                    if let start { layerClock?.add(i, backward: true, since: start) }
                }
            }
        }
        guard computeInputGradient else { return nil }
        let n = batch * inputShape.reduce(1, *)
        return Tensor(shape: [batch] + inputShape, storage: Array(UnsafeBufferPointer(start: activationGrads[0], count: n)))
    }
}
