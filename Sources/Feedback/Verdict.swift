/// What one feedback record says about a prediction.
///
/// `agree` and `disagree` are verdicts (the reviewer's label is the prediction, or its
/// opposite); `deferred` (written `defer`) is a verdict without a label: the film needs a
/// second read, so it counts as reviewed but teaches no training run; `retract` is how undo is written (the log is never
/// rewritten, so undo appends a record that withdraws the reviewer's latest standing
/// verdict on that image); `note` records a note alone, without a verdict: it replaces the
/// note of the reviewer's standing verdict on that image (see `StandingVerdicts`).
public enum Verdict: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    case agree
    case disagree
    case deferred = "defer"
    case retract
    case note

    /// True for the kinds that carry a label for training (`agree`, `disagree`).
    public var isJudgement: Bool { self == .agree || self == .disagree }

    /// True for the kinds that stand as the reviewer's verdict on a film (`agree`,
    /// `disagree`, `defer`); `retract` and `note` change what stands.
    public var isVerdict: Bool { isJudgement || self == .deferred }
}
