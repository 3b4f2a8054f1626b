/// The order of the worklist; `s` cycles through the cases in declaration order.
public enum SortOrder: CaseIterable, Sendable, Equatable {
    /// By path, byte order.
    case name
    /// Highest probability of pneumonia first; unscored films last.
    case probability
    /// Closest to the threshold first (the model is least sure); unscored films last.
    case uncertainty
    /// Films without a standing verdict first, then by path.
    case unreviewedFirst

    /// Short name for the status and message lines.
    public var label: String {
        switch self {
        case .name: "name"
        case .probability: "probability high to low"
        case .uncertainty: "most uncertain first"
        case .unreviewedFirst: "unreviewed first"
        }
    }

    /// The next order in the cycle.
    public var next: SortOrder {
        let all = SortOrder.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// Which films the worklist shows; `f` cycles through the cases in declaration order.
public enum CaseFilter: CaseIterable, Sendable, Equatable {
    /// Every film.
    case all
    /// Films without a standing verdict from this reviewer.
    case unreviewed
    /// Films where this reviewer's standing verdict is `disagree`.
    case disagreements

    /// Short name for the status and message lines.
    public var label: String {
        switch self {
        case .all: "all"
        case .unreviewed: "unreviewed"
        case .disagreements: "disagreements"
        }
    }

    /// The next filter in the cycle.
    public var next: CaseFilter {
        let all = CaseFilter.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
