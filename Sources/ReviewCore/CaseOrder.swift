/// The order of the worklist; `s` cycles through the cases in declaration order.
public enum SortOrder: CaseIterable, Sendable, Equatable {
    /// By file name (the folders ignored), then by path; byte order.
    case name
    /// Highest probability of pneumonia first; unscored films last.
    case probability
    /// Closest to the threshold first (the model is least sure); unscored films last.
    case uncertainty
    /// Where a label helps the model most: closest to the threshold on the logit scale
    /// (|logit(p) - logit(threshold)| smallest first), taken round-robin over patients so one
    /// patient's films are not all first; unscored films after them, and films this reviewer
    /// has judged last (in the same order).
    case informative
    /// Films without a standing verdict first, then by file name.
    case unreviewedFirst

    /// Short name for the status and message lines.
    public var label: String {
        switch self {
        case .name: "file name"
        case .probability: "probability high to low"
        case .uncertainty: "most uncertain first"
        case .informative: "most informative first"
        case .unreviewedFirst: "unreviewed first"
        }
    }

    /// The label of the order, or of its reverse (`S`).
    public func label(reversed: Bool) -> String {
        guard reversed else { return label }
        switch self {
        case .name: return "file name, Z to A"
        case .probability: return "probability low to high"
        case .uncertainty: return "most certain first"
        case .informative: return "least informative first"
        case .unreviewedFirst: return "reviewed first"
        }
    }

    /// A word or two for a narrow status line ("by informative").
    public var shortLabel: String {
        switch self {
        case .name: "file name"
        case .probability: "probability"
        case .uncertainty: "uncertain"
        case .informative: "informative"
        case .unreviewedFirst: "unreviewed"
        }
    }

    /// The next order in the cycle.
    public var next: SortOrder { nextInCycle }
}

/// Which films the worklist shows; `f` cycles through the cases in declaration order.
public enum CaseFilter: CaseIterable, Sendable, Equatable {
    /// Every film.
    case all
    /// Films without a standing verdict from this reviewer.
    case unreviewed
    /// Films whose standing label from this reviewer differs from what the model now loaded
    /// predicts (whatever model the verdict was recorded under).
    case disagreements
    /// Films this reviewer deferred for a second read.
    case deferred

    /// Short name for the status and message lines.
    public var label: String {
        switch self {
        case .all: "all"
        case .unreviewed: "unreviewed"
        case .disagreements: "disagreements"
        case .deferred: "deferred"
        }
    }

    /// The next filter in the cycle.
    public var next: CaseFilter { nextInCycle }
}

extension CaseIterable where Self: Equatable {
    /// The case after this one in declaration order, the first after the last (what `s` and
    /// `f` step through).
    var nextInCycle: Self {
        let all = Array(Self.allCases)
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
