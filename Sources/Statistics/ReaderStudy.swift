/// Several readers' labels on a set of films, and an adjudicator's where there is one.
///
/// Categories are 0 ..< `categoryCount`; a reader who did not read a film (or deferred it) has
/// nil there. Pure data: the agreement analysis is `ReaderAgreement`.
public struct ReaderStudy: Sendable, Equatable {
    /// Reader names, in the column order of `labels`.
    public var readers: [String]
    /// Number of categories q.
    public var categoryCount: Int
    /// (films, readers) labels; nil where the reader has no standing label.
    public var labels: [[Int?]]
    /// The adjudicated label per film, nil where none was given.
    public var adjudicated: [Int?]

    /// A study; every row of `labels` has one entry per reader, `adjudicated` one per film
    /// (empty means none adjudicated).
    public init(readers: [String], categoryCount: Int, labels: [[Int?]], adjudicated: [Int?] = []) {
        precondition(labels.allSatisfy { $0.count == readers.count }, "one label slot per reader")
        self.readers = readers
        self.categoryCount = categoryCount
        self.labels = labels
        self.adjudicated = adjudicated.isEmpty ? Array(repeating: nil, count: labels.count) : adjudicated
        precondition(self.adjudicated.count == labels.count, "one adjudication slot per film")
    }

    /// The consensus label per film (`Consensus.label`).
    public var consensus: [Int?] {
        zip(labels, adjudicated).map { row, adjudicated in
            Consensus.label(adjudicated: adjudicated, standing: row.compactMap { $0 })
        }
    }

    /// (films, q) counts of reads per category, for Fleiss' kappa.
    public var distribution: [[Int]] {
        labels.map { row in
            var counts = Array(repeating: 0, count: categoryCount)
            for label in row { if let label { counts[label] += 1 } }
            return counts
        }
    }
}
