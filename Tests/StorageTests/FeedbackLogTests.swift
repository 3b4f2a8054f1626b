import Foundation
import Imaging
import Feedback
import Storage
import Testing

/// Runs `body` with a fresh temporary folder and removes it afterwards.
func withTemporaryFolder<T>(_ body: (String) throws -> T) throws -> T {
    let path = NSTemporaryDirectory() + "lightbox-feedback-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer {
        chmodTree(path)
        try? FileManager.default.removeItem(atPath: path)
    }
    return try body(path)
}

/// Makes every folder under `path` writable again so a test that removed write access can clean up.
func chmodTree(_ path: String) {
    chmod(path, 0o755)
    for item in (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? [] {
        chmod(path + "/" + item, 0o755)
    }
}

/// A SHA-256-shaped hex string made from `n`.
func sha(_ n: Int) -> String {
    String(format: "%064x", n)
}

func record(_ verdict: Verdict, image: Int = 1, path: String? = nil, reviewer: String = "ana",
            reviewerLabel: ClassLabel? = nil, note: String = "", at ms: Int64 = 1_795_713_405_000) -> FeedbackRecord {
    FeedbackRecord(timestamp: UTCTimestamp(millisecondsSinceEpoch: ms), reviewer: reviewer,
                   caseID: CaseID(relativePath: path ?? "test/PNEUMONIA/person\(image)_virus.jpeg", sha256: sha(image)),
                   modelID: "tiny-cnn@3f2a", probability: 0.8125, threshold: 0.5,
                   predictedLabel: .pneumonia, verdict: verdict, reviewerLabel: reviewerLabel, note: note)
}

func fileText(_ path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8)
}

func appendRaw(_ text: String, to path: String) throws {
    let handle = try #require(FileHandle(forWritingAtPath: path))
    defer { try? handle.close() }
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(text.utf8))
}

@Test("a new log starts with the header line and appended records read back equal")
func appendThenRead() throws {
    try withTemporaryFolder { dir in
        let path = dir + "/study/.lightbox/feedback.csv"
        let log = try FeedbackLog.open(path: path)
        #expect(try fileText(path) == "timestamp,reviewer,case_path,sha256,model_id,probability,threshold,predicted_label,verdict,reviewer_label,note,sop_instance_uid\n")
        let records = [
            record(.agree, image: 1),
            record(.disagree, image: 2, reviewerLabel: .normal, note: "costophrenic angle, \"blunted\"\nsee prior"),
            record(.note, image: 2, note: "Łódź ✓ \\ back\\slash"),
        ]
        for r in records { try log.append(r) }
        let contents = try log.readAll()
        #expect(contents.records == records)
        #expect(contents.warnings.isEmpty)
        // One physical line per record, whatever the note holds.
        #expect(try fileText(path).split(separator: "\n").count == 1 + records.count)
    }
}

@Test("reopening the log restores every standing verdict")
func restoreAfterReopen() throws {
    try withTemporaryFolder { dir in
        let path = dir + "/feedback.csv"
        do {
            let log = try FeedbackLog.open(path: path)
            try log.append(record(.agree, image: 1))
            try log.append(record(.disagree, image: 2, reviewerLabel: .normal))
            try log.append(record(.agree, image: 3, reviewer: "ben"))
            log.close()
        }
        let reopened = try FeedbackLog.open(path: path)
        let fold = StandingVerdicts(try reopened.readAll().records)
        #expect(fold.count == 3)
        #expect(fold.standing(for: CaseID(relativePath: "", sha256: sha(2)), reviewer: "ana")?.labelForTraining == .normal)
        #expect(fold.standing(for: CaseID(relativePath: "", sha256: sha(3)), reviewer: "ben")?.verdict == .agree)
        // Opening an existing log adds nothing (no second header).
        #expect(try fileText(path).split(separator: "\n").count == 4)
    }
}

@Test("undo appends a retract: the verdict no longer stands and the log only grew")
func undoAppendsRetract() throws {
    try withTemporaryFolder { dir in
        let path = dir + "/feedback.csv"
        let log = try FeedbackLog.open(path: path)
        try log.append(record(.agree, image: 1))
        let before = try fileText(path)
        try log.append(record(.retract, image: 1))
        let after = try fileText(path)
        #expect(after.hasPrefix(before) && after.count > before.count)
        let contents = try log.readAll()
        #expect(contents.records.map(\.verdict) == [.agree, .retract])
        #expect(StandingVerdicts(contents.records).count == 0)
    }
}

