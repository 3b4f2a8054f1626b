import Foundation
import Feedback
@testable import Storage
import Testing

/// A study folder is writable by whoever shares it: its log must never lead a verdict line
/// out of the study (issue 22, item 2). Each case plants a link, opens the study's log the way
/// `review` does, appends, and checks the outside file is untouched and the reviewer is told.
@Suite("the study's log never follows a link out of the study", .serialized)
struct FeedbackLogLinkTests {
    /// A study folder and an outside folder holding `bashrc` with known content.
    private func withStudy(_ body: (_ study: String, _ outside: String) throws -> Void) throws {
        try withTemporaryFolder { dir in
            let study = dir + "/study", outside = dir + "/home"
            try FileManager.default.createDirectory(atPath: study, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
            try Data("alias ll='ls -l'\n".utf8).write(to: URL(fileURLWithPath: outside + "/bashrc"))
            try body(study, outside)
        }
    }

    /// Opens the study's log as `review` would (the location first, then the file) and appends
    /// one record; returns the location chosen.
    private func reviewAppends(_ study: String, home: String) throws -> FeedbackLogLocation {
        let location = FeedbackLog.defaultLocation(studyRoot: study, override: nil, environment: ["HOME": home])
        let log = try FeedbackLog.open(path: location.path)
        try log.append(record(.agree, image: 1, path: "x;touch PWNED;.jpeg"))
        return location
    }

    /// Every file under `folder` but `except`, with its bytes.
    private func files(_ folder: String, except: String? = nil) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.subpathsOfDirectory(atPath: folder) where name != except && !name.hasPrefix(".local") {
            let path = folder + "/" + name
            if POSIX.isDirectory(path) == false, let data = FileManager.default.contents(atPath: path) { out[name] = data }
        }
        return out
    }

    @Test("feedback.csv linked to a file outside: not written; the per-user log is used, and the reason names the link")
    func fileSymlink() throws {
        try withStudy { study, outside in
            try FileManager.default.createDirectory(atPath: study + "/.lightbox", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: study + "/.lightbox/feedback.csv", withDestinationPath: outside + "/bashrc")
            let before = try files(outside)
            let location = try reviewAppends(study, home: outside)
            #expect(try files(outside) == before)
            #expect(location.path.hasPrefix(outside + "/.local/share/lightbox/feedback/"))
            #expect(location.fallbackReason?.contains("is a symbolic link to \(outside)/bashrc") == true)
            #expect(try FeedbackLog.read(path: location.path).records.count == 1)
            // Opened directly (a race with the check, or `--log STUDY/.lightbox/feedback.csv`): refused.
            #expect(throws: FeedbackLogError.self) { try FeedbackLog.open(path: study + "/.lightbox/feedback.csv") }
            #expect(throws: FeedbackLogError.self) { try FeedbackLog.read(path: study + "/.lightbox/feedback.csv") }
            #expect(try files(outside) == before)
        }
    }

    @Test("a dangling link: no file is created at its target")
    func danglingSymlink() throws {
        try withStudy { study, outside in
            try FileManager.default.createDirectory(atPath: study + "/.lightbox", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: study + "/.lightbox/feedback.csv", withDestinationPath: outside + "/created")
            let location = try reviewAppends(study, home: outside)
            #expect(!FileManager.default.fileExists(atPath: outside + "/created"))
            #expect(location.fallbackReason?.contains("symbolic link") == true)
            do {
                _ = try FeedbackLog.open(path: study + "/.lightbox/feedback.csv")
                Issue.record("a dangling link was opened")
            } catch let error as FeedbackLogError {
                #expect(error.description.contains("symbolic link"))
            }
            #expect(!FileManager.default.fileExists(atPath: outside + "/created"))
        }
    }

    @Test(".lightbox linked to another folder: nothing written there")
    func linkedFolder() throws {
        try withStudy { study, outside in
            try FileManager.default.createSymbolicLink(atPath: study + "/.lightbox", withDestinationPath: outside)
            let before = try files(outside)
            let location = try reviewAppends(study, home: outside)
            #expect(try files(outside) == before)
            #expect(!FileManager.default.fileExists(atPath: outside + "/feedback.csv"))
            #expect(location.fallbackReason?.contains(".lightbox is a symbolic link to \(outside)") == true)
            #expect(throws: FeedbackLogError.self) { try FeedbackLog.open(path: study + "/.lightbox/feedback.csv") }
            #expect(!FileManager.default.fileExists(atPath: outside + "/feedback.csv"))
        }
    }

