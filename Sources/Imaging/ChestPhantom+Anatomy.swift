#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Numerics

extension ChestPhantom {
    /// Per-film anatomy and exposure, all drawn from the seed.
    ///
    /// Geometry lives in thorax coordinates: `X = (u - midline) / halfWidth` (so the lungs'
    /// lateral walls sit near |X| = 0.95) and `Y = (v - apex) / lungHeight` (0 at the apices,
    /// 1 at the costophrenic angles), after rotating the film coordinates `(u, v)` in 0...1
    /// about the centre. `a = |X|` with a side flag covers both hemithoraces.
    struct Anatomy: Sendable {
        var midline: Float
        var halfWidth: Float
        var apex: Float
        var lungHeight: Float
        var cosTilt: Float, sinTilt: Float
        var domeHeight: Float
        var rightBase: Float, leftBase: Float
        var heartWidth: Float
        var heartCenterY: Float
        var ribSpacing: Float
        var ribPhase: Float
        var ribCurl: Float
        var bodyWidth: Float
        var gastricBubble: Float
        var exposure: Float
        var floor: Float
        var span: Float
        var grain: Float
        var lungTexture: ValueNoise
        var vesselField: ValueNoise
        var exposureNoise: ValueNoise

        init(using rng: inout some RandomNumberGenerator) {
            midline = 0.5 + rng.uniform(-0.025 ... 0.025)
            halfWidth = rng.uniform(0.30 ... 0.37)
            apex = rng.uniform(0.08 ... 0.14)
            lungHeight = rng.uniform(0.55 ... 0.64)
            let tilt = rng.uniform(-3.5 ... 3.5) * Float.pi / 180
            cosTilt = cos(tilt); sinTilt = sin(tilt)
            domeHeight = rng.uniform(0.12 ... 0.20)
            rightBase = rng.uniform(0.93 ... 0.98)
            leftBase = rng.uniform(0.98 ... 1.03)
            heartWidth = rng.uniform(0.30 ... 0.42)
            heartCenterY = rng.uniform(0.84 ... 0.92)
            ribSpacing = rng.uniform(0.085 ... 0.105)
            ribPhase = rng.uniform(0 ... 1)
            ribCurl = rng.uniform(0.22 ... 0.32)
            bodyWidth = rng.uniform(1.12 ... 1.25)
            gastricBubble = rng.uniform(0 ... 1)
            exposure = rng.uniform(1.25 ... 1.75)
            floor = rng.uniform(0.01 ... 0.06)
            span = rng.uniform(0.82 ... 0.95)
            grain = rng.uniform(2.5 ... 6)
            lungTexture = ValueNoise(cells: 14, using: &rng)
            vesselField = ValueNoise(cells: 12, using: &rng)
            exposureNoise = ValueNoise(cells: 3, using: &rng)
        }

        /// Film brightness 0...255 for an attenuation `density` (saturating exposure curve).
        @inline(__always)
        func expose(_ density: Float) -> Float {
            255 * (floor + span * (1 - exp(-exposure * max(density, 0))))
        }

        /// The diaphragm's height (in Y) above lateral position `a` on one side.
        @inline(__always)
        func diaphragm(_ a: Float, left: Bool) -> Float {
            let t = (a - 0.52) / 0.5
            return (left ? leftBase : rightBase) - domeHeight * max(0, 1 - t * t)
        }

        /// Medial lung border (mediastinum, and on the patient's left the heart) at height Y.
        @inline(__always)
        func medialBorder(_ Y: Float, left: Bool) -> Float {
            if left {
                let knob = 0.06 * bump((Y - 0.27) / 0.12)
                // The left ventricle bulges low; above it the border runs nearly straight up.
                let t = (Y - heartCenterY) / 0.42
                let q = max(0, 1 - t * t)
                return 0.09 + knob + heartWidth * q.squareRoot() * (0.8 + 0.2 * q)
            } else {
                let t = (Y - 0.8) / 0.22
                return 0.10 + 0.03 * Y + 0.08 * max(0, 1 - t * t).squareRoot()
            }
        }

        /// Signed distance-like depth inside one lung, in film-fraction units (> 0 inside).
        @inline(__always)
        func lungDepth(a: Float, Y: Float, left: Bool) -> Float {
            let apexCurve = 1.5 * (a - 0.5) * (a - 0.5) - 0.02
            let top = (Y - apexCurve) * lungHeight
            let bottom = (diaphragm(a, left: left) - Y) * lungHeight
            let lateralWall = 0.92 + 0.05 * sin(Float.pi * min(max(Y, 0), 1))
            let lateral = (lateralWall - a) * halfWidth
            let medial = (a - medialBorder(Y, left: left)) * halfWidth
            return min(min(top, bottom), min(lateral, medial))
        }

