import Feedback

/// A study's verdicts can be in two logs: its own, and the per-user fallback used while the
/// study could not be written (read-only, full, a linked log refused). Reopening and export
/// read both, so a verdict saved in either is never missing.
extension FeedbackLog {
    /// The logs holding a study's verdicts, those that exist: its own log (unless it is linked
    /// out of the study, see `linkProblem`), then the per-user fallback.
    public static func studyLogPaths(studyRoot: String, environment: [String: String]) -> [String] {
        var paths: [String] = []
        let primary = primaryPath(studyRoot: studyRoot)
        if POSIX.isDirectory(primary) == false, linkProblem(studyRoot: studyRoot) == nil { paths.append(primary) }
        let fallback = fallbackPath(studyRoot: studyRoot, environment: environment)
        if POSIX.isDirectory(fallback) == false, fallback != primary { paths.append(fallback) }
        return paths
    }

    /// Reads every log in `paths` (a missing one reads as empty) and merges their records
    /// by timestamp, each log's own order kept (a two-way merge, stable); the warnings of all.
    /// Only the first log's failure throws; another's is a warning naming it.
    public static func read(paths: [String]) throws(FeedbackLogError) -> FeedbackLogContents {
        var merged = FeedbackLogContents(records: [], warnings: [])
        for (index, path) in paths.enumerated() {
            let contents: FeedbackLogContents
            do { contents = try read(path: path) } catch {
                if index == 0 { throw error }
                merged.warnings.append("\(error.description); its verdicts are left out")
                continue
            }
            merged.records = mergeByTime(merged.records, contents.records)
            merged.warnings += contents.warnings
        }
        return merged
    }

    /// `a` and `b` interleaved by timestamp; on a tie, and always within one list, order kept.
    static func mergeByTime(_ a: [FeedbackRecord], _ b: [FeedbackRecord]) -> [FeedbackRecord] {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        var out: [FeedbackRecord] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if b[j].timestamp < a[i].timestamp { out.append(b[j]); j += 1 } else { out.append(a[i]); i += 1 }
        }
        out += a[i...]
        out += b[j...]
        return out
    }
}
