/// A dense Float tensor in row-major order (NCHW for images); `storage.count == shape.product`.
public struct Tensor: Equatable, Sendable {
    /// Dimensions, outermost first, e.g. [N, C, H, W].
    public var shape: [Int]
    /// Values in row-major order.
    public var storage: [Float]

    /// A tensor of the given shape filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        self.shape = shape
        self.storage = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// A tensor wrapping `storage`; the count must equal the shape's product.
    public init(shape: [Int], storage: [Float]) {
        precondition(shape.reduce(1, *) == storage.count, "Tensor: storage count does not match shape \(shape)")
        self.shape = shape
        self.storage = storage
    }

    /// Number of elements.
    public var count: Int { storage.count }

    /// Size of the first dimension (the batch for NCHW), or 1 for a scalar.
    public var batch: Int { shape.first ?? 1 }

    /// Elements per item of the first dimension (C*H*W for NCHW).
    public var itemCount: Int { shape.dropFirst().reduce(1, *) }
}
