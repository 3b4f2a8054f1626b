#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Random training-time perturbations of a film: one affine warp, then intensity changes.
///
/// No horizontal flip, on purpose: the heart lies on the patient's left (image right on a PA
/// film), so a mirrored film is anatomically impossible and teaches the model nonsense.
public struct Augmentation: Sendable, Equatable {
    /// Largest rotation magnitude in degrees; angles are uniform in `-max...max`.
    public var maxRotationDegrees: Float
    /// Largest shift as a fraction of the width (x) or height (y); uniform in `-max...max`.
    public var maxShiftFraction: Float
    /// Zoom factors, uniform in this range (1 = none).
    public var zoomRange: ClosedRange<Float>
    /// Additive brightness as a fraction of `intensityRange`'s span, uniform in this range.
    public var brightnessRange: ClosedRange<Float>
    /// Contrast factor about the image mean, uniform in this range (1 = none).
    public var contrastRange: ClosedRange<Float>
    /// Gamma exponent applied to values normalised within `intensityRange` (1 = none).
    public var gammaRange: ClosedRange<Float>
    /// The range pixel values live in (0...255 for decoded films); results are clamped to it.
    public var intensityRange: ClosedRange<Float>

    /// Creates augmentation parameters; the defaults are `chestFilm`'s.
    public init(maxRotationDegrees: Float = 7, maxShiftFraction: Float = 0.06,
                zoomRange: ClosedRange<Float> = 0.9 ... 1.1,
                brightnessRange: ClosedRange<Float> = -0.15 ... 0.15,
                contrastRange: ClosedRange<Float> = 0.85 ... 1.15,
                gammaRange: ClosedRange<Float> = 0.85 ... 1.15,
                intensityRange: ClosedRange<Float> = 0 ... 255) {
        self.maxRotationDegrees = maxRotationDegrees
        self.maxShiftFraction = maxShiftFraction
        self.zoomRange = zoomRange
        self.brightnessRange = brightnessRange
        self.contrastRange = contrastRange
        self.gammaRange = gammaRange
        self.intensityRange = intensityRange
    }

    /// Default for chest films: rotation +-7 deg (patient positioning), shift +-6 %, zoom
    /// 0.9...1.1 (distance to detector, child size), brightness and contrast +-15 % and gamma
    /// 0.85...1.15 (exposure and processing differences between machines), no flip.
    public static let chestFilm = Augmentation()

    /// Parameters that change nothing; `apply` then returns the input unchanged.
    public static let identity = Augmentation(
        maxRotationDegrees: 0, maxShiftFraction: 0, zoomRange: 1 ... 1, brightnessRange: 0 ... 0,
        contrastRange: 1 ... 1, gammaRange: 1 ... 1)

    /// One random draw of the parameters, exposed so tests and logs can see what was applied.
    public struct Draw: Sendable, Equatable {
        /// The geometric part, in pixels for the image it was drawn for.
        public var transform: AffineTransform
        /// Additive brightness, fraction of the intensity span.
        public var brightness: Float
        /// Contrast factor about the mean.
        public var contrast: Float
        /// Gamma exponent.
        public var gamma: Float
    }

    /// Draws parameters for a `width x height` image; always consumes exactly seven
    /// `uniform` calls so streams stay aligned whatever the ranges are.
    public func draw(width: Int, height: Int, using rng: inout some RandomNumberGenerator) -> Draw {
        let rotation = rng.uniform(-maxRotationDegrees ... maxRotationDegrees)
        let zoom = rng.uniform(zoomRange)
        let shiftX = rng.uniform(-maxShiftFraction ... maxShiftFraction) * Float(width)
        let shiftY = rng.uniform(-maxShiftFraction ... maxShiftFraction) * Float(height)
        let brightness = rng.uniform(brightnessRange)
        let contrast = rng.uniform(contrastRange)
        let gamma = rng.uniform(gammaRange)
        return Draw(transform: AffineTransform(rotationDegrees: rotation, zoom: zoom, shiftX: shiftX, shiftY: shiftY),
                    brightness: brightness, contrast: contrast, gamma: gamma)
    }

    /// Returns a randomly perturbed copy of `image`: warp (bilinear, edge replicate), then
    /// gamma, contrast about the mean and brightness, clamped to `intensityRange`.
    /// Deterministic for a given generator state.
    public func apply(to image: GrayImage, using rng: inout some RandomNumberGenerator) -> GrayImage {
        apply(draw(width: image.width, height: image.height, using: &rng), to: image)
    }

    /// Applies an already drawn set of parameters to `image`.
    public func apply(_ draw: Draw, to image: GrayImage) -> GrayImage {
        var result = image.warpAffine(draw.transform)
        if draw.gamma == 1 && draw.contrast == 1 && draw.brightness == 0 { return result }
        let low = intensityRange.lowerBound, high = intensityRange.upperBound
        let span = max(high - low, .leastNormalMagnitude)
        let mean = result.mean
        let gamma = Double(draw.gamma), contrast = draw.contrast, offset = draw.brightness * span
        result.pixels.withUnsafeMutableBufferPointer { p in
            for i in p.indices {
                var v = p[i]
                if gamma != 1 {
                    let t = Double(min(max((v - low) / span, 0), 1))
                    v = low + span * Float(pow(t, gamma))
                }
                v = (v - mean) * contrast + mean + offset
                p[i] = min(max(v, low), high)
            }
        }
        return result
    }
}
