#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Numerics

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
    /// Black level, as a fraction of the intensity span, uniform in this range (0 = none): a
    /// positive value lifts the darkest tones to a soft floor (`sqrt(t^2 + b^2)` on the
    /// normalised value), a negative one crushes them (`max(0, t - |b|) / (1 - |b|)`), with
    /// probability `blackLevelProbability`. Lifted blacks are what most tells one site's
    /// NORMAL films from another's; per-image standardisation cannot remove a change that
    /// bends only the toe of the tone curve.
    public var blackLevelRange: ClosedRange<Float> = 0 ... 0
    /// Chance of a black-level draw.
    public var blackLevelProbability: Float = 0
    /// Shoulder bend, as a fraction of the span, uniform in this range (0 = none): the tone
    /// curve's shoulder is rounded (`f(t) = 1 - sqrt((1 - t)^2 + w^2) + w`, rescaled so 0 and 1
    /// stay put), which lifts the bright tones just below white toward it, with
    /// probability `highlightProbability`.
    public var highlightRange: ClosedRange<Float> = 0 ... 0
    /// Chance of a highlight draw.
    public var highlightProbability: Float = 0
    /// Chance that burnt-in annotations (side marker, text) are drawn on the film
    /// (`FilmMarkers`); their placement comes from a stream seeded by the draw's noise seed,
    /// so the number of draws per film stays the same.
    public var markerProbability: Float = 0

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

    /// `siteRobust` plus tone-curve changes at both ends: in the training split NORMAL films
    /// have darker blacks (1st percentile 0.002 of full scale) than PNEUMONIA films (0.033), and
    /// the development site's NORMAL films have lifted blacks (0.014), so a network can learn
    /// black level as a shortcut that fails at the next site. Two films in three get their black
    /// level moved (crushed by up to 6 % or lifted by up to 12 % of the range), half get their
    /// the shoulder of their tone curve rounded by up to 15 % (training NORMAL films' 99th
    /// percentile sits at 0.86 of full scale, PNEUMONIA films' at 0.79).
    public static let siteShift: Augmentation = {
        var a = siteRobust
        a.blackLevelRange = -0.06 ... 0.12
        a.blackLevelProbability = 0.67
        a.highlightRange = 0 ... 0.15
        a.highlightProbability = 0.5
        return a
    }()

    /// `siteShift` plus burnt-in annotations on half the films and zoom up to 1.3 (tighter
    /// collimation): the development site's NORMAL films that the shipped model scored highest
    /// carry a large "R" marker and exposure text, and are framed tighter.
    public static let siteShiftMarkers: Augmentation = {
        var a = siteShift
        a.markerProbability = 0.5
        a.zoomRange = 0.85 ... 1.3
        return a
    }()

    /// `siteShiftMarkers` with annotations on four films in five instead of half.
    public static let siteShiftMarkersStrong: Augmentation = {
        var a = siteShiftMarkers
        a.markerProbability = 0.8
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
        /// Black level (fraction of the span; > 0 lifts, < 0 crushes, 0 = none).
        public var blackLevel: Float = 0
        /// Shoulder bend (fraction of the span, 0 = none).
        public var highlight: Float = 0
    }

    /// Draws parameters for a `width x height` image; always consumes exactly eighteen draws
    /// (seventeen `uniform` calls and one seed) so streams stay aligned whatever the ranges are.
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
        let blackChance = rng.uniform(0 ... 1)
        let blackLevel = rng.uniform(blackLevelRange)
        let highlightChance = rng.uniform(0 ... 1)
        let highlight = rng.uniform(highlightRange)
        var draw = Draw(transform: AffineTransform(rotationDegrees: rotation, zoom: zoom, shiftX: shiftX, shiftY: shiftY),
                    brightness: brightness, contrast: contrast, gamma: gamma,
                    soften: softenChance < softenProbability ? soften : 1, noise: noise, noiseSeed: noiseSeed,
                    processing: processingChance < processingProbability ? processing : 0, processingRadius: radius)
        draw.blackLevel = blackChance < blackLevelProbability ? blackLevel : 0
        draw.highlight = highlightChance < highlightProbability ? highlight : 0
        return draw
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
        if markerProbability > 0 {
            var markerRNG = SplitMix64(seed: draw.noiseSeed ^ 0x6D61_726B_6572_7321)
            if markerRNG.unitFloat() < markerProbability {
                FilmMarkers.draw(on: &result, range: intensityRange, using: &markerRNG)
            }
        }
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
        if draw.blackLevel != 0 || draw.highlight != 0 {
            result = Self.bendTone(result, blackLevel: draw.blackLevel, highlight: draw.highlight, range: intensityRange)
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

    /// Bends the ends of the tone curve: a soft black floor (`blackLevel > 0`) or crushed
    /// blacks (`< 0`), and a rounded shoulder (`highlight > 0`); both in fractions of `range`.
    static func bendTone(_ image: GrayImage, blackLevel: Float, highlight: Float, range: ClosedRange<Float>) -> GrayImage {
        var result = image
        let low = range.lowerBound, span = max(range.upperBound - range.lowerBound, .leastNormalMagnitude)
        let b = blackLevel, w = highlight
        // f(0) = 1 - sqrt(1 + w^2) + w, slightly above 0; rescale so black stays black.
        let shoulderAtZero = 1 - (1 + w * w).squareRoot() + w
        result.pixels.withUnsafeMutableBufferPointer { p in
            for i in p.indices {
                var t = min(max((p[i] - low) / span, 0), 1)
                if b > 0 { t = (t * t + b * b).squareRoot() }
                else if b < 0 { t = max(0, t + b) / (1 + b) }
                t = min(t, 1)
                if w > 0 { t = (1 - ((1 - t) * (1 - t) + w * w).squareRoot() + w - shoulderAtZero) / (1 - shoulderAtZero) }
                p[i] = low + span * t
            }
        }
        return result
    }
}