        /// Attenuation at film point `(u, v)`; roughly 0 (air) ... 1.3 (bone over tissue).
        func density(u: Float, v: Float, consolidation: Consolidation?) -> Float {
            // Rotate about the film centre for the patient's slight tilt.
            let du = u - 0.5, dv = v - 0.5
            let ru = 0.5 + cosTilt * du - sinTilt * dv
            let rv = 0.5 + sinTilt * du + cosTilt * dv
            let X = (ru - midline) / halfWidth
            let Y = (rv - apex) / lungHeight
            let a = abs(X)
            let left = X > 0  // patient's left is image right

            // Body outline: the neck, sloping shoulders, then the chest wall widening a little
            // toward the abdomen, with the arms hanging beside it. Soft-tissue thickness is
            // greatest in the middle and falls off toward the skin, so edges fade to dark air.
            let trunkHalf = bodyWidth + 0.08 * min(max(Y, 0), 1.2)
            let slope = a / trunkHalf
            let shoulderTop = -0.30 + 0.26 * slope * slope
            let trunk = smoothstep(-0.005, 0.05, (trunkHalf - a) * halfWidth)
                * smoothstep(0, 0.05, (Y - shoulderTop) * lungHeight)
            let neck = smoothstep(0, 0.04, (0.4 - a) * halfWidth)
            let body = trunk + neck - trunk * neck
            let r = min(a / trunkHalf, 1)
            let profile = (1 - r * r).squareRoot()
            var tissue = body * (0.3 + 0.7 * profile) * (0.92 + 0.08 * exposureNoise(ru, rv))
            // Arms: a soft-tissue cylinder either side, separated from the chest by a thin gap.
            let armInner = trunkHalf + 0.02, armOuter = trunkHalf + 0.5
            if a > armInner - 0.03 && a < armOuter + 0.03 && Y > shoulderTop - 0.05 {
                let t = (a - (armInner + armOuter) / 2) / ((armOuter - armInner) / 2)
                let arm = max(0, 1 - t * t).squareRoot() * smoothstep(0, 0.06, (Y - shoulderTop + 0.02) * lungHeight)
                tissue = max(tissue, (0.42 + 0.1 * smoothstep(1.2, 0.2, Y)) * arm)
            }

            // Lung air, deepest in the middle of each field.
            let depth = lungDepth(a: a, Y: Y, left: left)
            var air: Float = 0
            if depth > -0.02 {
                air = smoothstep(-0.004, 0.014, depth) * (0.72 + 0.28 * smoothstep(0, 0.09, depth))
                if let consolidation, air > 0 {
                    air *= 1 - consolidation.fraction(X: X, Y: Y, u: ru, v: rv, depth: depth)
                }
            }
            var d = tissue * (1 - 0.82 * air)

            // Heart and great vessels are thicker than the chest wall beside them.
            let hx = (X - 0.1) / (0.22 + 0.6 * heartWidth), hy = (Y - heartCenterY) / 0.4
            let heart = smoothstep(1.2, 0.3, hx * hx + hy * hy)
            let mediastinum = smoothstep(0.2, 0.1, a) * smoothstep(-0.2, 0.1, Y)
            d += (0.08 * heart + 0.05 * mediastinum) * body

            // Abdomen below the diaphragm is a little denser (liver on the right), with the
            // gastric air bubble under the left hemidiaphragm on some films.
            let belowDiaphragm = smoothstep(0, 0.04, Y - diaphragm(min(a, 0.95), left: left))
                * (1 - smoothstep(0.9, 1.1, a))
            d += 0.12 * belowDiaphragm * body * (left ? 0.7 : 1)
            if left && gastricBubble > 0.35 {
                let gx = (a - 0.45) / 0.16, gy = (Y - diaphragm(0.45, left: true) - 0.09) / 0.06
                d -= 0.25 * gastricBubble * max(0, 1 - gx * gx - gy * gy) * body
            }

            // Bowel gas: faint dark mottling low in the abdomen.
            if Y > 1.05 {
                let gas = max(0, lungTexture(1 - ru, (rv - 0.5) * 1.9) - 0.25)
                d -= 0.12 * gas * smoothstep(1.05, 1.3, Y) * smoothstep(0.95, 0.6, a) * body
            }

            // Trachea: an air column down the midline to the carina.
            if Y < 0.36 {
                let t = smoothstep(0.045, 0.025, a) * smoothstep(0.36, 0.28, Y)
                d -= 0.22 * t * body
            }

            // Spine: vertebral bodies with darker disc spaces, mostly hidden by the mediastinum.
            if a < 0.1 {
                let vertebra = smoothstep(0.1, 0.07, a)
                let level = Y / 0.085
                let disc = smoothstep(0.0, 0.2, abs(level - level.rounded()))
                d += 0.10 * vertebra * (0.6 + 0.4 * disc) * body
            }

            // Hila: bright vascular shadows beside the heart.
            let hilumX = (a - 0.22) / 0.09, hilumY = (Y - 0.45) / 0.14
            d += 0.14 * bump((hilumX * hilumX + hilumY * hilumY).squareRoot() / 2.2) * body

            // Vessel markings: thin lines fanning out from the hila with a noisy meander, fading
            // toward the periphery (and in right at the hilum, whose shadow covers them).
            if air > 0 {
                let vx = (a - 0.2) * halfWidth, vy = (Y - 0.45) * lungHeight
                let radius = (vx * vx + vy * vy).squareRoot()
                let angle = atan2(vy, vx) + 0.1 * vesselField(ru, rv) + 0.3 * radius
                let c = max(0, cos(15 * angle))
                let c2 = c * c, c4 = c2 * c2
                let near = exp(-radius / 0.13) * smoothstep(0.012, 0.05, radius)
                d += 0.12 * c4 * c4 * near * air
                d += 0.035 * lungTexture(ru, rv) * air
            }

            let ribFade = 1 - 0.7 * smoothstep(0.02, 0.2, Y - diaphragm(min(a, 0.95), left: left))
            d += ribs(a: a, Y: Y) * body * ribFade
            d += clavicles(a: a, Y: Y) * body
            d += humeralHead(a: a, Y: Y) * body
            return d
        }

