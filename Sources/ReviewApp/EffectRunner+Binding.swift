import ReviewCore
import Workflows
import Feedback
import Storage

/// Binding a verdict to the bytes the reviewer saw: the digests of the bytes each film was last
/// decoded from for display and for scoring, compared with the file as it is when the verdict is
/// written. A film truncated, replaced or deleted meanwhile gets no verdict, and the screen says why.
extension EffectRunner {
    /// Remembers the SHA-256 of the bytes a film was decoded from (`shown`: for display; else for scoring).
    public func remember(_ bytes: [UInt8], path: String, shown: Bool) {
        let digest = SHA256.hexDigest(bytes)
        seenDigests.withLock { $0[path, default: SeenDigests()].update(digest, shown: shown) }
    }

    /// The record with the SHA-256 of the film as it is now, or why it must not be written: the file
    /// is gone or unreadable, or its bytes differ from those shown, scored or hashed when the study opened.
    public func bind(_ record: FeedbackRecord, to studyCase: StudyCase) -> Result<FeedbackRecord, CommandFailure> {
        let current: String
        do { current = SHA256.hex(try studyCase.computeSHA256()) } catch {
            return .failure(CommandFailure("the film can no longer be read (\(error.reason.description)); reopen the study"))
        }
        let seen = seenDigests.withLock { $0[record.caseID.relativePath] }
        let changed = [(seen?.shown, "shown"), (seen?.scored, "scored"), (record.caseID.sha256, "opened")]
            .first { digest, _ in digest != nil && digest != current }
        if let (_, when) = changed {
            return .failure(CommandFailure("the film changed on disk since it was \(when); reopen the study to see and score it again"))
        }
        var bound = record
        bound.caseID.sha256 = current
        return .success(bound)
    }
}

/// The digests of the bytes one film was last decoded from.
public struct SeenDigests: Sendable {
    public var shown: String?
    public var scored: String?

    public mutating func update(_ digest: String, shown isShown: Bool) {
        if isShown { shown = digest } else { scored = digest }
    }
}
