/// How `BlockImage` turns grey levels into terminal colours.
public enum BlockImageColorMode: Hashable, Sendable {
    /// xterm 256-colour palette, greys only: each cell's two colours come from the 30 palette
    /// greys (the nearest ones for plain half blocks). No dithering: ordered (4x4 Bayer) and
    /// error-diffusion dithering both lowered SSIM against the film on real chest X-rays.
    case palette256
    /// 24-bit colour: exact greys.
    case truecolor
    /// No colour (NO_COLOR or a dumb terminal): shade characters ` ░▒▓█` by cell brightness.
    case monochrome
}

/// Which glyphs `BlockImage` may use for a coloured cell.
public enum BlockImageGlyphs: Hashable, Sendable {
    /// Only the upper half block ▀: foreground is the top pixel, background the bottom one.
    case halfBlocks
    /// Per cell, the best of ▀ ▂ ▆ ▌ and the quadrant blocks ▘▝▖▗▚▞ (two colours per cell,
    /// chosen to minimise squared error over the cell's 2x4 sub-pixels).
    case blocks
    /// `.blocks` plus the eighth blocks ▁▃▅▇ ▏▎▍▋▊▉, whose edges split a sub-pixel. The
    /// default: the most faithful set measured (the shades ░▒▓ added almost nothing).
    case blocksAndEighths
}

/// A sub-rectangle of an image in pixel coordinates (fractional values allowed), for zoom and pan.
public struct ImageRegion: Hashable, Sendable {
    /// Left and top edges in pixels.
    public var x: Double, y: Double
    /// Width and height in pixels (> 0 to show anything).
    public var width: Double, height: Double

    /// Creates a region with top-left corner (`x`, `y`) and the given size in pixels.
    public init(x: Double, y: Double, width: Double, height: Double) {
        (self.x, self.y, self.width, self.height) = (x, y, width, height)
    }
}

/// Everything the review screen can change about how a film is drawn: colours, glyphs,
/// window/level, inversion and which part of the image (zoom/pan) is shown.
public struct BlockImageOptions: Hashable, Sendable {
    /// Palette, truecolor or monochrome output.
    public var colorMode: BlockImageColorMode
    /// Glyphs allowed per cell.
    public var glyphs: BlockImageGlyphs
    /// Window centre in source grey units (0...255 for decoded films).
    public var windowCenter: Float
    /// Window width in source grey units; values `center ± width/2` map to 0...255, outside clamps.
    /// A width <= 0 thresholds at the centre.
    public var windowWidth: Float
    /// Show dark as bright and bright as dark (applied after windowing).
    public var invert: Bool
    /// The part of the image to show, clipped to the image; nil shows the whole image.
    public var sourceRegion: ImageRegion?
    /// Threads the per-cell glyph fit may use; 1 fits on the calling thread. The caller
    /// decides (this module reads no machine state); the drawn cells are the same for any count.
    public var workers: Int

    /// Creates options; the defaults show the whole image unchanged in 256 colours.
    public init(colorMode: BlockImageColorMode = .palette256, glyphs: BlockImageGlyphs = .blocksAndEighths,
                windowCenter: Float = 127.5, windowWidth: Float = 255,
                invert: Bool = false, sourceRegion: ImageRegion? = nil, workers: Int = 1) {
        self.colorMode = colorMode
        self.glyphs = glyphs
        self.windowCenter = windowCenter
        self.windowWidth = windowWidth
        self.invert = invert
        self.sourceRegion = sourceRegion
        self.workers = workers
    }

    /// Maps a source grey to a display grey in 0...255 through the window and inversion
    /// (NaN counts as black, so a corrupt pixel cannot poison a whole cell's colour).
    public func displayGrey(_ value: Float) -> Float {
        guard !value.isNaN else { return invert ? 255 : 0 }
        var g: Float
        if windowWidth > 0 {
            g = (value - (windowCenter - windowWidth / 2)) / windowWidth * 255
        } else {
            g = value >= windowCenter ? 255 : 0
        }
        g = min(255, max(0, g))
        return invert ? 255 - g : g
    }
}
