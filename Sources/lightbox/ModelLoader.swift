import Classifier
import Storage

/// Loads the model a command was given, or the bundled one.
enum ModelLoader {
    /// The model at `path`, or the bundled model when `path` is nil; one-line errors name the file.
    static func load(_ path: String?) throws -> PneumoniaModel {
        guard let file = path ?? BundledAssets.defaultModelPath else {
            throw ValidationErrorLine("no --model given and no bundled Assets/Models folder found")
        }
        let bytes: [UInt8]
        do { bytes = try ImageFile.readBytes(path: file, byteLimit: 1 << 30) } catch {
            throw ValidationErrorLine("model \(error.description)")
        }
        do { return try PneumoniaModel(safetensors: bytes) } catch {
            throw ValidationErrorLine("\(file): \(error.description)")
        }
    }
}
