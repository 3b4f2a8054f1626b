/// Mean over the spatial dimensions: (C, H, W) -> (C).
public final class GlobalAveragePool: Layer {
    public let spec = LayerSpec.globalAveragePool
    public let inputShape: [Int]
    public let outputShape: [Int]
    public let parameterSlots: [ParameterSlot] = []
    public var flopsPerItem: Int { inputShape.reduce(1, *) }

    /// Global average pooling over per-item input (C, H, W).
    public init(inputShape: [Int]) throws(ArchitectureError) {
        guard inputShape.count == 3 else { throw .badShape(layer: 0, "gap needs (C, H, W) input, got \(inputShape)") }
        self.inputShape = inputShape
        self.outputShape = [inputShape[0]]
    }

    public func initializeParameters(_ parameters: UnsafeMutablePointer<Float>, rng: inout some RandomNumberGenerator) {}

    // x (B, C, HW) -> y (B, C)
    public func forward(input x: UnsafePointer<Float>, output y: UnsafeMutablePointer<Float>, batch: Int,
                        parameters: UnsafePointer<Float>, training: Bool, rng: inout some RandomNumberGenerator) {
        let HW = inputShape[1] * inputShape[2], planes = batch * inputShape[0]
        let scale = 1 / Float(HW)
        for p in 0..<planes { y[p] = vectorSum(x + p * HW, HW) * scale }
    }

    // dx (B, C, HW) = dy (B, C) / HW
    public func backward(input x: UnsafePointer<Float>, output y: UnsafePointer<Float>, dOutput dy: UnsafePointer<Float>,
                         dInput dx: UnsafeMutablePointer<Float>?, batch: Int,
                         parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        guard let dx else { return }
        let HW = inputShape[1] * inputShape[2], planes = batch * inputShape[0]
        let scale = 1 / Float(HW)
        for p in 0..<planes {
            let d = dy[p] * scale, dxp = dx + p * HW
            dxp.update(repeating: d, count: HW)
        }
    }
}
