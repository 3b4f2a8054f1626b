import Classifier
import Foundation
import Imaging
import NeuralNet
import JSONWriter

/// Turns a trained network into a shipped model: calibration and threshold on validation,
/// metrics and the model card.
public enum ModelFinisher {
    /// The threshold rule: the highest threshold that keeps validation sensitivity at or above
    /// 0.95, i.e. as much specificity as the PNEUMONIA films allow. Why not Youden's J (the rule
    /// until model 0706dc8e): J is flat on validation (within 0.02 of its peak across 0.13-0.82
    /// for that model), so its peak lands anywhere on that stretch, while a new site scores its
    /// NORMAL films higher than the training site's (measured on the development site for three
    /// recipes: specificity 0.62-0.69 at the Youden peak, 0.75-0.81 at this rule's threshold; see
    /// the README's recipe table). The value is still chosen on the validation split only.
    public static let thresholdRule = ThresholdRule.maxSpecificity(minSensitivity: 0.95)

    /// The shipped model for `trainer`'s network; `trainingFilesDigest` identifies the training
    /// list in the card (`TrainingData.fileListDigest`).
    /// `created` is the card's creation time (ISO 8601), passed in: the core reads no clock.
    public static func finish(trainer: Trainer, name: String, tta: Bool, trainingFilesDigest: String,
                              created: String, siteName: String? = nil) throws -> PneumoniaModel {
        let config = trainer.config
        let model = PneumoniaModel(network: trainer.network, preprocessing: trainer.preprocessing,
                                   calibration: .identity, threshold: 0.5, card: ModelCard(),
                                   views: tta ? AffineTransform.testTimeViews : [.identity])
        let validation = trainer.validation
        let images = (0..<validation.count).map { validation.image(at: $0) }
        let logits = model.logits(images: images)
        let labels = validation.labels
        model.calibration = Calibration.fitTemperature(logits: logits, labels: labels)
        let probabilities = logits.map { model.calibration.probability(logit: $0) }
        model.threshold = thresholdRule.choose(probabilities: probabilities, labels: labels)
        let metrics = BinaryMetrics(probabilities: probabilities, labels: labels, threshold: model.threshold)

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let recipe: [String: String] = [
            "epochs": String(config.epochs), "best_epoch": String(trainer.best?.epoch ?? config.epochs),
            "batch_size": String(config.batchSize), "optimizer": "AdamW (beta 0.9/0.999, decoupled weight decay \(config.weightDecay) on conv/dense weights)",
            "learning_rate": "\(config.learningRate) peak, linear warm-up \(config.warmupEpochs) epoch, cosine decay to 1%",
            "seed": String(config.seed),
            "augmentation": config.augmentationDescription,
            "class_balance": config.classWeighted ? "loss weighted by inverse class frequency (all films used, none discarded)" : "none",
            "training_films": String(trainer.training.count),
            "weight_average": config.emaDecay.map { "exponential moving average of weights and batch-norm statistics, decay \($0), used for validation and saved" } ?? "none",
        ]
        var card = ModelCard()
        card["name"] = name
        card["created"] = created
        card["training_recipe"] = String(decoding: try encoder.encode(recipe), as: UTF8.self)
        card["training_files_sha256"] = trainingFilesDigest
        card["validation_rule"] = PatientSplit.rule(fraction: config.validationFraction, seed: config.seed)
        card["validation_metrics"] = metricsJSON(metrics, n: labels.count)
        if let site = trainer.siteEvaluation, let siteName {
            let siteImages = (0..<site.count).map { site.image(at: $0) }
            let siteProbabilities = model.logits(images: siteImages).map { model.calibration.probability(logit: $0) }
            let siteMetrics = BinaryMetrics(probabilities: siteProbabilities, labels: site.labels, threshold: model.threshold)
            let interval = BinaryMetrics.bootstrapAUCInterval(probabilities: siteProbabilities, labels: site.labels)
            card["site_eval_metrics"] = String(metricsJSON(siteMetrics, n: site.labels.count).dropLast())
                + String(format: ", \"auc_95ci\": [%.4f, %.4f], \"folder\": \"%@\", \"note\": \"judged only, never used to choose\"}",
                         interval.lower, interval.upper, (siteName as NSString).lastPathComponent)
        }
        card["threshold_rule"] = "chosen on the validation split: " + thresholdRule.description
        card["calibration_method"] = "temperature scaling fitted on the validation split (T = \(String(format: "%.4f", model.calibration.temperature)))"
        card["data_source"] = ModelCard.dataSource
        card["license"] = "weights: trained on CC BY 4.0 data; credit the source above"
        model.card = card
        model.card["model_id"] = "\(name)-\(model.weightsFingerprint().prefix(8))"
        return model
    }

    /// The metrics as a compact JSON object for the card.
    public static func metricsJSON(_ m: BinaryMetrics, n: Int) -> String {
        var o = JSONObject()
        o.integer("n", n)
        for (key, value) in [("threshold", m.threshold), ("auc", m.auc), ("accuracy", m.accuracy),
                             ("sensitivity", m.sensitivity), ("specificity", m.specificity), ("ece", m.ece),
                             ("pneumonia_f1", m.pneumonia.f1), ("normal_f1", m.normal.f1)] {
            o.number(key, value, format: "%.4f")
        }
        o.raw("confusion", JSONText.array(m.confusion.map { row in JSONText.array(row.map(String.init)) }))
        return o.text
    }
}