@Test("a torn last line is skipped with a warning, and the next append cuts it off (back to the last full line)")
func tornLastLine() throws {
    try withTemporaryFolder { dir in
        let path = dir + "/feedback.csv"
        let log = try FeedbackLog.open(path: path)
        try log.append(record(.agree, image: 1))
        try log.append(record(.agree, image: 2))
        let full = FeedbackCSV.logLine(record(.disagree, image: 3, note: "a crash cut this"))
        try appendRaw(String(full.prefix(full.count - 5)), to: path)  // cut inside the note

        let torn = try FeedbackLog.read(path: path)
        #expect(torn.records.map(\.caseID.sha256) == [sha(1), sha(2)])
        #expect(torn.warnings.count == 1)
        #expect(torn.warnings.first?.hasPrefix(path + ":4: skipped a torn last line") == true)

        try log.append(record(.agree, image: 4))
        let repaired = try FeedbackLog.read(path: path)
        #expect(repaired.records.map(\.caseID.sha256) == [sha(1), sha(2), sha(4)])
        #expect(repaired.warnings.isEmpty)
        #expect(try fileText(path) == FeedbackCSV.logHeaderLine + [1, 2].map { FeedbackCSV.logLine(record(.agree, image: $0)) }.joined()
                + FeedbackCSV.logLine(record(.agree, image: 4)))
        // A torn header (the file's only, unfinished line) is replaced by a whole one.
        let other = dir + "/other.csv"
        try Data(FeedbackCSV.logHeaderLine.prefix(20).utf8).write(to: URL(fileURLWithPath: other))
        try FeedbackLog.open(path: other).append(record(.agree, image: 5))
        #expect(try fileText(other) == FeedbackCSV.logHeaderLine + FeedbackCSV.logLine(record(.agree, image: 5)))
    }
}

@Test("a line cut anywhere never reads as a record once a later append completes it")
func cutAnywhereIsRejected() throws {
    let line = FeedbackCSV.logLine(record(.disagree, image: 3, reviewerLabel: .normal, note: "n"))
    let bytes = Array(line.utf8)
    // Every cut short of the closing quote (the last two bytes are the quote and "\n").
    for cut in 1..<(bytes.count - 2) {
        let text = FeedbackCSV.logHeaderLine + String(decoding: bytes[..<cut], as: UTF8.self) + "\n"
        let contents = try FeedbackLog.parse(Array(text.utf8), path: "f.csv")
        #expect(contents.records.isEmpty, "cut at \(cut)")
        #expect(contents.warnings.count == 1, "cut at \(cut)")
    }
}

@Test("malformed lines in the middle are skipped with file and line, never fatal")
func malformedMiddleLines() throws {
    let good = FeedbackCSV.logLine(record(.agree, image: 1))
    let badVerdict = good.replacingOccurrences(of: ",agree,", with: ",maybe,")
    let text = FeedbackCSV.logHeaderLine + "garbage\n" + badVerdict + good + "\"unclosed\n" + good
    let contents = try FeedbackLog.parse(Array(text.utf8), path: "f.csv")
    #expect(contents.records.count == 2)
    #expect(contents.warnings.map { $0.prefix(5) } == ["f.csv", "f.csv", "f.csv"])
    #expect(contents.warnings[0].hasPrefix("f.csv:2:"))
    #expect(contents.warnings[1].contains("f.csv:3:") && contents.warnings[1].contains("maybe"))
    #expect(contents.warnings[2].hasPrefix("f.csv:5:"))
}

@Test("a header missing log columns is refused with the missing names")
func badHeader() {
    let text = "timestamp,reviewer\n"
    #expect(throws: FeedbackLogError.self) { try FeedbackLog.parse(Array(text.utf8), path: "f.csv") }
    do {
        _ = try FeedbackLog.parse(Array(text.utf8), path: "f.csv")
    } catch {
        #expect(error.description.contains("case_path"))
    }
}

@Test("a missing log reads as empty")
func missingLogIsEmpty() throws {
    try withTemporaryFolder { dir in
        let contents = try FeedbackLog.read(path: dir + "/none.csv")
        #expect(contents.records.isEmpty && contents.warnings.isEmpty)
    }
}

