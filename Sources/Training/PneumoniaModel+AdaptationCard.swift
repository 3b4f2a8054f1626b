import Classifier
import Foundation
import JSONWriter

extension PneumoniaModel {
    /// Records an adaptation to `site` from labelled films in the card: a JSON line appended to
    /// "adaptation" (the history), the new threshold rule and calibration method, and a new
    /// model id (`adaptedModelID`, the scheme the review uses too). `date` is ISO 8601 (passed in: no clock here);
    /// `before` and `after` are `ModelFinisher.metricsJSON` objects.
    public func recordLabelledAdaptation(site: String, films: Int, pneumonia: Int, fromModel: String, date: String,
                                         method: String, folds: Int, before: String, after: String,
                                         candidates: String? = nil, warning: String? = nil) {
        var entry = JSONObject()
        entry.string("site", site)
        entry.integer("films", films)
        entry.integer("pneumonia", pneumonia)
        entry.string("from_model", fromModel)
        entry.string("date", date)
        entry.string("method", "\(method); Platt slope \(String(format: "%.4f", calibration.slope)), intercept \(String(format: "%.4f", calibration.intercept)); \(SiteAdaptation.rule)")
        entry.integer("cv_folds", folds)
        entry.raw("before", before)
        entry.raw("after_cross_validated", after)
        if let candidates { entry.raw("candidates_cross_validated", candidates) }
        if let warning { entry.string("warning", warning) }
        appendAdaptation(entry)
        card["threshold_rule"] = "adapted to site \(site): " + SiteAdaptation.rule
        card["calibration_method"] = "Platt scaling fitted on \(films) labelled films of site \(site)"
        if let warning { card["warning"] = warning }
        card["model_id"] = adaptedModelID(site: site, method: "labels\(films)")
    }

    /// Records a label-free adaptation (batch-norm statistics re-estimated on `used` of `films`
    /// films) in the card; the shares are of films predicted PNEUMONIA before and after.
    public func recordUnlabelledAdaptation(site: String, films: Int, used: Int, fromModel: String, date: String,
                                           shareBefore: Double, shareAfter: Double) {
        var entry = JSONObject()
        entry.string("site", site)
        entry.integer("films", films)
        entry.string("labels", "none")
        entry.string("from_model", fromModel)
        entry.string("date", date)
        entry.string("method", "batch-norm running statistics re-estimated on \(used) unlabelled films of the site (AdaBN); weights, calibration and threshold unchanged")
        entry.number("predicted_pneumonia_share_before", shareBefore, format: "%.3f")
        entry.number("predicted_pneumonia_share_after", shareAfter, format: "%.3f")
        appendAdaptation(entry)
        card["model_id"] = adaptedModelID(site: site, method: "bn\(used)")
    }

    /// Appends one line to the card's adaptation history.
    private func appendAdaptation(_ entry: JSONObject) {
        card["adaptation"] = (card["adaptation"].map { $0 + "\n" } ?? "") + entry.text
    }
}
