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
    /// Detector softness: the film is shrunk by a factor uniform in this range and enlarged
    /// back (1 = none), with probability `softenProbability`.
    public var softenRange: ClosedRange<Float> = 1 ... 1
    /// Chance of a softening draw.
    public var softenProbability: Float = 0
    /// Quantum noise: Gaussian noise whose standard deviation is a fraction of the intensity
    /// span, uniform in this range (0 = none).
    public var noiseRange: ClosedRange<Float> = 0 ... 0
    /// Vendor image processing: large-radius unsharp masking x + a * (x - blur(x)), which lifts
    /// local contrast the way CR/DR processing does, with `a` uniform in this range (0 = none)
    /// and probability `processingProbability`; the blur radius is 4-12 % of the width.
    public var processingRange: ClosedRange<Float> = 0 ... 0
    /// Chance of a processing draw.
    public var processingProbability: Float = 0

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

    /// `chestFilm` widened toward what differs between hospitals' machines: gamma 0.6...1.6
    /// (processing curves), contrast 0.75...1.25, half the films softened by shrinking up to
    /// 2.5x and enlarging back (detector resolution), noise up to 3 % of the range, zoom
    /// 0.85...1.15 and rotation +-10 deg (collimation and positioning). Per-image
    /// standardisation already removes global exposure; these change the film's texture.
    public static let acquisitionRobust: Augmentation = {
        var a = Augmentation(maxRotationDegrees: 10, maxShiftFraction: 0.08, zoomRange: 0.85 ... 1.15,
                             brightnessRange: -0.15 ... 0.15, contrastRange: 0.75 ... 1.25, gammaRange: 0.6 ... 1.6)
        a.softenRange = 1 ... 2.5
        a.softenProbability = 0.5
        a.noiseRange = 0 ... 0.03
        return a
    }()

    /// `acquisitionRobust` plus what differs in sites' processing chains: half the films get
    /// large-radius unsharp masking (amount 0.2...1.5), and noise reaches 6 % of the range.
    public static let siteRobust: Augmentation = {
        var a = acquisitionRobust
        a.processingRange = 0.2 ... 1.5
        a.processingProbability = 0.5
        a.noiseRange = 0 ... 0.06
        return a
    }()

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
        /// Shrink factor of the softening step (1 = none).
        public var soften: Float = 1
        /// Noise standard deviation as a fraction of the intensity span.
        public var noise: Float = 0
        /// Seed of the noise field.
        public var noiseSeed: UInt64 = 0
        /// Unsharp-mask amount of the processing step (0 = none).
        public var processing: Float = 0
        /// Its blur radius in pixels.
        public var processingRadius: Int = 0
    }

    /// Draws parameters for a `width x height` image; always consumes exactly fourteen draws
    /// (thirteen `uniform` calls and one seed) so streams stay aligned whatever the ranges are.
    public func draw(width: Int, height: Int, using rng: inout some RandomNumberGenerator) -> Draw {
        let rotation = rng.uniform(-maxRotationDegrees ... maxRotationDegrees)
        let zoom = rng.uniform(zoomRange)
        let shiftX = rng.uniform(-maxShiftFraction ... maxShiftFraction) * Float(width)
        let shiftY = rng.uniform(-maxShiftFraction ... maxShiftFraction) * Float(height)
        let brightness = rng.uniform(brightnessRange)
        let contrast = rng.uniform(contrastRange)
        let gamma = rng.uniform(gammaRange)
        let softenChance = rng.uniform(0 ... 1)
        let soften = rng.uniform(softenRange)
        let noise = rng.uniform(noiseRange)
        let noiseSeed = rng.next()
        let processingChance = rng.uniform(0 ... 1)
        let processing = rng.uniform(processingRange)
        let radius = max(1, Int((rng.uniform(0.04 ... 0.12) * Float(width)).rounded()))
        return Draw(transform: AffineTransform(rotationDegrees: rotation, zoom: zoom, shiftX: shiftX, shiftY: shiftY),
                    brightness: brightness, contrast: contrast, gamma: gamma,
                    soften: softenChance < softenProbability ? soften : 1, noise: noise, noiseSeed: noiseSeed,
                    processing: processingChance < processingProbability ? processing : 0, processingRadius: radius)
    }

    /// Returns a randomly perturbed copy of `image`: warp (bilinear, edge replicate), softening,
    /// processing, noise, then gamma, contrast about the mean and brightness, clamped to `intensityRange`.
    /// Deterministic for a given generator state.
    public func apply(to image: GrayImage, using rng: inout some RandomNumberGenerator) -> GrayImage {
        apply(draw(width: image.width, height: image.height, using: &rng), to: image)
    }

    /// Applies an already drawn set of parameters to `image`.
    public func apply(_ draw: Draw, to image: GrayImage) -> GrayImage {
        var result = image.warpAffine(draw.transform)
        if draw.soften > 1 {
            let w = max(1, Int((Float(image.width) / draw.soften).rounded()))
            let h = max(1, Int((Float(image.height) / draw.soften).rounded()))
            result = result.resized(width: w, height: h).resized(width: image.width, height: image.height)
        }
        if draw.processing > 0 {
            let blurred = result.boxBlurred(radius: draw.processingRadius).boxBlurred(radius: draw.processingRadius)
            let a = draw.processing
            result.pixels.withUnsafeMutableBufferPointer { p in
                blurred.pixels.withUnsafeBufferPointer { b in
                    for i in p.indices { p[i] = min(max(p[i] + a * (p[i] - b[i]), intensityRange.lowerBound), intensityRange.upperBound) }
                }
            }
        }
        if draw.noise > 0 {
            var noiseRNG = SplitMix64(seed: draw.noiseSeed)
            let sigma = draw.noise * (intensityRange.upperBound - intensityRange.lowerBound)
            result.pixels.withUnsafeMutableBufferPointer { p in
                for i in p.indices { p[i] += sigma * noiseRNG.standardNormal() }
            }
        }
        if draw.gamma == 1 && draw.contrast == 1 && draw.brightness == 0 {
            if draw.noise > 0 { result = result.clamped(to: intensityRange) }
            return result
        }
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
