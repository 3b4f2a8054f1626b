/// The verdicts that stand after replaying a feedback log, one per (image, reviewer).
///
/// Records are applied in log order, which is the order they were appended (reviewers'
/// clocks may disagree, the file cannot). Per (image, reviewer) the fold keeps a stack:
/// `agree`/`disagree`/`defer` push (the newest stands, replacing earlier ones), `retract` pops the
/// newest, so undoing a change of mind brings back the verdict before it; `note` replaces the
/// note of the standing verdict and is dropped when nothing stands. Images are matched by
/// SHA-256 (`CaseID.matchKey`), so a renamed or moved film keeps its verdicts. A DICOM film
/// whose SHA-256 is not known yet is matched by its SOP Instance UID, but only when one image
/// alone carries that UID: two films with different bytes that share a UID (a careless
/// converter numbers every run alike) never see each other's verdicts.
public struct StandingVerdicts: Sendable, Equatable {
    /// Identifies one reviewer's opinion of one image.
    public struct Key: Sendable, Hashable {
        /// `CaseID.matchKey` of the image: its SHA-256, or `path:` plus its path when unhashed.
        public var image: String
        /// The reviewer's name.
        public var reviewer: String

        /// Creates a key from its parts.
        public init(image: String, reviewer: String) { self.image = image; self.reviewer = reviewer }
    }

    private var stacks: [Key: [FeedbackRecord]] = [:]
    /// SOP Instance UID to the image key its records used, so a lookup of a film whose SHA-256
    /// is not known yet finds its stack; nil once two different images carried the UID.
    private var imageByUID: [String: String?] = [:]

    /// The image `caseID`'s UID stands for, when its SHA-256 is unknown and one image alone
    /// carried that UID; else nil.
    private func aliased(_ caseID: CaseID) -> String? {
        guard caseID.sha256 == nil, let uid = caseID.sopInstanceUID, !uid.isEmpty,
              let image = imageByUID[uid] ?? nil, image != caseID.matchKey else { return nil }
        return image
    }

    /// The stack key of `caseID`: its own match key, unless its SHA-256 is unknown, its UID
    /// names one other image, and its own key has no verdicts.
    private func image(of caseID: CaseID, reviewer: String) -> String {
        let own = caseID.matchKey
        guard let aliased = aliased(caseID), stacks[Key(image: own, reviewer: reviewer)] == nil else { return own }
        return aliased
    }

    /// An empty fold, as for a new log.
    public init() {}

    /// Folds `records` in order.
    public init(_ records: some Sequence<FeedbackRecord>) {
        for record in records { apply(record) }
    }

    /// Applies one more record, as if appended after all earlier ones.
    public mutating func apply(_ record: FeedbackRecord) {
        let key = Key(image: image(of: record.caseID, reviewer: record.reviewer), reviewer: record.reviewer)
        if let uid = record.caseID.sopInstanceUID, !uid.isEmpty {
            switch imageByUID[uid] {
            case nil: imageByUID[uid] = .some(key.image)
            case .some(let seen?) where seen != key.image: imageByUID[uid] = .some(nil)   // two images: ambiguous
            default: break
            }
        }
        switch record.verdict {
        case .agree, .disagree, .deferred:
            stacks[key, default: []].append(record)
        case .retract:
            guard var stack = stacks[key], !stack.isEmpty else { return }
            stack.removeLast()
            stacks[key] = stack.isEmpty ? nil : stack
        case .note:
            guard var stack = stacks[key], !stack.isEmpty else { return }
            stack[stack.count - 1].note = record.note
            stacks[key] = stack
        }
    }

    /// The standing verdict of `reviewer` on the image `caseID` names (by SHA-256 when known).
    public func standing(for caseID: CaseID, reviewer: String) -> FeedbackRecord? {
        stacks[Key(image: image(of: caseID, reviewer: reviewer), reviewer: reviewer)]?.last
    }

    /// Every reviewer's standing verdict on the image `caseID` names, sorted by reviewer.
    public func standing(for caseID: CaseID) -> [FeedbackRecord] {
        let own = caseID.matchKey
        let image = stacks.keys.contains { $0.image == own } ? own : (aliased(caseID) ?? own)
        return stacks.filter { $0.key.image == image }.compactMap { $0.value.last }
            .sorted { $0.reviewer < $1.reviewer }
    }

    /// All standing verdicts, sorted by case path, then reviewer, then SHA-256 (deterministic).
    public var all: [FeedbackRecord] {
        stacks.values.compactMap(\.last).sorted {
            ($0.caseID.relativePath, $0.reviewer, $0.caseID.matchKey)
                < ($1.caseID.relativePath, $1.reviewer, $1.caseID.matchKey)
        }
    }

    /// Number of (image, reviewer) pairs with a standing verdict.
    public var count: Int { stacks.count }
}
