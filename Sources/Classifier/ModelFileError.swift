/// Why a model file could not be used; `description` is one line.
public enum ModelFileError: Error, Equatable, CustomStringConvertible {
    /// The safetensors container itself is malformed.
    case container(String)
    /// A required card key is missing or has an unusable value.
    case card(key: String, reason: String)
    /// The stored architecture could not be built.
    case architecture(String)
    /// Tensors do not match the architecture (missing name, wrong shape).
    case tensors(String)
    /// A weight or statistic is unusable: not finite, or a negative variance.
    case weights(String)

    public var description: String {
        switch self {
        case .container(let why): return "not a valid safetensors file: \(why)"
        case .card(let key, let why): return "model card entry \"\(key)\" \(why)"
        case .architecture(let why):
            let detail = why.hasPrefix("architecture: ") ? String(why.dropFirst("architecture: ".count)) : why
            return "model card entry \"architecture\" is unusable: \(detail)"
        case .tensors(let why): return "weights do not match the architecture: \(why)"
        case .weights(let why): return "unusable weights: \(why)"
        }
    }
}
