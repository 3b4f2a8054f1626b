import Foundation
import Numerics

/// A named slice of a network's flat parameter block.
public struct ParameterSlot: Sendable, Equatable {
    /// Name relative to the layer, e.g. "weight", "bias", "gamma".
    public var name: String
    /// Tensor shape, e.g. [OC, C, KH, KW] for a convolution weight.
    public var shape: [Int]
    /// Offset of the first value relative to the layer's parameter base.
    public var offset: Int
    /// Whether AdamW applies decoupled weight decay (false for biases and BN gamma/beta).
    public var decays: Bool
    /// Number of values.
    public var count: Int { shape.reduce(1, *) }
}

/// A named non-learned buffer saved with a model (e.g. BN running statistics).
public struct BufferSlot: Sendable, Equatable {
    /// Name relative to the layer, e.g. "running_mean".
    public var name: String
    /// Tensor shape.
    public var shape: [Int]
}

/// A network layer over flat NCHW buffers: forward and backward with caches and reusable workspaces.
///
/// Shapes are per item (without the batch): `inputShape` e.g. [C, H, W], `outputShape` [OC, OH, OW] or [F].
/// `backward` overwrites `dInput` (in a sequential network each activation gradient has exactly one
/// producer, so nothing needs zeroing first) and accumulates (+=) into the layer's slice of the gradient
/// block, llm.c-style, so gradients add up over calls until `zeroGradients`; it must follow a `forward`
/// on the same input in training mode. `Network` runs ReLU in place, so a layer's backward must not read
/// its own output `y`, except ReLU and a BN that applies the following ReLU (their output is that ReLU's
/// output, which nothing overwrites).
public protocol Layer: AnyObject {
    /// The description this layer was built from.
    var spec: LayerSpec { get }
    /// Per-item input shape.
    var inputShape: [Int] { get }
    /// Per-item output shape.
    var outputShape: [Int] { get }
    /// Learned parameters, with offsets relative to the layer's parameter base.
    var parameterSlots: [ParameterSlot] { get }
    /// Non-learned state saved with the model.
    var bufferSlots: [BufferSlot] { get }
    /// Multiply-adds counted as 2 FLOPs, per item, for the forward pass.
    var flopsPerItem: Int { get }

    /// Writes initial parameter values (He-normal weights, zero biases, unit gammas) at `parameters`.
    func initializeParameters(_ parameters: UnsafeMutablePointer<Float>, rng: inout some RandomNumberGenerator)
    /// Reads a buffer by name (nil when unknown).
    func buffer(named name: String) -> [Float]?
    /// Replaces a buffer by name; returns false when the name or count does not match.
    func setBuffer(named name: String, to values: [Float]) -> Bool

    /// y (batch, outputShape) = f(x (batch, inputShape)); `training` selects batch statistics and dropout.
    func forward(input x: UnsafePointer<Float>, output y: UnsafeMutablePointer<Float>, batch: Int,
                 parameters: UnsafePointer<Float>, training: Bool, rng: inout some RandomNumberGenerator)
    /// dx = dL/dx (overwritten) and gradients += dL/dθ given x, y and dy from the last training forward; dx may be nil.
    func backward(input x: UnsafePointer<Float>, output y: UnsafePointer<Float>, dOutput dy: UnsafePointer<Float>,
                  dInput dx: UnsafeMutablePointer<Float>?, batch: Int,
                  parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>)
}

extension Layer {
    /// Total learned parameter count.
    public var parameterCount: Int { parameterSlots.reduce(0) { $0 + $1.count } }
    /// Elements per input item.
    public var inputCount: Int { inputShape.reduce(1, *) }
    /// Elements per output item.
    public var outputCount: Int { outputShape.reduce(1, *) }
    public var bufferSlots: [BufferSlot] { [] }
    public func buffer(named name: String) -> [Float]? { nil }
    public func setBuffer(named name: String, to values: [Float]) -> Bool { false }
}

/// He-normal (Kaiming) initialisation: N(0, 2 / fanIn), by Box-Muller from `rng`.
func heNormal(_ p: UnsafeMutablePointer<Float>, count: Int, fanIn: Int, rng: inout some RandomNumberGenerator) {
    let std = (2.0 / Double(max(1, fanIn))).squareRoot()
    var i = 0
    while i < count {
        let u1 = rng.uniform(Double.ulpOfOne..<1)
        let u2 = rng.uniform(0..<1)
        let (z0, z1) = boxMuller(u1: u1, u2: u2)
        p[i] = Float(std * z0)
        if i + 1 < count { p[i + 1] = Float(std * z1) }
        i += 2
    }
}
