import Foundation
import Imaging
import NeuralNet
import Storage

/// One film that could be read, with where it came from.
public struct LoadedFilm {
    public var relativePath: String
    public var absolutePath: String
    public var label: ReferenceLabel?
    public var image: GrayImage
}

/// Scans paths (folders or single films: JPEG, PNG or DICOM) and decodes every film, reporting each failure as one
/// line on stderr and carrying on with the rest.
public struct FilmLoader {
    /// Smallest size the decoder must cover (scaled decode picks the cheapest factor above it).
    public var fittingAtLeast: (width: Int, height: Int)?
    /// Failures so far, one line each.
    public private(set) var failures: [String] = []
    /// Files skipped by the scans so far because they are not films, with their kind.
    public private(set) var skipped: [SkippedFile] = []
    /// Whether symlinks out of a scanned folder are followed (`--follow-links`).
    public var followsLinksOutOfRoot = false
    /// Each scanned film's path as given on the command line, by absolute path (see `pathAsGiven`).
    private var givenPaths: [String: String] = [:]

    public init(fittingAtLeast: (width: Int, height: Int)? = nil) {
        self.fittingAtLeast = fittingAtLeast
    }

    /// The cases found under `paths`, in order; problems become failures.
    public mutating func scan(_ paths: [String]) -> [StudyCase] {
        var cases: [StudyCase] = []
        for path in paths {
            do {
                let scan = try StudyScanner.scan(root: path, allowEmpty: true, followingLinksOutOfRoot: followsLinksOutOfRoot)
                if scan.cases.isEmpty {
                    fail("\(path): no films (JPEG, PNG or DICOM) found")
                }
                skipped += scan.skipped
                for problem in scan.problems { fail(problem.description) }
                for c in scan.cases {
                    givenPaths[c.absolutePath] = c.absolutePath == scan.absoluteRoot ? path : Self.join(path, c.relativePath)
                }
                cases.append(contentsOf: scan.cases)
            } catch {
                fail(error.description)
            }
        }
        return cases
    }

    /// The film's path as the command line named it: a file as given, a film found in a folder
    /// as the folder given plus its path inside (`study/NORMAL/a.jpeg`, `/data/x/a.jpeg`), so a
    /// relative argument stays relative and two runs over the same arguments join on the path.
    public func pathAsGiven(_ film: LoadedFilm) -> String {
        givenPaths[film.absolutePath] ?? film.absolutePath
    }

    /// `folder` and a path inside it, with one `/` between them.
    static func join(_ folder: String, _ relative: String) -> String {
        folder.hasSuffix("/") ? folder + relative : folder + "/" + relative
    }

    /// Decodes `cases` on all cores, returning films in input order (failures left out).
    public mutating func load(_ cases: [StudyCase], progressLabel: String?) -> [LoadedFilm] {
        let wanted = fittingAtLeast
        var results = [Result<GrayImage, ImageLoadError>?](repeating: nil, count: cases.count)
        let progress = progressLabel.map { ProgressReporter(label: $0, total: cases.count, unit: "films") }
        // Chunks of at most 64 films (progress granularity), and at least one per core, so a small
        // batch (predict's pipeline hands over 32 at a time) still decodes on every core.
        let chunk = max(1, min(64, (cases.count + Parallel.workers - 1) / max(1, Parallel.workers)))
        let chunks = (cases.count + chunk - 1) / chunk
        results.withUnsafeMutableBufferPointer { out in
            let base = UncheckedSendable(out.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let range = (c * chunk)..<min(cases.count, (c + 1) * chunk)
                for i in range {
                    base.value[i] = Result { () throws(ImageLoadError) -> GrayImage in
                        try ImageFile.loadFilm(path: cases[i].absolutePath, fittingAtLeast: wanted).image
                    }
                }
                progress?.advance(by: range.count)
            }
        }
        progress?.finish()
        var films: [LoadedFilm] = []
        for (c, result) in zip(cases, results) {
            switch result {
            case .success(let image)?:
                films.append(LoadedFilm(relativePath: c.relativePath, absolutePath: c.absolutePath,
                                        label: c.referenceLabel, image: image))
            case .failure(let error)?: fail(error.description)
            case nil: break
            }
        }
        return films
    }

    /// Records a failure and names it on stderr, control characters escaped.
    public mutating func report(_ line: String) { fail(line) }

    private mutating func fail(_ line: String) {
        failures.append(line)
        writeStderr("lightbox: \(visible(line))\n")
    }
}

/// Wraps a value the compiler cannot prove Sendable where disjoint access is guaranteed by
/// construction (each concurrent iteration writes its own slots).
public struct UncheckedSendable<Value>: @unchecked Sendable {
    public var value: Value
    public init(_ value: Value) { self.value = value }
}
