import Classifier
import Foundation

/// Where `train --out` and `adapt --out` may write: a new path, or an existing Lightbox model
/// when the user says `--force`. A film, a CSV, a folder or any other file is never replaced.
public enum ModelOutput {
    /// Throws a `CommandFailure` naming `path` when writing a model there is not safe.
    public static func check(_ path: String, force: Bool) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        if isDirectory.boolValue { throw CommandFailure("\(path): is a folder; --out must name a model file (nothing written)") }
        guard let bytes = FileManager.default.contents(atPath: path).map(Array.init),
              (try? PneumoniaModel(safetensors: bytes)) != nil else {
            throw CommandFailure("\(path): exists and is not a Lightbox model (a film, a CSV or another file?); it is never replaced (nothing written)")
        }
        if !force { throw CommandFailure("\(path): a model is already there; --force replaces it (nothing written)") }
    }
}
