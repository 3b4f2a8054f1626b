import Classifier
import Explain
import Foundation
import Imaging
import Numerics

extension LIME {
    /// The film as the pneumonia model's input before standardisation: resized to S x S with
    /// the model's own resampling. Superpixels are computed on this image so that every mask
    /// maps one-to-one onto model input pixels (no per-sample resampling, no blurred mask edges).
    public static func modelInput(film: GrayImage, model: PneumoniaModel) -> GrayImage {
        let s = model.preprocessing.inputSize
        return film.resized(width: s, height: s)
    }

    /// LIME options for `model`: masked samples are standardised as the model's preprocessing does.
    public static func options(for model: PneumoniaModel, samples: Int = 1000) -> LIMEOptions {
        var o = LIMEOptions()
        o.samples = samples
        o.batchSize = PneumoniaModel.batchSize
        o.standardizeEpsilon = model.preprocessing.epsilon
        return o
    }

    /// The model's calibrated log-odds of PNEUMONIA for preprocessed inputs, LIME's regression target.
    ///
    /// Log-odds rather than probability (lime regresses on the probability): a confident film sits
    /// on the flat part of the sigmoid, where most perturbations barely move the probability and the
    /// ranking of superpixels is decided by noise; the log-odds keeps their effects additive.
    public static func calibratedLogOdds(_ model: PneumoniaModel) -> ([Float], Int) -> [Double] {
        let c = model.calibration
        return { inputs, count in
            model.logits(preprocessed: inputs, count: count).map { c.slope * $0 + c.intercept }
        }
    }
}

extension Explanation {
    /// The probability matching a log-odds score: 1 / (1 + e^-s).
    public static func probability(logOdds s: Double) -> Double { sigmoid(s) }
}
