import Foundation
import Storage
import Testing

@Test("--log wins over everything")
func overrideWins() {
    let location = FeedbackLog.defaultLocation(studyRoot: "/nonexistent", override: "/tmp/x.csv", environment: [:])
    #expect(location == FeedbackLogLocation(path: "/tmp/x.csv"))
}

@Test("a writable study keeps its log in STUDY/.lightbox/feedback.csv")
func writableStudyUsesPrimary() throws {
    try withTemporaryFolder { dir in
        let location = FeedbackLog.defaultLocation(studyRoot: dir, override: nil, environment: ["XDG_DATA_HOME": dir + "/xdg"])
        #expect(location.path == dir + "/.lightbox/feedback.csv")
        #expect(location.fallbackReason == nil)
    }
}

@Test("a study whose folder cannot be created falls back to the per-user data folder and says why")
func unwritableStudyFallsBack() throws {
    try withTemporaryFolder { dir in
        // A study "folder" under a regular file: mkdir fails even for root.
        try Data().write(to: URL(fileURLWithPath: dir + "/plain"))
        let study = dir + "/plain/chest-xray"
        let environment = ["XDG_DATA_HOME": dir + "/xdg", "HOME": dir + "/home"]
        let location = FeedbackLog.defaultLocation(studyRoot: study, override: nil, environment: environment)
        #expect(location.path.hasPrefix(dir + "/xdg/lightbox/feedback/chest-xray-"))
        #expect(location.path.hasSuffix(".csv"))
        let reason = try #require(location.fallbackReason)
        #expect(reason.contains(study + "/.lightbox/feedback.csv") && reason.contains(location.path))
        // The fallback really works: open, append, and find it again for export.
        let log = try FeedbackLog.open(path: location.path)
        try log.append(record(.agree))
        #expect(FeedbackLog.existingLocation(studyRoot: study, environment: environment) == location.path)
    }
}

@Test("a read-only study folder falls back (skipped as root, who can write anywhere)",
      .enabled(if: getuid() != 0))
func readOnlyStudyFallsBack() throws {
    try withTemporaryFolder { dir in
        let study = dir + "/study"
        try FileManager.default.createDirectory(atPath: study, withIntermediateDirectories: true)
        chmod(study, 0o555)
        let location = FeedbackLog.defaultLocation(studyRoot: study, override: nil, environment: ["XDG_DATA_HOME": dir + "/xdg"])
        #expect(location.fallbackReason?.contains("read-only") == true)
        #expect(location.path.hasPrefix(dir + "/xdg/lightbox/feedback/study-"))
    }
}

@Test("without XDG_DATA_HOME the fallback is under ~/.local/share, and two same-named studies differ")
func fallbackUnderHome() {
    let environment = ["HOME": "/home/ana", "XDG_DATA_HOME": "relative/ignored"]
    let a = FeedbackLog.fallbackPath(studyRoot: "/data/one/study", environment: environment)
    let b = FeedbackLog.fallbackPath(studyRoot: "/data/two/study", environment: environment)
    #expect(a.hasPrefix("/home/ana/.local/share/lightbox/feedback/study-"))
    #expect(a != b)
    #expect(a == FeedbackLog.fallbackPath(studyRoot: "/data/one/study", environment: environment))
}
