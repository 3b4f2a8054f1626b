import Feedback
/// Where the model's score of one film stands, as the worklist and the gauge show it.
enum FilmScore: Equatable {
    /// Reviewing without a model.
    case noModel
    /// The model could not score the film, for this reason.
    case failed(String)
    /// Not scored yet.
    case scoring
    /// Scored: probability of pneumonia in 0...1 and the label it predicts at the threshold.
    case scored(probability: Double, label: ClassLabel)

    /// A probability as the screen writes it, "0.93": two decimals, clamped to 0...1,
    /// without Foundation.
    static func formatted(_ p: Double) -> String {
        let hundredths = Int((min(1, max(0, p)) * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
