import Testing
import Feedback

private let shaA = String(repeating: "a", count: 64)
private let shaB = String(repeating: "b", count: 64)

@Test("a later verdict replaces an earlier one for the same reviewer and image")
func laterReplacesEarlier() {
    let fold = StandingVerdicts([
        makeRecord(.agree, at: 1),
        makeRecord(.disagree, reviewerLabel: .normal, at: 2),
    ])
    #expect(fold.count == 1)
    #expect(fold.standing(for: CaseID(relativePath: "x", sha256: shaA), reviewer: "ana")?.verdict == .disagree)
}

@Test("a retract withdraws the latest verdict and brings back the one before it")
func retractPops() {
    var fold = StandingVerdicts([makeRecord(.agree, at: 1), makeRecord(.disagree, at: 2)])
    let id = CaseID(relativePath: "x", sha256: shaA)
    fold.apply(makeRecord(.retract, at: 3))
    #expect(fold.standing(for: id, reviewer: "ana")?.verdict == .agree)
    fold.apply(makeRecord(.retract, at: 4))
    #expect(fold.standing(for: id, reviewer: "ana") == nil)
    #expect(fold.count == 0)
    fold.apply(makeRecord(.retract, at: 5))  // nothing left to retract: no effect, no crash
    #expect(fold.all.isEmpty)
}

@Test("reviewers keep separate verdicts and one's retract leaves the other's")
func reviewersAreSeparate() {
    let fold = StandingVerdicts([
        makeRecord(.agree, reviewer: "ana", at: 1),
        makeRecord(.disagree, reviewer: "ben", at: 2),
        makeRecord(.retract, reviewer: "ana", at: 3),
    ])
    let id = CaseID(relativePath: "x", sha256: shaA)
    #expect(fold.standing(for: id, reviewer: "ana") == nil)
    #expect(fold.standing(for: id).map(\.reviewer) == ["ben"])
}

@Test("a renamed film keeps its verdict because images match by SHA-256")
func renamedFilmKeepsVerdict() {
    let fold = StandingVerdicts([makeRecord(.disagree, sha: shaB, path: "old/name.jpeg")])
    let renamed = CaseID(relativePath: "new/place/other.jpeg", sha256: shaB)
    #expect(fold.standing(for: renamed, reviewer: "ana")?.verdict == .disagree)
    #expect(fold.standing(for: CaseID(relativePath: "old/name.jpeg", sha256: shaA), reviewer: "ana") == nil)
}

@Test("a note alone amends the standing verdict's note and is dropped when nothing stands")
func noteAmendsStanding() {
    let id = CaseID(relativePath: "x", sha256: shaA)
    var fold = StandingVerdicts([makeRecord(.note, note: "too early", at: 1)])
    #expect(fold.count == 0)
    fold.apply(makeRecord(.agree, note: "first", at: 2))
    fold.apply(makeRecord(.note, note: "rib fracture too", at: 3))
    #expect(fold.standing(for: id, reviewer: "ana")?.note == "rib fracture too")
    #expect(fold.standing(for: id, reviewer: "ana")?.verdict == .agree)
}

@Test("unhashed cases match by path and never collide with hashed ones")
func unhashedMatchByPath() {
    let fold = StandingVerdicts([
        makeRecord(.agree, sha: nil, path: "a.jpeg"),
        makeRecord(.disagree, sha: shaA, path: "a.jpeg"),
    ])
    #expect(fold.count == 2)
    #expect(fold.standing(for: CaseID(relativePath: "a.jpeg"), reviewer: "ana")?.verdict == .agree)
    #expect(fold.all.map(\.verdict) == [.agree, .disagree] || fold.all.map(\.verdict) == [.disagree, .agree])
}

@Test("all standing verdicts come sorted by path then reviewer")
func allIsSorted() {
    let fold = StandingVerdicts([
        makeRecord(.agree, sha: shaB, path: "b.jpeg", reviewer: "zoe"),
        makeRecord(.agree, sha: shaA, path: "a.jpeg", reviewer: "zoe"),
        makeRecord(.agree, sha: shaA, path: "a.jpeg", reviewer: "ana"),
    ])
    #expect(fold.all.map { "\($0.caseID.relativePath)/\($0.reviewer)" } == ["a.jpeg/ana", "a.jpeg/zoe", "b.jpeg/zoe"])
}
