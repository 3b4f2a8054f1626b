import Foundation
import Imaging
import Storage
import Training

/// Loads a NORMAL/PNEUMONIA training folder into memory at the model's input size.
public enum TrainingData {
    /// Every labelled, readable film under `folder`, resized to `size x size`; unreadable or
    /// unlabelled films are named on stderr and skipped.
    ///
    /// `overrides` maps a film's SHA-256 (lower-case hex) to a reviewer's label, which wins
    /// over the folder's label and also admits films outside NORMAL/ and PNEUMONIA/.
    public static func load(_ folder: String, size: Int, overrides: [String: ReferenceLabel] = [:]) throws -> LabeledImages {
        var loader = FilmLoader(fittingAtLeast: (size, size))
        let cases = loader.scan([folder])
        let films = loader.load(cases, progressLabel: "load")
        var data = LabeledImages(size: size)
        var unlabelled = 0, overridden = 0
        for film in films {
            var label = film.label
            if !overrides.isEmpty, let sha = try? SHA256.hexDigestOfFile(path: film.absolutePath), let reviewed = overrides[sha] {
                if reviewed != label { overridden += 1 }
                label = reviewed
            }
            guard let label else { unlabelled += 1; continue }
            let name = (film.relativePath as NSString).lastPathComponent
            data.append(film.image, label: label == .pneumonia ? 1 : 0, patient: PatientID.from(fileName: name),
                        path: film.relativePath)
        }
        if !overrides.isEmpty { writeStderr("train: reviewer labels changed \(overridden) folder labels\n") }
        if unlabelled > 0 { writeStderr("lightbox: \(folder): \(unlabelled) films outside NORMAL/ or PNEUMONIA/ skipped\n") }
        guard data.labels.contains(0), data.labels.contains(1) else {
            throw CommandFailure("\(folder): needs films in both NORMAL/ and PNEUMONIA/")
        }
        return data
    }

    /// SHA-256 (hex) of the sorted relative paths of `paths`, one per line: identifies the training list.
    public static func fileListDigest(_ paths: [String]) -> String {
        SHA256.hexDigest(Array(paths.sorted().joined(separator: "\n").utf8))
    }
}

/// Reviewer labels from an exported feedback CSV, by SHA-256; films on which reviewers are
/// split are left out.
public func reviewerLabels(csv: String) throws -> [String: ReferenceLabel] {
    let text: String
    do { text = String(decoding: try ImageFile.readBytes(path: csv, byteLimit: 1 << 30), as: UTF8.self) } catch {
        throw CommandFailure(error.description)
    }
    let entries: [FeedbackExport.Entry]
    do { entries = try FeedbackExport.read(text, source: csv) } catch { throw CommandFailure(error.description) }
    var votes: [String: [Int]] = [:]
    for entry in entries { votes[entry.sha256.lowercased(), default: []].append(entry.labelForTraining == .pneumonia ? 1 : 0) }
    return MajorityLabels.decide(votes).mapValues { $0 == 1 ? ReferenceLabel.pneumonia : .normal }
}
