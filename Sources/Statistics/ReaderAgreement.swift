/// Agreement in a reader study: every pair over the films both read, Fleiss' kappa over all
/// readers, and each reader against the consensus, with bootstrap intervals over films.
public struct ReaderAgreement: Sendable, Equatable {
    /// A value with its percentile bootstrap 95% interval (NaNs when it has none).
    public struct Estimate: Sendable, Equatable {
        public var value: Double
        public var lower: Double
        public var upper: Double
    }

    /// Two readers (or a reader and the consensus) over the films both labelled.
    public struct Pair: Sendable, Equatable {
        /// First reader's name (rows of `confusion`).
        public var a: String
        /// Second reader's name, or "consensus" (columns of `confusion`).
        public var b: String
        /// Films both labelled.
        public var n: Int { confusion.n }
        public var confusion: ConfusionMatrix
        public var percentAgreement: Estimate
        public var cohenKappa: Estimate
        public var gwetAC1: Estimate
    }

    /// Reader names, in the study's order.
    public var readers: [String]
    /// Films with at least one reader's label.
    public var films: Int
    /// Every pair of readers (a before b in the study's order), those with no common film included (n = 0).
    public var pairs: [Pair]
    /// Fleiss' kappa over all readers and films.
    public var fleiss: FleissKappa
    /// Each reader against the consensus label (b is "consensus"), over films where both exist.
    /// The reader's own label is one of the votes, so this is an optimistic figure.
    public var versusConsensus: [Pair]
    /// Films whose readers gave different labels.
    public var discordantFilms: Int
    /// Films with labels but no consensus (a tie, not adjudicated).
    public var filmsWithoutConsensus: Int

    /// Analyses `study`; each interval takes `replicates` resamples of the pair's films from a
    /// seed derived from `seed` and the pair's position, so adding a reader does not change another pair's interval.
    public init(_ study: ReaderStudy, replicates: Int = 1000, seed: UInt64 = 1) {
        readers = study.readers
        films = study.labels.filter { $0.contains { $0 != nil } }.count
        fleiss = FleissKappa(counts: study.distribution)
        let consensus = study.consensus
        let q = study.categoryCount
        var pairs: [Pair] = []
        for a in study.readers.indices {
            for b in study.readers.indices where b > a {
                let both = study.labels.compactMap { row in row[a].flatMap { x in row[b].map { (x, $0) } } }
                pairs.append(Self.pair(study.readers[a], study.readers[b], both, q: q, replicates: replicates,
                                       seed: seed &+ UInt64(a * study.readers.count + b)))
            }
        }
        self.pairs = pairs
        versusConsensus = study.readers.indices.map { a in
            let both = zip(study.labels, consensus).compactMap { row, c in row[a].flatMap { x in c.map { (x, $0) } } }
            return Self.pair(study.readers[a], "consensus", both, q: q, replicates: replicates,
                             seed: seed &+ UInt64(study.readers.count * study.readers.count + a))
        }
        discordantFilms = study.labels.filter { Consensus.isDiscordant($0.compactMap { $0 }) }.count
        filmsWithoutConsensus = zip(study.labels, consensus).filter { row, c in c == nil && row.contains { $0 != nil } }.count
    }

    private static func pair(_ a: String, _ b: String, _ labels: [(Int, Int)], q: Int, replicates: Int, seed: UInt64) -> Pair {
        let table = ConfusionMatrix(categories: q, pairs: labels)
        // One resampled table per replicate serves all three statistics.
        let intervals = Bootstrap.percentileIntervals(count: labels.count, replicates: replicates, seed: seed) { sample in
            let t = ConfusionMatrix(categories: q, pairs: sample.lazy.map { labels[$0] })
            return [t.percentAgreement, t.cohenKappa, t.gwetAC1]
        }
        func estimate(_ value: Double, _ k: Int) -> Estimate {
            let interval = k < intervals.count ? intervals[k] : (lower: Double.nan, upper: Double.nan)
            return Estimate(value: value, lower: interval.lower, upper: interval.upper)
        }
        return Pair(a: a, b: b, confusion: table, percentAgreement: estimate(table.percentAgreement, 0),
                    cohenKappa: estimate(table.cohenKappa, 1), gwetAC1: estimate(table.gwetAC1, 2))
    }
}
