#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Numerics

/// Procedural synthetic PA chest radiographs, for the demo study, tests and smoke training.
///
/// The picture is built as X-ray attenuation (soft tissue minus lung air, plus bone,
/// heart, diaphragm and, for pneumonia, consolidation that replaces lung air), then mapped to
/// film brightness with a saturating exposure curve and overlaid with seeded film grain.
/// Patient right is image left, so the heart bulges to the image's right.
public enum ChestPhantom {
    /// Renders a `width x height` film with pixel values in 0...255 (bright = dense).
    ///
    /// The same arguments always give bitwise-identical pixels; the seed varies thorax size
    /// and position, rib spacing, exposure, contrast and a slight rotation. The normal and
    /// pneumonia films for one seed share their anatomy, so only the opacities differ.
    /// Cost is linear in the pixel count: about 5-8 ms at 224x224 and 150-220 ms at 1024x1024
    /// in release on the shared 2-core build machine.
    public static func render(width: Int, height: Int, seed: UInt64, pneumonia: Bool) -> GrayImage {
        precondition(width >= 0 && height >= 0, "negative phantom size")
        let root = SplitMix64(seed: seed)
        var anatomyRNG = root.derived(1)
        let anatomy = Anatomy(using: &anatomyRNG)
        var opacityRNG = root.derived(2)
        let opacity = pneumonia ? Consolidation(anatomy: anatomy, using: &opacityRNG) : nil
        var grainRNG = root.derived(3)

        var pixels = [Float](repeating: 0, count: width * height)
        let w = Float(width), h = Float(height)
        // Grain is defined per unit area, so large films get finer, weaker-looking noise per pixel
        // the way real detectors do; scale by the linear size relative to 256 pixels.
        let grain = anatomy.grain * min(1.6, max(0.6, (256 / max(w, h)).squareRoot()))
        pixels.withUnsafeMutableBufferPointer { p in
            for y in 0 ..< height {
                let v = (Float(y) + 0.5) / h
                for x in 0 ..< width {
                    let u = (Float(x) + 0.5) / w
                    let density = anatomy.density(u: u, v: v, consolidation: opacity)
                    var value = anatomy.expose(density)
                    value += grain * ChestPhantom.grainSample(&grainRNG)
                    p[y * width + x] = min(max(value, 0), 255)
                }
            }
        }
        return GrayImage(width: width, height: height, pixels: pixels)
    }

    /// Approximately standard normal grain from one 64-bit draw: the sum of four 16-bit
    /// uniforms (Irwin-Hall), rescaled to unit variance. Film grain needs no exact tails, and
    /// this is several times cheaper than Box-Muller per pixel.
    @inline(__always)
    static func grainSample(_ rng: inout SplitMix64) -> Float {
        let bits = rng.next()
        let sum = Float(bits & 0xFFFF) + Float((bits >> 16) & 0xFFFF)
            + Float((bits >> 32) & 0xFFFF) + Float(bits >> 48)
        return (sum * 0x1p-16 - 2) * 1.7320508
    }
}
