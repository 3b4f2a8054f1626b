import Foundation
import NeuralNet

/// A resumable training state as a value: weights, optimizer moments, history and the best
/// epoch's weights. Serialised as safetensors (tensors prefixed `model.`, `best.`, `adam.`).
public struct Checkpoint: Sendable {
    /// The best epoch so far and its weights.
    public struct Best: Sendable {
        public var epoch: Int
        public var auc: Double
        public var loss: Double
        public var tensors: [String: Tensor]
    }

    public var config: TrainingConfig
    public var epochsDone: Int
    public var optimizerStep: Int
    public var tensors: [String: Tensor]
    public var adamM: [Float]
    public var adamV: [Float]
    public var history: [EpochReport]
    /// The moving average of the weights, when the run keeps one.
    public var averaged: [String: Tensor]?
    public var best: Best?

    /// Errors reading a checkpoint; one line each.
    public enum DecodeError: Error, CustomStringConvertible {
        case malformed(String)
        public var description: String {
            switch self { case .malformed(let why): return "not a Lightbox checkpoint: \(why)" }
        }
    }

    /// Safetensors bytes for this checkpoint.
    public func encoded() -> [UInt8] {
        var all: [String: Tensor] = [:]
        for (k, v) in tensors { all["model." + k] = v }
        if let best { for (k, v) in best.tensors { all["best." + k] = v } }
        if let averaged { for (k, v) in averaged { all["ema." + k] = v } }
        all["adam.m"] = Tensor(shape: [adamM.count], storage: adamM)
        all["adam.v"] = Tensor(shape: [adamV.count], storage: adamV)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var meta: [String: String] = [
            "format": "lightbox-checkpoint/1",
            "epochs_done": String(epochsDone),
            "optimizer_step": String(optimizerStep),
            "config": String(decoding: (try? encoder.encode(config)) ?? Data(), as: UTF8.self),
            "history": String(decoding: (try? encoder.encode(history)) ?? Data(), as: UTF8.self),
        ]
        if let best {
            meta["best_epoch"] = String(best.epoch)
            meta["best_auc"] = String(best.auc)
            meta["best_loss"] = String(best.loss)
        }
        return Safetensors.encode(all, metadata: meta)
    }

    /// Decodes checkpoint bytes written by `encoded()`.
    public init(decoding bytes: [UInt8]) throws {
        let (all, meta) = try Safetensors.decode(bytes)
        guard meta["format"] == "lightbox-checkpoint/1" else { throw DecodeError.malformed("format tag missing") }
        let decoder = JSONDecoder()
        guard let epochs = Int(meta["epochs_done"] ?? ""), let step = Int(meta["optimizer_step"] ?? ""),
              let configData = meta["config"]?.data(using: .utf8),
              let config = try? decoder.decode(TrainingConfig.self, from: configData),
              let historyData = meta["history"]?.data(using: .utf8),
              let history = try? decoder.decode([EpochReport].self, from: historyData),
              let m = all["adam.m"]?.storage, let v = all["adam.v"]?.storage else {
            throw DecodeError.malformed("metadata or optimizer state missing")
        }
        var model: [String: Tensor] = [:], bestTensors: [String: Tensor] = [:], emaTensors: [String: Tensor] = [:]
        for (k, t) in all {
            if k.hasPrefix("model.") { model[String(k.dropFirst(6))] = t }
            if k.hasPrefix("best.") { bestTensors[String(k.dropFirst(5))] = t }
            if k.hasPrefix("ema.") { emaTensors[String(k.dropFirst(4))] = t }
        }
        averaged = emaTensors.isEmpty ? nil : emaTensors
        self.config = config
        epochsDone = epochs
        optimizerStep = step
        tensors = model
        adamM = m
        adamV = v
        self.history = history
        if let e = Int(meta["best_epoch"] ?? ""), let a = Double(meta["best_auc"] ?? ""), let l = Double(meta["best_loss"] ?? "") {
            best = Best(epoch: e, auc: a, loss: l, tensors: bestTensors)
        }
    }

    init(config: TrainingConfig, epochsDone: Int, optimizerStep: Int, tensors: [String: Tensor],
         adamM: [Float], adamV: [Float], history: [EpochReport], averaged: [String: Tensor]? = nil, best: Best?) {
        self.config = config; self.epochsDone = epochsDone; self.optimizerStep = optimizerStep; self.averaged = averaged
        self.tensors = tensors; self.adamM = adamM; self.adamV = adamV; self.history = history; self.best = best
    }
}
