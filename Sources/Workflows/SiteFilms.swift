import Foundation
import Imaging
import Storage
import Training

/// Labelled films from one site, for `adapt`: from NORMAL/PNEUMONIA folders, or from a study
/// folder plus the reviewers' exported feedback CSV.
public struct SiteFilms {
    public var images: [GrayImage] = []
    public var labels: [Int] = []
    public var patients: [String] = []
    public var paths: [String] = []

    /// No films yet; `append` them one by one.
    public init() {}

    /// Films under `folder` labelled by their NORMAL/PNEUMONIA parent folder.
    public static func labelled(_ folder: String, size: Int) throws -> SiteFilms {
        var loader = FilmLoader(fittingAtLeast: (size, size))
        let films = loader.load(loader.scan([folder]), progressLabel: "load")
        var site = SiteFilms()
        for film in films {
            guard let label = film.label else {
                writeStderr("lightbox: \(film.relativePath): no NORMAL or PNEUMONIA folder above it, skipped\n")
                continue
            }
            site.append(film, label: label == .pneumonia ? 1 : 0)
        }
        return site
    }

    /// Films of `study` that reviewers labelled in the exported `csv`, matched by SHA-256 (so
    /// renamed films keep their labels); when reviewers differ, the majority label wins and
    /// a tie leaves the film out (see `reviewerLabels`).
    public static func fromFeedback(csv: String, study: String, size: Int) throws -> SiteFilms {
        let reviewed = try reviewerLabels(csv: csv)
        var loader = FilmLoader(fittingAtLeast: (size, size))
        let cases = loader.scan([study])
        var wanted: [StudyCase] = [], labels: [Int] = []
        for c in cases {
            guard let sha = try? SHA256.hexDigestOfFile(path: c.absolutePath), let label = reviewed[sha] else { continue }
            wanted.append(c)
            labels.append(label == .pneumonia ? 1 : 0)
        }
        let films = loader.load(wanted, progressLabel: "load")
        var site = SiteFilms()
        let labelByPath = Dictionary(zip(wanted.map(\.absolutePath), labels), uniquingKeysWith: { a, _ in a })
        for film in films { site.append(film, label: labelByPath[film.absolutePath]!) }
        let missing = reviewed.count - wanted.count
        if missing > 0 { writeStderr("lightbox: \(csv): \(missing) reviewed films not found in \(study) (matched by SHA-256)\n") }
        return site
    }

    private mutating func append(_ film: LoadedFilm, label: Int) {
        images.append(film.image)
        labels.append(label)
        patients.append(PatientID.from(fileName: (film.relativePath as NSString).lastPathComponent))
        paths.append(film.relativePath)
    }
}