@Test("a film renamed after review keeps its verdict when the study is reopened")
func renamedFilmKeepsVerdict() throws {
    try withTemporaryFolder { dir in
        let path = dir + "/feedback.csv"
        let log = try FeedbackLog.open(path: path)
        try log.append(record(.disagree, image: 9, path: "test/PNEUMONIA/old-name.jpeg", reviewerLabel: .normal))
        log.close()
        let restored = StandingVerdicts(try FeedbackLog.read(path: path).records)
        let moved = CaseID(relativePath: "review/renamed.jpeg", sha256: sha(9))
        #expect(restored.standing(for: moved, reviewer: "ana")?.labelForTraining == .normal)
    }
}

@Test("writers on separate descriptors and threads sharing one log never interleave lines")
func concurrentWriters() throws {
    try withTemporaryFolder { dir in
        let path = dir + "/feedback.csv"
        let writers = 4, perWriter = 60
        let shared = try FeedbackLog.open(path: path)
        // A long note makes a torn or interleaved write visible as a broken line.
        @Sendable func note(_ writer: Int, _ i: Int) -> String {
            "w\(writer)-\(i) " + String(repeating: "x\(writer)", count: 1500)
        }
        let failures = LockedCounter()
        DispatchQueue.concurrentPerform(iterations: writers * 2) { job in
            let writer = job
            do {
                // Even jobs each open their own descriptor; odd jobs share one instance.
                let log = writer % 2 == 0 ? try FeedbackLog.open(path: path) : shared
                for i in 0..<perWriter {
                    try log.append(record(.agree, image: writer * 1000 + i, reviewer: "r\(writer)", note: note(writer, i)))
                }
            } catch {
                failures.increment()
            }
        }
        #expect(failures.value == 0)
        let contents = try FeedbackLog.read(path: path)
        #expect(contents.warnings.isEmpty)
        #expect(contents.records.count == writers * 2 * perWriter)
        for r in contents.records {
            let writer = Int(r.reviewer.dropFirst())!
            let i = Int(r.caseID.sha256!, radix: 16)! - writer * 1000
            #expect(r.note == note(writer, i))
        }
        #expect(try fileText(path).components(separatedBy: "\ntimestamp,").count == 1)  // one header
    }
}

@Test("many writers creating the same new log at once leave exactly one header")
func concurrentCreation() throws {
    for round in 0..<5 {
        try withTemporaryFolder { dir in
            let path = dir + "/new/.lightbox/feedback.csv"
            let failures = LockedCounter()
            DispatchQueue.concurrentPerform(iterations: 8) { writer in
                do {
                    let log = try FeedbackLog.open(path: path)
                    try log.append(record(.agree, image: writer, reviewer: "r\(writer)"))
                } catch {
                    failures.increment()
                }
            }
            #expect(failures.value == 0, "round \(round)")
            let text = try fileText(path)
            #expect(text.hasPrefix(FeedbackCSV.logHeaderLine), "round \(round)")
            #expect(text.components(separatedBy: "timestamp,reviewer,").count == 2, "round \(round)")
            #expect(try FeedbackLog.read(path: path).records.count == 8, "round \(round)")
        }
    }
}

@Test("an append waits while another process holds the advisory lock on the log")
func appendHonoursTheLock() throws {
    try withTemporaryFolder { dir in
        let path = dir + "/feedback.csv"
        let log = try FeedbackLog.open(path: path)
        let before = try fileText(path)
        // Another open file description stands in for another process.
        let other = open(path, O_RDONLY)
        #expect(other >= 0)
        defer { close(other) }
        #expect(flock(other, LOCK_EX) == 0)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? log.append(record(.agree))
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 0.3) == .timedOut)
        #expect(try fileText(path) == before)
        #expect(flock(other, LOCK_UN) == 0)
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(try FeedbackLog.read(path: path).records.count == 1)
    }
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

@Test("opening a log under a regular file fails with a one-line error naming the folder")
func openFailsClearly() throws {
    try withTemporaryFolder { dir in
        try Data().write(to: URL(fileURLWithPath: dir + "/file"))
        #expect(throws: FeedbackLogError.self) { try FeedbackLog.open(path: dir + "/file/.lightbox/feedback.csv") }
        do {
            _ = try FeedbackLog.open(path: dir + "/file/.lightbox/feedback.csv")
        } catch let error as FeedbackLogError {
            #expect(error.description.hasPrefix(dir + "/file"))
            #expect(!error.description.contains("\n"))
        }
    }
}
