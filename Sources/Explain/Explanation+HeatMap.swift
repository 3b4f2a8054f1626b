extension Explanation {
    /// The per-pixel surrogate weight for a label map (e.g. `Segmentation.labels`, possibly
    /// resized to the display), row-major; labels outside the weights map to 0.
    public func heatMap(labels: [Int32]) -> [Float] {
        labels.map { l in l >= 0 && Int(l) < weights.count ? Float(weights[Int(l)]) : 0 }
    }

    /// A 0...1 mask per pixel: 1 on the given segments, 0 elsewhere (for an overlay layer).
    public static func mask(labels: [Int32], segments: [Int], segmentCount: Int) -> [Float] {
        var on = [Bool](repeating: false, count: segmentCount)
        for s in segments where s >= 0 && s < segmentCount { on[s] = true }
        return labels.map { l in l >= 0 && Int(l) < segmentCount && on[Int(l)] ? 1 : 0 }
    }
}
