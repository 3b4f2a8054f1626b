import Foundation
import Imaging
import Storage
import Training

/// Loads a NORMAL/PNEUMONIA training folder into memory at the model's input size.
enum TrainingData {
    /// Every labelled, readable film under `folder`, resized to `size x size`; unreadable or
    /// unlabelled films are named on stderr and skipped.
    static func load(_ folder: String, size: Int) throws -> LabeledImages {
        var loader = FilmLoader(fittingAtLeast: (size, size))
        let cases = loader.scan([folder])
        let films = loader.load(cases, progressLabel: "load")
        var data = LabeledImages(size: size)
        var unlabelled = 0
        for film in films {
            guard let label = film.label else { unlabelled += 1; continue }
            let name = (film.relativePath as NSString).lastPathComponent
            data.append(film.image, label: label == .pneumonia ? 1 : 0, patient: PatientID.from(fileName: name),
                        path: film.relativePath)
        }
        if unlabelled > 0 { writeStderr("lightbox: \(folder): \(unlabelled) films outside NORMAL/ or PNEUMONIA/ skipped\n") }
        guard data.labels.contains(0), data.labels.contains(1) else {
            throw ValidationErrorLine("\(folder): needs films in both NORMAL/ and PNEUMONIA/")
        }
        return data
    }

    /// SHA-256 (hex) of the sorted relative paths of `paths`, one per line: identifies the training list.
    static func fileListDigest(_ paths: [String]) -> String {
        SHA256.hexDigest(Array(paths.sorted().joined(separator: "\n").utf8))
    }
}

/// A one-line error for the command line.
struct ValidationErrorLine: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
