import Testing
import Statistics

@Suite("Agreement coefficients against published worked examples")
struct AgreementCoefficientTests {
    /// irrCAC's `cont3x3abstractors` (Gwet 2014, Handbook of Inter-Rater Reliability): 100
    /// pregnancies typed Ectopic / AIU / NIU by two abstractors.
    static let abstractors = ConfusionMatrix(counts: [[13, 0, 0], [0, 20, 7], [0, 4, 56]])

    @Test("irrCAC's 3x3 abstractors table: pa 0.89, Gwet pe 0.26992, AC1 0.84933, Cohen 0.7964094")
    func irrCACAbstractors() {
        let t = Self.abstractors
        #expect(t.n == 100)
        #expect(abs(t.percentAgreement - 0.89) < 1e-12)
        #expect(abs(t.gwetChanceAgreement - 0.26992) < 5e-6)
        #expect(abs(t.gwetAC1 - 0.84933) < 5e-6)
        #expect(abs(t.cohenKappa - 0.7964094) < 5e-8)
    }

    @Test("a skewed-prevalence 2x2 table (130, 56 / 9, 5): po 0.675, pe 0.668, kappa 0.022 while AC1 stays high")
    func skewedPrevalence() {
        // Assessor 2's rows against assessor 1's columns, 200 MRIs (Global Spine J. review of kappa and AC1).
        let t = ConfusionMatrix(counts: [[130, 56], [9, 5]])
        #expect(abs(t.percentAgreement - 0.675) < 1e-12)
        #expect(abs(t.cohenChanceAgreement - 0.668) < 5e-4)
        #expect(abs(t.cohenKappa - 0.022) < 5e-4)
        // The paradox AC1 resolves: chance agreement near 0.30 rather than 0.67, so AC1 is far above kappa.
        #expect(abs(t.gwetChanceAgreement - 2 * 0.8125 * 0.1875) < 1e-12)
        #expect(t.gwetAC1 > 0.5 && t.gwetAC1 < t.percentAgreement)
    }

    @Test("Fleiss' 1971 example (Wikipedia): 10 subjects, 14 raters, 5 categories: P 0.378, Pe 0.213, kappa 0.210")
    func fleissWorkedExample() {
        let counts = [
            [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
        ]
        let k = FleissKappa(counts: counts)
        #expect(abs(k.observedAgreement - 0.378) < 5e-4)
        #expect(abs(k.chanceAgreement - 0.213) < 5e-4)
        #expect(abs(k.value - 0.210) < 5e-4)
        #expect(k.filmsWithTwoReads == 10)
    }

    @Test("with two readers on every film Fleiss' observed agreement is the percent agreement")
    func fleissTwoReaders() {
        let t = Self.abstractors
        var counts: [[Int]] = []
        for i in 0..<3 { for j in 0..<3 { for _ in 0..<t.counts[i][j] {
            var row = [0, 0, 0]; row[i] += 1; row[j] += 1; counts.append(row)
        } } }
        let k = FleissKappa(counts: counts)
        #expect(abs(k.observedAgreement - t.percentAgreement) < 1e-12)
        // Fleiss' chance term uses the pooled rates, as Scott's pi does: irrCAC's Scott's pi is 0.7962397.
        #expect(abs(k.value - 0.7962397) < 5e-8)
    }

    @Test("films with one read count for the category rates only; an empty table gives NaN")
    func fleissMissingReads() {
        let twoReads = FleissKappa(counts: [[2, 0], [0, 2], [1, 1]])
        let withSingles = FleissKappa(counts: [[2, 0], [0, 2], [1, 1], [1, 0], [0, 0]])
        #expect(twoReads.observedAgreement == withSingles.observedAgreement)
        #expect(withSingles.filmsWithTwoReads == 3)
        #expect(withSingles.chanceAgreement != twoReads.chanceAgreement)
        #expect(FleissKappa(counts: [[1, 0], [0, 1]]).value.isNaN)
        #expect(FleissKappa(counts: []).value.isNaN)
    }

    @Test("perfect agreement gives 1; one category throughout leaves kappa undefined (NaN) but AC1 at 1")
    func edges() {
        let perfect = ConfusionMatrix(counts: [[5, 0], [0, 7]])
        #expect(perfect.cohenKappa == 1 && perfect.gwetAC1 == 1)
        let oneCategory = ConfusionMatrix(counts: [[9, 0], [0, 0]])
        #expect(oneCategory.cohenKappa.isNaN)
        #expect(oneCategory.gwetAC1 == 1)
        let empty = ConfusionMatrix(categories: 2, pairs: [(Int, Int)]())
        #expect(empty.n == 0 && empty.percentAgreement.isNaN && empty.cohenKappa.isNaN)
    }

    @Test("a table built from label pairs counts each pair in its cell; totals are the marginals")
    func fromPairs() {
        let t = ConfusionMatrix(categories: 2, pairs: [(0, 0), (0, 1), (1, 1), (1, 1), (0, 1)])
        #expect(t.counts == [[1, 2], [0, 2]])
        #expect(t.rowTotals == [3, 2] && t.columnTotals == [1, 4])
    }
}
