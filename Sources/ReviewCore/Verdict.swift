/// What one feedback record says about a prediction.
///
/// `agree` and `disagree` are verdicts; `retract` is how undo is written (the log is never
/// rewritten, so undo appends a record that withdraws the reviewer's latest standing
/// verdict on that image); `note` records a note alone, without a verdict: it replaces the
/// note of the reviewer's standing verdict on that image (see `StandingVerdicts`).
public enum Verdict: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    case agree
    case disagree
    case retract
    case note

    /// True for the kinds that carry a label for training (`agree`, `disagree`).
    public var isJudgement: Bool { self == .agree || self == .disagree }
}
