import Imaging
import Synchronization

/// Decoded films kept for quick return, bounded by total pixels (least recently used go first).
public final class FilmCache: Sendable {
    private struct Entry {
        var image: GrayImage
        var isFullSize: Bool
        var lastUse: UInt64
    }

    private struct Contents {
        var entries: [String: Entry] = [:]
        var pixels = 0
        var clock: UInt64 = 0
    }

    private let contents = Mutex(Contents())
    /// Most pixels held (4 bytes each).
    public let pixelBudget: Int

    /// Creates a cache holding at most `pixelBudget` pixels (default 16 M, 64 MB).
    public init(pixelBudget: Int = 16 << 20) {
        self.pixelBudget = pixelBudget
    }

    /// The cached film at `path` when it is at least `width` x `height` (or full size).
    public func image(path: String, width: Int, height: Int) -> GrayImage? {
        contents.withLock { c in
            guard var entry = c.entries[path],
                  entry.isFullSize || (entry.image.width >= width && entry.image.height >= height)
            else { return nil }
            c.clock += 1
            entry.lastUse = c.clock
            c.entries[path] = entry
            return entry.image
        }
    }

    /// Stores a decoded film, evicting the least recently used ones beyond the budget.
    public func store(_ image: GrayImage, path: String, isFullSize: Bool) {
        contents.withLock { c in
            if let old = c.entries[path] { c.pixels -= old.image.pixels.count }
            c.clock += 1
            c.entries[path] = Entry(image: image, isFullSize: isFullSize, lastUse: c.clock)
            c.pixels += image.pixels.count
            while c.pixels > pixelBudget, c.entries.count > 1,
                  let oldest = c.entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                c.pixels -= oldest.value.image.pixels.count
                c.entries[oldest.key] = nil
            }
        }
    }
}
