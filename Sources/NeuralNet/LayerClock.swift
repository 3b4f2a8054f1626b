/// Wall-clock time spent in each layer's forward and backward, for `lightbox bench --layers`.
///
/// Attach one to `Network.layerClock`; the layer-by-layer path (training, or inference with
/// `usesFusedInference = false`) adds each call's duration. Nil (the default) costs nothing.
public final class LayerClock {
    /// Seconds per layer index in forward and in backward passes.
    public private(set) var forwardSeconds: [Double]
    public private(set) var backwardSeconds: [Double]

    /// Reads a monotonic clock in nanoseconds (passed in: the core reads no clock itself).
    private let readClock: () -> UInt64

    /// A clock for a network with `layers` layers, all times zero, reading time from `now`
    /// (monotonic nanoseconds, e.g. `DispatchTime.now().uptimeNanoseconds`).
    public init(layers: Int, now: @escaping () -> UInt64) {
        forwardSeconds = [Double](repeating: 0, count: layers)
        backwardSeconds = [Double](repeating: 0, count: layers)
        readClock = now
    }

    /// A timestamp for `add(_:backward:since:)`, in nanoseconds.
    @inline(__always)
    func now() -> UInt64 { readClock() }

    /// Adds the time since `start` (from `now()`) to layer `index` of the chosen direction.
    @inline(__always)
    func add(_ index: Int, backward: Bool, since start: UInt64) {
        let seconds = Double(readClock() - start) / 1e9
        if backward { backwardSeconds[index] += seconds } else { forwardSeconds[index] += seconds }
    }

    /// Sets every time back to zero.
    public func reset() {
        forwardSeconds = forwardSeconds.map { _ in 0 }
        backwardSeconds = backwardSeconds.map { _ in 0 }
    }
}
