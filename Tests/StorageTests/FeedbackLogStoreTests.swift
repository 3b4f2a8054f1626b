import Feedback
import Storage
import Testing

@Suite("the CSV log as a FeedbackStore")
struct FeedbackLogStoreTests {
    @Test("a store records only once open, reads back what it stored, and sees another writer's records after its cursor")
    func recordReadAndWatch() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/study/.lightbox/feedback.csv"
            let mine: any FeedbackStore = FeedbackLogStore(path: path)
            #expect(try mine.readAll() == FeedbackSnapshot(records: [], cursor: .start))
            #expect(throws: FeedbackLogError.closed(path: path)) { try mine.record(record(.agree)) }
            try mine.open()
            #expect(try mine.record(record(.agree, image: 1)) == .stored)
            let seen = try mine.readAll()
            #expect(seen.records == [record(.agree, image: 1)])

            // Another reviewer's process appends to the same file.
            let other: any FeedbackStore = FeedbackLogStore(path: path)
            try other.open()
            #expect(try other.record(record(.disagree, image: 2, reviewer: "ben", reviewerLabel: .normal)) == .stored)
            #expect(try other.record(record(.agree, image: 3, reviewer: "ben")) == .stored)

            let changes = try mine.changes(after: seen.cursor)
            #expect(changes.records.map(\.reviewer) == ["ben", "ben"])
            #expect(changes.records.map(\.caseID.sha256) == [sha(2), sha(3)])
            #expect(try mine.changes(after: changes.cursor).records.isEmpty)
            let standing = try mine.standingVerdicts().verdicts
            #expect(standing.count == 3)
            #expect(mine.location == path)
        }
    }
}
