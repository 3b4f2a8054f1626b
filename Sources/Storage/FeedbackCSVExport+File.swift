extension FeedbackExport {
    /// Writes `text` to `path` atomically: into a temporary file beside it, synced, then
    /// renamed over `path`, so a reader never sees half an export.
    public static func write(_ text: String, to path: String) throws(FeedbackExportError) {
        do { try AtomicFile.write(Array(text.utf8), to: path) } catch {
            throw .cannotWrite(path: path, reason: error.reason)
        }
    }
}
