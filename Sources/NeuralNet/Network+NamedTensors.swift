/// A tensor that cannot be loaded into a network, with a one-line reason.
public enum LoadError: Error, Equatable, CustomStringConvertible {
    /// The network needs a tensor the source does not have.
    case missingTensor(String)
    /// A tensor's shape differs from what the network expects.
    case shapeMismatch(name: String, expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case .missingTensor(let name): return "model: missing tensor \(name)"
        case let .shapeMismatch(name, expected, found): return "model: tensor \(name) has shape \(found), expected \(expected)"
        }
    }
}

extension Network {
    /// Name of a tensor: "layers.<index>.<slot>", e.g. "layers.0.weight", "layers.1.running_mean".
    static func tensorName(layer: Int, slot: String) -> String { "layers.\(layer).\(slot)" }

    /// All parameters and buffers (BN running statistics) by name, for saving.
    public var namedTensors: [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (i, layer) in layers.enumerated() {
            let base = parameterOffsets[i]
            for slot in layer.parameterSlots {
                let start = base + slot.offset
                out[Self.tensorName(layer: i, slot: slot.name)] = Tensor(shape: slot.shape, storage: Array(parameters[start..<(start + slot.count)]))
            }
            for slot in layer.bufferSlots {
                out[Self.tensorName(layer: i, slot: slot.name)] = Tensor(shape: slot.shape, storage: layer.buffer(named: slot.name)!)
            }
        }
        return out
    }

    /// Replaces parameters and buffers from `tensors` after checking every name and shape (nothing changes on error).
    ///
    /// Extra tensors are ignored.
    public func load(namedTensors tensors: [String: Tensor]) throws(LoadError) {
        for (i, layer) in layers.enumerated() {
            let slots = layer.parameterSlots.map { ($0.name, $0.shape) } + layer.bufferSlots.map { ($0.name, $0.shape) }
            for (name, shape) in slots {
                let full = Self.tensorName(layer: i, slot: name)
                guard let t = tensors[full] else { throw .missingTensor(full) }
                guard t.shape == shape else { throw .shapeMismatch(name: full, expected: shape, found: t.shape) }
            }
        }
        for (i, layer) in layers.enumerated() {
            let base = parameterOffsets[i]
            for slot in layer.parameterSlots {
                let t = tensors[Self.tensorName(layer: i, slot: slot.name)]!
                parameters.replaceSubrange((base + slot.offset)..<(base + slot.offset + slot.count), with: t.storage)
            }
            for slot in layer.bufferSlots {
                _ = layer.setBuffer(named: slot.name, to: tensors[Self.tensorName(layer: i, slot: slot.name)]!.storage)
            }
        }
    }
}
