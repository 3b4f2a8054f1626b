/// The declared sizes a DICOM decode accepts (checked before any pixel is decoded).
package struct DecodeLimits: Equatable, Sendable {
    /// Most pixels in one frame.
    package var pixels: UInt64
    /// Most decoded bytes of all frames (and the most a deflated dataset may inflate to).
    package var decodedBytes: UInt64

    package init(pixels: UInt64, decodedBytes: UInt64) { (self.pixels, self.decodedBytes) = (pixels, decodedBytes) }
}
