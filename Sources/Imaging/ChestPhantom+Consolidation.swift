#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Numerics

extension ChestPhantom {
    /// Pneumonic opacities: lung air replaced by fluid in soft-edged patches or a lobar region.
    struct Consolidation: Sendable {
        struct Patch: Sendable {
            var x: Float, y: Float  // thorax coordinates X, Y
            var radiusX: Float, radiusY: Float
            var strength: Float
        }

        struct Lobe: Sendable {
            var left: Bool
            var lower: Bool  // lower zone below the fissure, else upper zone
            var fissure: Float
            var strength: Float
        }

        var patches: [Patch]
        var lobe: Lobe?
        var mottle: ValueNoise

        init(anatomy: Anatomy, using rng: inout some RandomNumberGenerator) {
            let kind = rng.unitFloat()
            var patches: [Patch] = []
            var lobe: Lobe?
            if kind < 0.35 || kind >= 0.85 {
                lobe = Lobe(left: rng.unitFloat() < 0.45, lower: rng.unitFloat() < 0.7,
                            fissure: rng.uniform(0.42 ... 0.62), strength: rng.uniform(0.55 ... 0.85))
            }
            if kind >= 0.35 {
                let count = 1 + rng.index(below: 4)
                let bilateral = rng.unitFloat() < 0.4
                let firstSide: Float = rng.unitFloat() < 0.5 ? -1 : 1
                for i in 0 ..< count {
                    let side = bilateral && i % 2 == 1 ? -firstSide : firstSide
                    // Centres must sit well inside the aerated lung (not behind the heart or
                    // in the costophrenic recess), or the patch would barely show; a fixed
                    // number of tries keeps the draw count independent of the outcome.
                    var a: Float = 0.5, y: Float = 0.55
                    var found = false
                    for _ in 0 ..< 8 {
                        let ca = rng.uniform(0.25 ... 0.8), cy = rng.uniform(0.2 ... 0.85)
                        if !found && anatomy.lungDepth(a: ca, Y: cy, left: side > 0) > 0.04 {
                            a = ca; y = cy; found = true
                        }
                    }
                    patches.append(Patch(x: side * a, y: y,
                                         radiusX: rng.uniform(0.17 ... 0.34),
                                         radiusY: rng.uniform(0.1 ... 0.2),
                                         strength: rng.uniform(0.6 ... 0.92)))
                }
            }
            self.patches = patches
            self.lobe = lobe
            mottle = ValueNoise(cells: 22, using: &rng)
        }

        /// Fraction (0...1) of lung air replaced at a point; `depth` is the lung depth there.
        @inline(__always)
        func fraction(X: Float, Y: Float, u: Float, v: Float, depth: Float) -> Float {
            var c: Float = 0
            for p in patches {
                let dx = (X - p.x) / p.radiusX, dy = (Y - p.y) / p.radiusY
                let q = dx * dx + dy * dy
                if q < 4 { c = max(c, p.strength * exp(-1.6 * q)) }
            }
            if let lobe, (X > 0) == lobe.left {
                let edge = Y - (lobe.fissure + 0.12 * (abs(X) - 0.5))
                let inside = lobe.lower ? smoothstep(-0.03, 0.1, edge) : smoothstep(0.03, -0.1, edge)
                // Consolidation thins toward the pleura, so the lobe keeps a soft outline.
                c = max(c, lobe.strength * inside * smoothstep(0, 0.05, depth))
            }
            guard c > 0 else { return 0 }
            // Patchy, air-space texture rather than a smooth blob.
            let texture = 0.72 + 0.28 * mottle(u, v)
            return min(c * texture, 0.95)
        }
    }
}
