import Foundation
import Imaging
@testable import Storage

/// Synthetic images and temporary folders for the Storage tests.
enum Fixtures {
    /// A smooth grey pattern (values 20...235) that JPEG reproduces closely.
    static func grayPattern(width: Int, height: Int) -> GrayImage {
        var image = GrayImage(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                let wave = 60 * sin(Float(x) / 11) * cos(Float(y) / 17)
                let ramp = 70 * Float(x + y) / Float(max(width + height - 2, 1))
                image[x, y] = 92 + wave + ramp
            }
        }
        return image
    }

    /// A smooth RGB pattern, interleaved bytes, with different content per channel.
    static func rgbPattern(width: Int, height: Int) -> [UInt8] {
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let i = 3 * (y * width + x)
                rgb[i] = UInt8(128 + 90 * sin(Double(x) / 13))
                rgb[i + 1] = UInt8(128 + 90 * cos(Double(y) / 9))
                rgb[i + 2] = UInt8(40 + 170 * Double(x + y) / Double(width + height))
            }
        }
        return rgb
    }

    /// The pattern in Fixtures/restart-*.jpeg (see Fixtures/README.md), 64x48 RGB.
    static func restartPattern() -> [UInt8] {
        var rgb: [UInt8] = []
        for y in 0..<48 {
            for x in 0..<64 {
                rgb.append(UInt8((128 + 100 * sin(Double(x) / 7)).rounded()))
                rgb.append(UInt8((128 + 100 * cos(Double(y) / 5)).rounded()))
                rgb.append(UInt8((x * 4 + y * 2) % 256))
            }
        }
        return rgb
    }

    /// BT.601 luma of interleaved RGB, the grey a YCbCr JPEG's Y plane approximates.
    static func luma(_ rgb: [UInt8], width: Int, height: Int) -> GrayImage {
        var image = GrayImage(width: width, height: height)
        for i in 0..<(width * height) {
            image.pixels[i] = 0.299 * Float(rgb[3 * i]) + 0.587 * Float(rgb[3 * i + 1]) + 0.114 * Float(rgb[3 * i + 2])
        }
        return image
    }

    /// Mean absolute difference of two equally sized images.
    static func meanAbsoluteError(_ a: GrayImage, _ b: GrayImage) -> Float {
        precondition(a.width == b.width && a.height == b.height)
        var sum: Float = 0
        for i in 0..<a.pixels.count { sum += abs(a.pixels[i] - b.pixels[i]) }
        return sum / Float(max(a.pixels.count, 1))
    }

    /// Box-average downscale by an integer factor (edge blocks average what exists).
    static func boxDownscale(_ image: GrayImage, by factor: Int) -> GrayImage {
        let w = (image.width + factor - 1) / factor, h = (image.height + factor - 1) / factor
        var out = GrayImage(width: w, height: h)
        for by in 0..<h {
            for bx in 0..<w {
                var sum: Float = 0, n: Float = 0
                for y in (by * factor)..<min((by + 1) * factor, image.height) {
                    for x in (bx * factor)..<min((bx + 1) * factor, image.width) {
                        sum += image[x, y]; n += 1
                    }
                }
                out[bx, by] = sum / n
            }
        }
        return out
    }

    /// Bytes of a committed fixture file.
    static func resource(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return Array(try Data(contentsOf: url))
    }

    /// Rewrites the height and width of the first SOF0/SOF1/SOF2 segment.
    static func patchFrameSize(_ jpeg: [UInt8], width: Int, height: Int) -> [UInt8] {
        var bytes = jpeg
        var i = 2
        while i + 9 < bytes.count {
            guard bytes[i] == 0xFF else { i += 1; continue }
            let marker = bytes[i + 1]
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            if marker == 0xC0 || marker == 0xC1 || marker == 0xC2 {
                // FF Cx, length (2), precision (1), height (2), width (2)
                bytes[i + 5] = UInt8(height >> 8); bytes[i + 6] = UInt8(height & 0xFF)
                bytes[i + 7] = UInt8(width >> 8); bytes[i + 8] = UInt8(width & 0xFF)
                return bytes
            }
            i += 2 + length
        }
        return bytes
    }
}

/// A fresh folder under the system temporary directory, removed when released.
final class TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/lightbox-storage-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        path = String(cString: made)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Absolute path of `relative` inside the folder.
    func url(_ relative: String) -> String { path + "/" + relative }

    /// Writes `bytes` at `relative`, creating parent folders.
    @discardableResult
    func write(_ relative: String, _ bytes: [UInt8]) throws -> String {
        let full = url(relative)
        let parent = (full as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    /// Creates the folder `relative` (and parents).
    func makeFolder(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: url(relative), withIntermediateDirectories: true)
    }

    /// Creates a symlink at `relative` whose target text is `target`.
    func symlink(_ relative: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: url(relative), withDestinationPath: target)
    }
}