    @Test("a hard link to a file outside: not written, the link count is named")
    func hardLink() throws {
        try withStudy { study, outside in
            try FileManager.default.createDirectory(atPath: study + "/.lightbox", withIntermediateDirectories: true)
            try FileManager.default.linkItem(atPath: outside + "/bashrc", toPath: study + "/.lightbox/feedback.csv")
            let before = try files(outside)
            let location = try reviewAppends(study, home: outside)
            #expect(try files(outside) == before)
            #expect(location.fallbackReason?.contains("2 hard links") == true)
            #expect(throws: FeedbackLogError.self) { try FeedbackLog.open(path: study + "/.lightbox/feedback.csv") }
            #expect(try files(outside) == before)
        }
    }

    @Test("a plain study log is still created and written inside the study, also through a linked study folder")
    func plainLog() throws {
        try withStudy { study, outside in
            let location = try reviewAppends(study, home: outside)
            #expect(location == FeedbackLogLocation(path: study + "/.lightbox/feedback.csv"))
            #expect(try FeedbackLog.read(path: location.path).records.count == 1)
            // The study folder itself may be reached through a link the reviewer chose.
            try FileManager.default.createSymbolicLink(atPath: outside + "/study-link", withDestinationPath: study)
            let again = try reviewAppends(outside + "/study-link", home: outside)
            #expect(again.fallbackReason == nil)
            #expect(try FeedbackLog.read(path: location.path).records.count == 2)
        }
    }
}

@Test("a temporary left by a killed writer (OUT.tmp-PID, PID gone) is removed by the next write of OUT; others stay")
func staleTemporaries() throws {
    try withTemporaryFolder { dir in
        // A PID far above pid_max's default cannot be running.
        let stale = dir + "/model.safetensors.tmp-4000000", live = dir + "/model.safetensors.tmp-1"
        let other = dir + "/notes.txt.tmp-4000000"
        for path in [stale, live, other] { try Data("x".utf8).write(to: URL(fileURLWithPath: path)) }
        try AtomicFile.write(Array("model".utf8), to: dir + "/model.safetensors")
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: live))    // PID 1 runs
        #expect(FileManager.default.fileExists(atPath: other))   // not the file written
        #expect(FileManager.default.contents(atPath: dir + "/model.safetensors") == Data("model".utf8))
    }
}

@Suite("a study's verdicts in its own log and the per-user fallback are read together")
struct FeedbackLogMergeTests {
    @Test("after a fallback, the study's logs hold every verdict, merged by time; a retract in the other log still applies")
    func fallbackThenStudy() throws {
        try withTemporaryFolder { dir in
            let study = dir + "/study", home = dir + "/home"
            try FileManager.default.createDirectory(atPath: study, withIntermediateDirectories: true)
            let env = ["HOME": home]
            // The study is read-only for a while: its verdicts go to the fallback.
            let fallback = FeedbackLog.fallbackPath(studyRoot: study, environment: env)
            let early = try FeedbackLog.open(path: fallback)
            try early.append(record(.agree, image: 1, at: 1000))
            try early.append(record(.disagree, image: 2, at: 2000))
            // Writable again: new verdicts go to the study's log; one retracts image 2's.
            let own = try FeedbackLog.open(path: FeedbackLog.primaryPath(studyRoot: study))
            try own.append(record(.agree, image: 3, at: 3000))
            try own.append(record(.retract, image: 2, at: 4000))
            try own.append(record(.agree, image: 4, at: 5000))

            let paths = FeedbackLog.studyLogPaths(studyRoot: study, environment: env)
            #expect(paths == [FeedbackLog.primaryPath(studyRoot: study), fallback])
            let contents = try FeedbackLog.read(paths: paths)
            #expect(contents.records.map(\.caseID.sha256) == [1, 2, 3, 2, 4].map(sha))
            let rows = FeedbackExport.rows(from: contents.records)
            #expect(Set(rows.compactMap(\.caseID.sha256)) == Set([1, 3, 4].map(sha)))
            // Only the study's log: image 1 would be missing.
            #expect(FeedbackExport.rows(from: try FeedbackLog.read(path: paths[0]).records).count == 2)
        }
    }

    @Test("an unreadable second log is a warning, not a failure")
    func unreadableSecond() throws {
        try withTemporaryFolder { dir in
            let first = dir + "/a.csv", second = dir + "/b.csv"
            try FeedbackLog.open(path: first).append(record(.agree, image: 1))
            try FileManager.default.createDirectory(atPath: second, withIntermediateDirectories: true)
            let contents = try FeedbackLog.read(paths: [first, second])
            #expect(contents.records.count == 1 && contents.warnings.count == 1)
            #expect(throws: FeedbackLogError.self) { try FeedbackLog.read(paths: [second, first]) }
        }
    }
}
