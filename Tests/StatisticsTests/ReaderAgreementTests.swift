import Testing
import Statistics

@Suite("Consensus, bootstrap and the reader-study analysis")
struct ReaderAgreementTests {
    @Test("consensus: the adjudicated label wins; else the strict majority; a tie gives none")
    func consensus() {
        #expect(Consensus.label(adjudicated: 1, standing: [0, 0, 0]) == 1)
        #expect(Consensus.label(adjudicated: nil, standing: [0, 1, 0]) == 0)
        #expect(Consensus.label(adjudicated: nil, standing: [0, 1]) == nil)
        #expect(Consensus.label(adjudicated: nil, standing: [Int]()) == nil)
        #expect(Consensus.label(adjudicated: nil, standing: ["a", "b", "c", "c"]) == "c")
        #expect(Consensus.label(adjudicated: nil, standing: ["a", "a", "b", "b", "c"]) == nil)
        #expect(Consensus.isDiscordant([0, 1]) && !Consensus.isDiscordant([1, 1]) && !Consensus.isDiscordant([Int]()))
    }

    @Test("the bootstrap is reproducible per seed, brackets the estimate, and narrows with more films")
    func bootstrap() {
        let labels = (0..<40).map { i in (i % 2, i % 7 == 0 ? 1 - i % 2 : i % 2) }
        func kappa(_ sample: [Int]) -> Double { ConfusionMatrix(categories: 2, pairs: sample.map { labels[$0] }).cohenKappa }
        let a = Bootstrap.percentileInterval(count: 40, seed: 7, statistic: kappa)
        let b = Bootstrap.percentileInterval(count: 40, seed: 7, statistic: kappa)
        let c = Bootstrap.percentileInterval(count: 40, seed: 8, statistic: kappa)
        #expect(a == b)
        #expect(a != c)
        let full = kappa(Array(0..<40))
        #expect(a.lower < full && full < a.upper)
        let many = (0..<400).map { labels[$0 % 40] }
        let wide = Bootstrap.percentileInterval(count: 400, seed: 7) { s in
            ConfusionMatrix(categories: 2, pairs: s.map { many[$0] }).cohenKappa
        }
        #expect(wide.upper - wide.lower < (a.upper - a.lower) / 2)
        let none = Bootstrap.percentileInterval(count: 0, seed: 1) { _ in 0 }
        #expect(none.lower.isNaN && none.upper.isNaN)
    }

    @Test("pairs use only films both read; Fleiss covers all; consensus ties are counted")
    func study() {
        // Films x (ann, bob, cy); 0 NORMAL, 1 PNEUMONIA.
        let labels: [[Int?]] = [
            [0, 0, nil], [1, 1, 1], [0, 1, 1], [1, nil, 0], [0, 0, 0], [nil, nil, nil], [1, 0, nil],
        ]
        let study = ReaderStudy(readers: ["ann", "bob", "cy"], categoryCount: 2, labels: labels,
                                adjudicated: [nil, nil, nil, nil, nil, nil, 1])
        #expect(study.consensus == [0, 1, 1, nil, 0, nil, 1])
        let r = ReaderAgreement(study, replicates: 200, seed: 3)
        #expect(r.readers == ["ann", "bob", "cy"])
        #expect(r.films == 6)
        #expect(r.pairs.map { "\($0.a)-\($0.b)" } == ["ann-bob", "ann-cy", "bob-cy"])
        let annBob = r.pairs[0]
        #expect(annBob.n == 5)
        #expect(annBob.confusion.counts == [[2, 1], [1, 1]])
        #expect(abs(annBob.percentAgreement.value - 0.6) < 1e-12)
        #expect(r.pairs[1].n == 4 && r.pairs[2].n == 3)
        #expect(r.fleiss == FleissKappa(counts: study.distribution))
        #expect(r.discordantFilms == 3)
        #expect(r.filmsWithoutConsensus == 1)
        #expect(r.versusConsensus.map(\.b) == ["consensus", "consensus", "consensus"])
        // ann: films 0,1,2,4,6 have consensus (film 3 ties): agrees on 0,1,4,6, not on 2.
        #expect(r.versusConsensus[0].n == 5)
        #expect(abs(r.versusConsensus[0].percentAgreement.value - 0.8) < 1e-12)
        #expect(ReaderAgreement(study, replicates: 200, seed: 3) == r)
        for pair in r.pairs where pair.cohenKappa.lower.isFinite {
            #expect(pair.cohenKappa.lower <= pair.cohenKappa.upper)
        }
    }
}

@Suite("Bootstrap of several statistics at once")
struct BootstrapTogetherTests {
    @Test("each statistic's interval equals the one bootstrapped alone from the same seed")
    func sameAsAlone() {
        let labels = (0..<50).map { i in (i % 3 == 0 ? 1 : 0, i % 5 == 0 ? 1 : 0) }
        func table(_ s: [Int]) -> ConfusionMatrix { ConfusionMatrix(categories: 2, pairs: s.map { labels[$0] }) }
        let together = Bootstrap.percentileIntervals(count: 50, replicates: 300, seed: 11) { s in
            let t = table(s)
            return [t.percentAgreement, t.cohenKappa, t.gwetAC1]
        }
        let alone = [\ConfusionMatrix.percentAgreement, \.cohenKappa, \.gwetAC1].map { key in
            Bootstrap.percentileInterval(count: 50, replicates: 300, seed: 11) { table($0)[keyPath: key] }
        }
        #expect(together.count == 3)
        for (a, b) in zip(together, alone) { #expect(a == b) }
    }
}
