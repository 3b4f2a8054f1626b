
import Classifier
import Storage

/// Loads the model a command was given, or the bundled one.
public enum ModelLoader {
    /// The model a command scores with.
    public typealias Model = PneumoniaModel

    /// Largest model file read, in bytes (256 MiB: 64M parameters; the shipped model is under 1 MB).
    public static let byteLimit: Int64 = 256 << 20

    /// The model at `path`, or the bundled model when `path` is nil; one-line errors name the file.
    public static func load(_ path: String?) throws -> PneumoniaModel {
        guard let file = path ?? BundledAssets.defaultModelPath else {
            throw CommandFailure("no --model given and no bundled Assets/Models folder found")
        }
        let bytes: [UInt8]
        // Loading holds the file, its decoded tensors and the network's copy: about three times the
        // file size, so the size limit is what bounds memory.
        do { bytes = try ImageFile.readBytes(path: file, byteLimit: byteLimit) } catch {
            throw CommandFailure(visible("model \(error.description)"))
        }
        do { return try PneumoniaModel(safetensors: bytes) } catch {
            // The reason may quote card text, which is the file author's: shown escaped.
            throw CommandFailure(visible("\(file): \(error.description)"))
        }
    }
}
