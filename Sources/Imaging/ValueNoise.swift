import Numerics

/// Smooth random field on the unit square: a `cells x cells` lattice of uniform values in
/// -1...1, blended with smoothstep weights. Cheap texture for phantoms (mottle, exposure).
struct ValueNoise: Sendable {
    let cells: Int
    private let lattice: [Float]  // (cells + 1) x (cells + 1)

    init(cells: Int, using rng: inout some RandomNumberGenerator) {
        self.cells = cells
        lattice = (0 ..< (cells + 1) * (cells + 1)).map { _ in rng.uniform(-1 ... 1) }
    }

    /// The field at `(u, v)`; coordinates outside 0...1 are clamped.
    @inline(__always)
    func callAsFunction(_ u: Float, _ v: Float) -> Float {
        let fx = min(max(u, 0), 1) * Float(cells), fy = min(max(v, 0), 1) * Float(cells)
        let ix = min(Int(fx), cells - 1), iy = min(Int(fy), cells - 1)
        var tx = fx - Float(ix), ty = fy - Float(iy)
        tx = tx * tx * (3 - 2 * tx)
        ty = ty * ty * (3 - 2 * ty)
        let row = cells + 1
        return lattice.withUnsafeBufferPointer { l in
            let i = iy * row + ix
            let top = l[i] + (l[i + 1] - l[i]) * tx
            let bottom = l[i + row] + (l[i + row + 1] - l[i + row]) * tx
            return top + (bottom - top) * ty
        }
    }
}

/// Hermite smoothstep: 0 below `edge0`, 1 above `edge1`, smooth in between.
@inline(__always)
func smoothstep(_ edge0: Float, _ edge1: Float, _ x: Float) -> Float {
    let t = min(max((x - edge0) / (edge1 - edge0), 0), 1)
    return t * t * (3 - 2 * t)
}

/// A smooth compact bump: 1 at 0, falling to 0 at |t| = 1 (a cheap stand-in for a Gaussian).
@inline(__always)
func bump(_ t: Float) -> Float {
    let q = max(0, 1 - t * t)
    return q * q
}
