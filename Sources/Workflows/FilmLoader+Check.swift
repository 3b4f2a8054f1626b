import Dispatch
import Feedback
import Storage

/// A film that decoded cleanly, as `inspect` reports it: where it is and its stored size.
public struct CheckedFilm {
    public var relativePath: String
    public var absolutePath: String
    public var label: ReferenceLabel?
    public var width: Int
    public var height: Int
    public var format: FilmFormat
    public var metadata: FilmMetadata

    /// The file's SHA-256 as lower-case hex, read again now; "-" when it cannot be read.
    public var sha256: String { (try? SHA256.hexDigestOfFile(path: absolutePath)) ?? "-" }

    /// What the header says, identifying fields (patient, date, SOP Instance UID) hidden when
    /// `anonymised`; "-" when it says nothing.
    public func details(anonymised: Bool) -> String {
        var parts = [metadata.summary(anonymised: anonymised)]
        if !metadata.sopInstanceUID.isEmpty && !anonymised { parts.append("uid " + metadata.sopInstanceUID) }
        let text = parts.filter { !$0.isEmpty }.joined(separator: " · ")
        return text.isEmpty ? "-" : text
    }
}

extension FilmLoader {
    /// Films decoded at once by `check`: one per core, so memory holds a few films whatever the study size.
    public static let checkWindow = 2

    /// Reads and fully decodes each of `cases` to test it, keeping no pixels: `each` gets the films
    /// that decoded, in input order, a window of `checkWindow` at a time; failures become lines on stderr.
    /// See `ImageFile.check` for how each film is tested.
    public mutating func check(_ cases: [StudyCase], progressLabel: String?, each: (CheckedFilm) -> Void) {
        let progress = progressLabel.map { ProgressReporter(label: $0, total: cases.count, unit: "films") }
        var start = 0
        while start < cases.count {
            let window = Array(cases[start..<min(cases.count, start + Self.checkWindow)])
            var results = [Result<DecodedFilm, ImageLoadError>?](repeating: nil, count: window.count)
            results.withUnsafeMutableBufferPointer { out in
                let base = UncheckedSendable(out.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: window.count) { i in
                    base.value[i] = Result { () throws(ImageLoadError) -> DecodedFilm in try Self.checkOne(window[i]) }
                }
            }
            for (c, result) in zip(window, results) {
                switch result {
                case .success(let film)?:
                    each(CheckedFilm(relativePath: c.relativePath, absolutePath: c.absolutePath, label: c.referenceLabel,
                                     width: film.fullWidth, height: film.fullHeight, format: film.format, metadata: film.metadata))
                case .failure(let error)?: report(error.description)
                case nil: break
                }
            }
            progress?.advance(by: window.count)
            start += window.count
        }
        progress?.finish()
    }

    private static func checkOne(_ studyCase: StudyCase) throws(ImageLoadError) -> DecodedFilm {
        try ImageFile.check(path: studyCase.absolutePath)
    }
}
