/// Per-step timing of the fused inference plan, for `lightbox bench`.
extension InferencePlan.Step {
    /// A short name: the kind of step, its kernel and its output shape.
    var name: String {
        switch self {
        case .toChannelsLast(let c, let p): return "to channels-last \(c)x\(p)"
        case .conv(let c):
            let g = c.geometry
            let kernel: String
            switch c.fast {
            case .winograd(_, let m)?: kernel = "winograd F\(m)"
            case .directPool?: kernel = "direct C"
            case nil: kernel = c.direct ? "direct" : "sgemm"
            }
            let epilogue = (c.relu ? "+relu" : "") + (c.pool ? "+pool" : "")
            return "conv\(g.kernel)x\(g.kernel) \(g.channels)->\(c.outChannels) @\(g.height)x\(g.width) \(kernel)\(epilogue)"
        case .globalAveragePool(let c, _): return "global average pool \(c)"
        case .dense(_, _, let i, let o): return "dense \(i)->\(o)"
        }
    }
}

extension Network {
    /// Wall time per image of each step of the fused inference plan over `rounds` passes of `x`
    /// (after one warm-up pass), timed by `now` (monotonic nanoseconds); nil when the network has
    /// no plan. With several workers running chunks at once, the steps' summed worker times are
    /// scaled to the measured wall time.
    package func inferenceProfile(_ x: Tensor, rounds: Int, now: @escaping () -> UInt64) -> [(name: String, seconds: Double)]? {
        guard let plan = currentInferencePlan() else { return nil }
        let batch = x.count / inputShape.reduce(1, *)
        var y = [Float](repeating: 0, count: batch * outputShape.reduce(1, *))
        func pass() {
            x.storage.withUnsafeBufferPointer { xb in
                y.withUnsafeMutableBufferPointer { plan.run(xb.baseAddress!, batch: batch, into: $0.baseAddress!, workers: inferenceWorkersOverride) }
            }
        }
        pass()
        plan.resetProfile()
        plan.profileClock = now
        defer { plan.profileClock = nil }
        let start = now()
        for _ in 0..<max(1, rounds) { pass() }
        let wall = Double(now() - start) / 1e9
        let busy = plan.profile
        // Scale the summed per-worker times to the measured wall time (workers overlap).
        let scale = busy.reduce(0, +) > 0 ? wall / busy.reduce(0, +) : 0
        let images = Double(batch * max(1, rounds))
        return zip(plan.steps, busy).map { ($0.name, $1 * scale / images) }
    }
}
