import Classifier
import Foundation
import Synchronization

/// A model one thread at a time computes with, whose id and threshold any thread reads without
/// waiting: a scoring batch or a LIME run holds the lock for a second or more, while the UI
/// thread reads the id for its caches. The network owns its activation buffers, hence the lock.
final class GuardedModel: @unchecked Sendable {  // `model` only used under `lock`
    private var model: PneumoniaModel
    private let lock = NSLock()
    private let card: Mutex<(id: String, threshold: Double)>
    /// Pixels the model looks at (the same for every model `replace` is given).
    let inputSize: (width: Int, height: Int)

    init(_ model: PneumoniaModel) {
        self.model = model
        card = Mutex((model.id, model.threshold))
        inputSize = (model.preprocessing.inputSize, model.preprocessing.inputSize)
    }

    var id: String { card.withLock { $0.id } }
    var threshold: Double { card.withLock { $0.threshold } }

    /// Computes with `model` (taken as its own) from the next call of `withModel` on.
    func replace(_ model: PneumoniaModel) {
        lock.lock()
        defer { lock.unlock() }
        self.model = model
        card.withLock { $0 = (model.id, model.threshold) }
    }

    /// `body` run with the model, holding the lock.
    func withModel<T>(_ body: (PneumoniaModel) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(model)
    }
}
