import Foundation
import JSONWriter
import Training

/// Text renderings of `BinaryMetrics`: the seed project's table and the `--json` object.
public enum EvaluationReport {
    /// The per-class table followed by the summary figures.
    public static func table(_ m: BinaryMetrics, modelID: String, thresholdFree t: ThresholdFreeView? = nil) -> String {
        func f(_ x: Double) -> String { String(format: "%.4f", x) }
        func row(_ name: String, _ r: BinaryMetrics.ClassReport) -> String {
            name.padding(toLength: 12, withPad: " ", startingAt: 0)
                + [f(r.precision), f(r.recall), f(r.f1)].map { $0.leftPadded(10) }.joined() + String(r.support).leftPadded(10)
        }
        let c = m.confusion
        return """
            model \(modelID), \(m.n) films, threshold \(f(m.threshold))

                         precision    recall        f1   support
            \(row("NORMAL", m.normal))
            \(row("PNEUMONIA", m.pneumonia))

            accuracy     \(f(m.accuracy))
            ROC AUC      \(f(m.auc))
            sensitivity  \(f(m.sensitivity))
            specificity  \(f(m.specificity))
            ECE (10)     \(f(m.ece))
            \(t.map { thresholdFreeLines($0, f) } ?? "")

            confusion (rows: true NORMAL, PNEUMONIA; columns: predicted NORMAL, PNEUMONIA)
                         \(String(c[0][0]).leftPadded(6)) \(String(c[0][1]).leftPadded(6))
                         \(String(c[1][0]).leftPadded(6)) \(String(c[1][1]).leftPadded(6))
            """
    }

    private static func thresholdFreeLines(_ t: ThresholdFreeView, _ f: (Double) -> String) -> String {
        "\nthreshold-free:\n"
            + "ROC AUC 95% CI  [\(f(t.aucLower)), \(f(t.aucUpper))] (bootstrap, 1,000 resamples by class)\n"
            + "best accuracy   \(f(t.bestAccuracy)) at threshold \(f(t.bestThreshold)) (chosen with hindsight on these films: not achievable)"
    }

    /// One JSON object with the keys model, n, threshold, accuracy, auc, sensitivity,
    /// specificity, ece, classes and confusion, and with `thresholdFree` also auc_95ci,
    /// best_accuracy_hindsight and best_threshold_hindsight.
    public static func json(_ m: BinaryMetrics, modelID: String, thresholdFree t: ThresholdFreeView? = nil) -> String {
        func cls(_ r: BinaryMetrics.ClassReport) -> String {
            var o = JSONObject()
            o.number("precision", r.precision); o.number("recall", r.recall); o.number("f1", r.f1)
            o.integer("support", r.support)
            return o.text
        }
        let c = m.confusion
        var o = JSONObject()
        o.string("model", modelID)
        o.integer("n", m.n)
        for (key, value) in [("threshold", m.threshold), ("accuracy", m.accuracy), ("auc", m.auc),
                             ("sensitivity", m.sensitivity), ("specificity", m.specificity), ("ece", m.ece)] {
            o.number(key, value)
        }
        o.raw("classes", "{\"NORMAL\": \(cls(m.normal)), \"PNEUMONIA\": \(cls(m.pneumonia))}")
        o.raw("confusion", JSONText.array(c.map { row in JSONText.array(row.map(String.init)) }))
        if let t {
            o.raw("auc_95ci", JSONText.array([JSONText.number(t.aucLower), JSONText.number(t.aucUpper)]))
            o.number("best_accuracy_hindsight", t.bestAccuracy)
            o.number("best_threshold_hindsight", t.bestThreshold)
        }
        return o.text
    }
}

extension String {
    /// The string right-aligned in `width` columns.
    public func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
