import Dispatch

/// Remembers SHA-256 digests of study cases and computes missing ones in the background.
///
/// Entries are keyed by absolute path and file size, so a file replaced by one of another size
/// is hashed again. Thread-safe: all state sits behind a private serial queue.
public final class HashCache: @unchecked Sendable {
    /// One finished case, reported from the background queue.
    public struct Progress: Sendable {
        /// Cases finished so far, including this one (1...total).
        public let completed: Int
        /// Cases in this run.
        public let total: Int
        /// The case just finished.
        public let studyCase: StudyCase
        /// Its hex digest, or why the file could not be read.
        public let result: Result<String, ImageLoadError>
    }

    /// Cancels a running `computeAll`; cases already hashed stay cached.
    public final class Job: @unchecked Sendable {
        private let lock = DispatchQueue(label: "lightbox.storage.hashjob")
        private var cancelled = false
        /// Asks the background loop to stop before its next case.
        public func cancel() { lock.sync { cancelled = true } }
        /// Whether `cancel` was called.
        public var isCancelled: Bool { lock.sync { cancelled } }
    }

    private struct Key: Hashable {
        let absolutePath: String
        let fileSize: Int64
    }

    private let lock = DispatchQueue(label: "lightbox.storage.hashcache")
    private var digests: [Key: String] = [:]

    /// Creates an empty cache.
    public init() {}

    /// The cached hex digest for `studyCase`, or nil if it was not computed yet.
    public func cachedDigest(for studyCase: StudyCase) -> String? {
        lock.sync { digests[Key(absolutePath: studyCase.absolutePath, fileSize: studyCase.fileSize)] }
    }

    /// The hex digest for `studyCase`, computing and caching it on the calling thread if needed.
    public func digest(for studyCase: StudyCase) throws(ImageLoadError) -> String {
        if let known = cachedDigest(for: studyCase) { return known }
        let hex = SHA256.hex(try studyCase.computeSHA256())
        lock.sync { digests[Key(absolutePath: studyCase.absolutePath, fileSize: studyCase.fileSize)] = hex }
        return hex
    }

    /// Hashes `cases` one after another on `queue`, calling `progress` (on that queue) after
    /// each one; when `progress.completed == progress.total` the run is over. A case that
    /// cannot be read reports its error and the run continues.
    @discardableResult
    public func computeAll(
        _ cases: [StudyCase],
        on queue: DispatchQueue = .global(qos: .utility),
        progress: @escaping @Sendable (Progress) -> Void
    ) -> Job {
        let job = Job()
        queue.async {
            for (index, studyCase) in cases.enumerated() {
                if job.isCancelled { return }
                let result = Result { () throws(ImageLoadError) -> String in try self.digest(for: studyCase) }
                progress(Progress(completed: index + 1, total: cases.count, studyCase: studyCase, result: result))
            }
        }
        return job
    }
}