        /// Posterior ribs: bands that leave the spine, rise slightly, then curve down along the
        /// lateral wall; the gap between them widens toward the bases.
        @inline(__always)
        func ribs(a: Float, Y: Float) -> Float {
            guard a > 0.05 && a < 1.12 && Y > -0.15 && Y < 1.15 else { return 0 }
            let curve = -0.12 * a + ribCurl * a * a * a
            let z = Y - curve
            let stretched = z / ribSpacing - 0.9 * z * z + ribPhase
            guard stretched > 0 && stretched < 10.5 else { return 0 }
            let f = stretched - stretched.rounded(.down)
            let band = smoothstep(0, 0.06, f) * (1 - smoothstep(0.3, 0.38, f))
            let cortex = bump((f - 0.03) / 0.06) + bump((f - 0.34) / 0.06)
            let reach = smoothstep(0.05, 0.12, a) * (1 - smoothstep(1.0, 1.12, a))
            // Anterior ribs run the other way (down toward the sternum) and show faintly.
            let anterior = (Y + 0.32 * a - 0.1 * a * a) / (ribSpacing * 1.25) + ribPhase * 0.7
            let g = anterior - anterior.rounded(.down)
            let front = anterior > 1 && anterior < 7.5
                ? smoothstep(0, 0.1, g) * (1 - smoothstep(0.3, 0.45, g)) * smoothstep(0.25, 0.5, a) : 0
            return (0.075 * band + 0.04 * cortex) * reach + 0.035 * front * reach
        }

        /// Clavicles: S-shaped bars from the sternal notch out and up to the shoulders.
        @inline(__always)
        func clavicles(a: Float, Y: Float) -> Float {
            guard a > 0.04 && a < 1.0 && Y < 0.15 && Y > -0.4 else { return 0 }
            let s = (a - 0.06) / 0.86
            let centre = 0.06 - 0.11 * s + 0.025 * sin(2 * Float.pi * s)
            let thickness: Float = 0.026 + 0.01 * (1 - s)
            let t = abs(Y - centre) / thickness
            let bar = 1 - smoothstep(0.55, 1.0, t)
            let ends = smoothstep(0.0, 0.06, s) * (1 - smoothstep(0.93, 1.0, s))
            return 0.24 * bar * ends
        }

        /// Humeral heads at the top corners, partly inside the film.
        @inline(__always)
        func humeralHead(a: Float, Y: Float) -> Float {
            let hx = (a - bodyWidth + 0.02) / 0.17, hy = (Y + 0.2) / 0.13
            let q = hx * hx + hy * hy
            return q < 1 ? 0.3 * smoothstep(1, 0.7, q) : 0
        }
    }
}
