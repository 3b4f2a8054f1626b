import Classifier
import Imaging
import Numerics

extension FineTuning {
    /// Fine-tunes `model` once per fold on the other folds' films, scoring each fold's films
    /// with the weights that never saw them (out-of-fold logits, honest for calibration), then
    /// once on every site film, and leaves those final weights in `model`.
    ///
    /// `films` are decoded films (any size: `model.logits` applies its own test-time views);
    /// `site` holds the same films at the model's input size for training; folds group
    /// `site.patients` (no patient in two folds) and keep both classes in every fold.
    /// `progress` is called after each of the `folds + 1` runs.
    public static func crossValidated(model: PneumoniaModel, films: [GrayImage], site: LabeledImages,
                                      mix: LabeledImages?, folds: Int, recipe: Recipe, rng: SplitMix64,
                                      progress: () -> Void = {}) throws -> [Double] {
        precondition(films.count == site.count, "one decoded film per site image")
        let size = model.preprocessing.inputSize
        var foldRNG = rng
        let assignment = SiteAdaptation.foldAssignment(groups: site.patients, labels: site.labels, folds: folds, using: &foldRNG)
        let start = model.network.namedTensors
        var outOfFold = [Double](repeating: 0, count: site.count)
        for fold in 0..<folds {
            let inFold = site.labels.indices.filter { assignment[$0] == fold }
            let tuned = try run(tensors: start, architecture: model.network.architecture, inputSize: size,
                                site: site.subset(site.labels.indices.filter { assignment[$0] != fold }),
                                mix: mix, recipe: recipe)
            try model.network.load(namedTensors: tuned)
            let z = model.logits(images: inFold.map { films[$0] })
            for (i, logit) in zip(inFold, z) { outOfFold[i] = logit }
            progress()
        }
        let final = try run(tensors: start, architecture: model.network.architecture, inputSize: size,
                            site: site, mix: mix, recipe: recipe)
        try model.network.load(namedTensors: final)
        progress()
        return outOfFold
    }
}
