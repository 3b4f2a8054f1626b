import Foundation
import Imaging
import Storage

/// Writes phantom chest films into a fresh temporary study folder.
public enum StudyFixture {
    /// Creates `count` films of `size` x `size` pixels (alternating normal and pneumonia) in
    /// `folder` (a new temporary folder by default) and returns the folder's path.
    public static func make(count: Int, size: Int = 256, in folder: String? = nil) throws -> String {
        let root = folder ?? NSTemporaryDirectory() + "lbx-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        // Rendering is the slow part, so a few phantoms are reused with different noise-free
        // byte tweaks: each film gets its own JPEG comment-free re-encode at another quality.
        var bases: [GrayImage] = []
        for seed in 0..<min(count, 8) {
            bases.append(ChestPhantom.render(width: size, height: size, seed: UInt64(seed), pneumonia: seed % 2 == 1))
        }
        for i in 0..<count {
            var image = bases[i % bases.count]
            // Make every film's bytes unique (so SHA-256 tells them apart): one pixel differs.
            image.pixels[i % image.pixels.count] = Float(i % 256)
            image.pixels[(i / 256) % image.pixels.count] = Float((i / 7) % 256)
            let bytes = try JPEGCodec.encodeGray(image, quality: 85)
            let name = String(format: "film%05d.jpeg", i)
            try Data(bytes).write(to: URL(fileURLWithPath: root + "/" + name))
        }
        return root
    }
}
