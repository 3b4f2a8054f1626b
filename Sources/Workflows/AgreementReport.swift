import JSONWriter
import Feedback
import Statistics

/// `lightbox agreement`: the reader study a feedback log holds, analysed, as text or JSON.
public enum AgreementReport {
    /// Category order of every matrix: NORMAL, PNEUMONIA.
    public static let categories = ClassLabel.allCases

    /// The readers' standing labels per film after folding `records` in order (a deferred
    /// verdict is no label), and the adjudicated label from `adjudications` (a team store's
    /// adjudicator rows; the newest standing one per film). Films are matched by SHA-256 (else
    /// path) and sorted by path; readers are sorted by name.
    public static func study(from records: [FeedbackRecord], adjudications: [FeedbackRecord] = []) -> ReaderStudy {
        let standing = StandingVerdicts(records).all.filter { $0.labelForTraining != nil }
        let readers = Array(Set(standing.map(\.reviewer))).sorted()
        let column = Dictionary(uniqueKeysWithValues: readers.enumerated().map { ($1, $0) })
        var rowOf: [String: Int] = [:]
        var paths: [String] = []
        var labels: [[Int?]] = []
        for record in standing {
            let key = record.caseID.matchKey
            let row: Int
            if let known = rowOf[key] { row = known } else {
                row = labels.count
                rowOf[key] = row
                paths.append(record.caseID.relativePath)
                labels.append(Array(repeating: nil, count: readers.count))
            }
            labels[row][column[record.reviewer]!] = categories.firstIndex(of: record.labelForTraining!)
        }
        var adjudicated = [Int?](repeating: nil, count: labels.count)
        var newest: [Int: UTCTimestamp] = [:]
        for record in StandingVerdicts(adjudications).all {
            guard let row = rowOf[record.caseID.matchKey], let label = record.labelForTraining else { continue }
            if let seen = newest[row], seen > record.timestamp { continue }
            newest[row] = record.timestamp
            adjudicated[row] = categories.firstIndex(of: label)
        }
        let order = paths.indices.sorted { paths[$0] < paths[$1] }
        return ReaderStudy(readers: readers, categoryCount: categories.count, labels: order.map { labels[$0] },
                           adjudicated: order.map { adjudicated[$0] })
    }

    /// The pairs, Fleiss' kappa, each reader against the consensus, then the confusion matrices.
    /// The agreement of the readers in `records` (and `adjudications`), bootstrap intervals from `seed`.
    public static func agreement(_ records: [FeedbackRecord], adjudications: [FeedbackRecord], seed: UInt64) -> ReaderAgreement {
        ReaderAgreement(study(from: records, adjudications: adjudications), seed: seed)
    }

    public static func table(_ r: ReaderAgreement) -> String {
        func f(_ x: Double) -> String { x.isFinite ? String(format: "%.3f", x) : "n/a" }
        func ci(_ e: ReaderAgreement.Estimate) -> String {
            e.lower.isFinite ? "\(f(e.value)) [\(f(e.lower)), \(f(e.upper))]" : f(e.value)
        }
        func line(_ p: ReaderAgreement.Pair) -> String {
            "\(p.a) / \(p.b)".padding(toLength: 24, withPad: " ", startingAt: 0) + String(p.n).leftPadded(5)
                + "  " + ci(p.percentAgreement).padding(toLength: 22, withPad: " ", startingAt: 0)
                + "  " + ci(p.cohenKappa).padding(toLength: 23, withPad: " ", startingAt: 0)
                + "  " + ci(p.gwetAC1)
        }
        let header = "pair".padding(toLength: 24, withPad: " ", startingAt: 0) + "    n"
            + "  percent agreement       Cohen's kappa            Gwet's AC1"
        var out = "\(r.readers.count) reader\(r.readers.count == 1 ? "" : "s") (\(r.readers.joined(separator: ", "))), "
            + "\(r.films) film\(r.films == 1 ? "" : "s") with a label; 95% intervals: bootstrap over films\n\n"
        out += header + "\n" + r.pairs.map(line).joined(separator: "\n") + "\n\n"
        out += "Fleiss' kappa over all readers  \(f(r.fleiss.value)) (observed \(f(r.fleiss.observedAgreement)), "
            + "chance \(f(r.fleiss.chanceAgreement)), \(r.fleiss.filmsWithTwoReads) films read twice or more)\n"
        out += "discordant films \(r.discordantFilms), without consensus (tie, not adjudicated) \(r.filmsWithoutConsensus)\n\n"
        out += "each reader against the consensus (their own label is one of the votes)\n"
        out += header + "\n" + r.versusConsensus.map(line).joined(separator: "\n") + "\n"
        for p in r.pairs + r.versusConsensus where p.n > 0 {
            let c = p.confusion.counts
            out += "\nconfusion \(p.a) (rows) / \(p.b) (columns): NORMAL, PNEUMONIA\n"
            out += c.map { "    " + $0.map { String($0).leftPadded(6) }.joined() }.joined(separator: "\n") + "\n"
        }
        return out
    }

    /// One JSON object: `readers`, `films`, `pairs` (each `a`, `b`, `n`, `percent_agreement`,
    /// `cohen_kappa`, `cohen_kappa_ci95`, `gwet_ac1`, then `percent_agreement_ci95`,
    /// `gwet_ac1_ci95` and `confusion`), `fleiss_kappa`, then `versus_consensus` (pairs whose
    /// `b` is "consensus"), `discordant_films` and `films_without_consensus`. Undefined values are null.
    public static func json(_ r: ReaderAgreement) -> String {
        func interval(_ e: ReaderAgreement.Estimate) -> String {
            JSONText.array([JSONText.number(e.lower), JSONText.number(e.upper)])
        }
        func pair(_ p: ReaderAgreement.Pair) -> String {
            var o = JSONObject()
            o.string("a", p.a); o.string("b", p.b); o.integer("n", p.n)
            o.number("percent_agreement", p.percentAgreement.value)
            o.number("cohen_kappa", p.cohenKappa.value)
            o.raw("cohen_kappa_ci95", interval(p.cohenKappa))
            o.number("gwet_ac1", p.gwetAC1.value)
            o.raw("percent_agreement_ci95", interval(p.percentAgreement))
            o.raw("gwet_ac1_ci95", interval(p.gwetAC1))
            o.raw("confusion", JSONText.array(p.confusion.counts.map { JSONText.array($0.map(String.init)) }))
            return o.text
        }
        var o = JSONObject()
        o.raw("readers", JSONText.array(r.readers.map(JSONText.string)))
        o.integer("films", r.films)
        o.raw("pairs", JSONText.array(r.pairs.map(pair)))
        o.number("fleiss_kappa", r.fleiss.value)
        o.raw("versus_consensus", JSONText.array(r.versusConsensus.map(pair)))
        o.integer("discordant_films", r.discordantFilms)
        o.integer("films_without_consensus", r.filmsWithoutConsensus)
        return o.text
    }
}
