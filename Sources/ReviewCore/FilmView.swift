import CellGrid

/// How the reviewer has adjusted the film: window/level, inversion, zoom and pan.
///
/// Zoom and pan are kept in fractions of the image (centre in 0...1), so they mean the same
/// whatever scale the film was decoded at.
public struct FilmView: Sendable, Equatable {
    /// Window centre in grey units 0...255 (raising it darkens the film).
    public var windowCenter: Float = 127.5
    /// Window width in grey units, 8...510 (narrower is more contrast).
    public var windowWidth: Float = 255
    /// Dark shown bright and bright dark.
    public var invert = false
    /// Magnification: 1 shows the whole film; 2, 4, 8 show half, a quarter, an eighth of each side.
    public var zoom: Double = 1
    /// Centre of the visible part as fractions of the film's width and height.
    public var centerX: Double = 0.5
    /// See `centerX`.
    public var centerY: Double = 0.5

    /// The unadjusted view.
    public init() {}

    /// True when nothing was adjusted.
    public var isDefault: Bool { self == FilmView() }

    /// Zoom limits.
    public static let maximumZoom: Double = 8
    /// Narrowest window in grey units: 8 of the 256 input greys then span the whole display
    /// range, which is already all but a black-and-white threshold picture.
    public static let narrowestWindow: Float = 8
    /// Widest window: twice the grey range, so the film can be flattened to half contrast.
    public static let widestWindow: Float = 510
    /// Factor the window narrows or widens by per key press: from full width (255) to the
    /// narrowest is about 15 presses.
    public static let contrastStep: Float = 1.25
    /// Grey units the level moves per key press: 8 (about 3% of the range), so 32 presses
    /// go from one end to the other.
    public static let levelStep: Float = 8
    /// Share of the visible part one pan key moves: a quarter, so three quarters of what was
    /// shown stay in view after a press.
    public static let panStep: Double = 0.25

    /// The visible part of a `width` x `height` film, or nil for the whole film.
    public func region(imageWidth width: Int, imageHeight height: Int) -> ImageRegion? {
        guard zoom > 1 else { return nil }
        let w = Double(width) / zoom, h = Double(height) / zoom
        return ImageRegion(x: centerX * Double(width) - w / 2, y: centerY * Double(height) - h / 2,
                           width: w, height: h)
    }

    /// Keeps the visible part inside the film.
    mutating func clampCenter() {
        let half = 0.5 / zoom
        centerX = min(1 - half, max(half, centerX))
        centerY = min(1 - half, max(half, centerY))
    }

    /// Rendering options for `BlockImage` in `colorMode` for a film of the given size, fitted
    /// on `workers` threads.
    public func options(colorMode: BlockImageColorMode, imageWidth: Int, imageHeight: Int,
                        workers: Int = 1) -> BlockImageOptions {
        BlockImageOptions(colorMode: colorMode, windowCenter: windowCenter, windowWidth: windowWidth,
                          invert: invert, sourceRegion: region(imageWidth: imageWidth, imageHeight: imageHeight),
                          workers: workers)
    }
}
