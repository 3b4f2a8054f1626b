import Explain
import Foundation
import Imaging
import JSONWriter
import Storage

/// What `lightbox explain` reports about one explanation: text, JSON, and the picture.
public struct ExplanationReport {
    public var explanation: Explanation
    public var segmentation: Segmentation
    /// The film's path as given.
    public var image: String
    public var modelID: String
    /// P(PNEUMONIA) of the untransformed view alone (LIME's perturbations run on it).
    public var singleView: Double
    /// The model's test-time views (the shown probability averages them).
    public var views: Int
    /// Mean pairwise top-5 overlap over several seeds, when measured.
    public var stability: Double?
    public var seed: UInt64
    public var paired: Bool
    /// LIME's regression target: "calibrated_log_odds" or "probability".
    public var target: String
    public var compactness: Double
    /// Superpixels listed and tinted on each side.
    public var top: Int

    public init(explanation: Explanation, segmentation: Segmentation, image: String, modelID: String, singleView: Double,
                views: Int, stability: Double?, seed: UInt64, paired: Bool, target: String, compactness: Double, top: Int) {
        self.explanation = explanation; self.segmentation = segmentation; self.image = image; self.modelID = modelID
        self.singleView = singleView; self.views = views; self.stability = stability; self.seed = seed
        self.paired = paired; self.target = target; self.compactness = compactness; self.top = top
    }

    /// Writes the picture (`ExplanationPicture`) of the film at 448...1024 pixels as a JPEG, atomically.
    public func writePicture(film: GrayImage, to path: String) throws {
        let segmentation = self.segmentation, explanation = self.explanation
        // Display at 448...1024 pixels on the longer side, keeping the aspect ratio.
        let longer = max(film.width, film.height)
        var display = film
        let side = min(1024, max(448, longer))
        if side != longer {
            let scale = Double(side) / Double(longer)
            display = film.resized(width: max(1, Int((Double(film.width) * scale).rounded())),
                                   height: max(1, Int((Double(film.height) * scale).rounded())))
        }
        let labels = segmentation.labels(resizedTo: display.width, height: display.height)
        let picture = ExplanationPicture(top: top).render(film: display, labels: labels, explanation: explanation)
        do {
            let bytes = try JPEGCodec.encodeRGB(width: picture.width, height: picture.height, rgb: picture.rgb, quality: 92)
            try AtomicFile.write(bytes, to: path)
        } catch let error as FileWriteError {
            throw CommandFailure(error.description)
        } catch {
            throw CommandFailure("\(path): cannot encode the overlay (\(error))")
        }
    }

    /// The explanation as lines of text for the terminal.
    public var text: String {
        let e = explanation, s = segmentation
        var lines = [String(format: "P(pneumonia) %.4f, surrogate R² %@, %d superpixels, %d samples, seed %llu",
                            e.probability ?? .nan, e.r2.map { String(format: "%.3f", $0) } ?? "undefined", s.count, e.samples, seed)]
        if views > 1 {
            lines.append(String(format: "(P is the model's, averaged over its %d test-time views, as predict and review show it; "
                                + "the perturbations run on the untransformed view alone, whose P is %.4f)", views, singleView))
        }
        for (title, ids) in [("for PNEUMONIA", e.topSupporting(top)), ("against", e.topOpposing(top))] {
            lines.append(title + ": " + ids.map { id in
                String(format: "#%d (%.0f,%.0f) %+.3f", id, s.centroids[id].x, s.centroids[id].y, e.weights[id])
            }.joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }

    /// The explanation as one JSON object.
    public var json: String {
        let e = explanation, s = segmentation
        func num(_ x: Double) -> String { JSONText.number(x, format: "%.6g") }
        let segments = (0..<s.count).map { k in
            var o = JSONObject()
            o.integer("id", k)
            o.raw("weight", num(e.weights[k]))
            o.raw("centroid", JSONText.array([num(s.centroids[k].x), num(s.centroids[k].y)]))
            o.integer("size", s.sizes[k])
            return o.text
        }
        var segmentation = JSONObject()
        segmentation.integer("width", s.width); segmentation.integer("height", s.height)
        segmentation.integer("count", s.count); segmentation.raw("compactness", num(compactness))
        var o = JSONObject()
        o.string("image", image)
        o.string("model_id", modelID)
        o.raw("probability", e.probability.map(num) ?? "null")
        o.integer("views", views)
        o.raw("probability_single_view", num(singleView))
        o.raw("score", num(e.score))
        o.raw("intercept", num(e.intercept))
        o.raw("r2", e.r2.map(num) ?? "null")
        o.integer("samples", e.samples)
        o.raw("seed", String(seed))
        o.bool("paired", paired)
        o.string("target", target)
        o.raw("segmentation", segmentation.text)
        o.raw("top_for_pneumonia", JSONText.array(e.topSupporting(top).map(String.init)))
        o.raw("top_against", JSONText.array(e.topOpposing(top).map(String.init)))
        o.raw("segments", JSONText.array(segments))
        if let stability { o.raw("stability_top5_overlap", num(stability)) }
        return o.text
    }
}
