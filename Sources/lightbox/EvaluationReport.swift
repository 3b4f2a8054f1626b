import ReviewApp
import Foundation
import Training

/// Text renderings of `BinaryMetrics`: the seed project's table and the `--json` object.
enum EvaluationReport {
    /// The per-class table followed by the summary figures.
    static func table(_ m: BinaryMetrics, modelID: String, thresholdFree t: ThresholdFreeView? = nil) -> String {
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
    static func json(_ m: BinaryMetrics, modelID: String, thresholdFree t: ThresholdFreeView? = nil) -> String {
        func number(_ x: Double) -> String { x.isFinite ? String(format: "%.6f", x) : "null" }
        func cls(_ r: BinaryMetrics.ClassReport) -> String {
            "{\"precision\": \(number(r.precision)), \"recall\": \(number(r.recall)), \"f1\": \(number(r.f1)), \"support\": \(r.support)}"
        }
        let c = m.confusion
        return "{\"model\": \(jsonString(modelID)), \"n\": \(m.n), \"threshold\": \(number(m.threshold)), "
            + "\"accuracy\": \(number(m.accuracy)), \"auc\": \(number(m.auc)), \"sensitivity\": \(number(m.sensitivity)), "
            + "\"specificity\": \(number(m.specificity)), \"ece\": \(number(m.ece)), "
            + "\"classes\": {\"NORMAL\": \(cls(m.normal)), \"PNEUMONIA\": \(cls(m.pneumonia))}, "
            + "\"confusion\": [[\(c[0][0]), \(c[0][1])], [\(c[1][0]), \(c[1][1])]]"
            + (t.map { ", \"auc_95ci\": [\(number($0.aucLower)), \(number($0.aucUpper))], "
                + "\"best_accuracy_hindsight\": \(number($0.bestAccuracy)), \"best_threshold_hindsight\": \(number($0.bestThreshold))" } ?? "")
            + "}"
    }
}

extension String {
    /// The string right-aligned in `width` columns.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
