import Dispatch
import Foundation

/// Accumulated wall-clock time of the calls it wraps.
public final class Stopwatch {
    public init() {}
    public private(set) var seconds = 0.0

    public func time<T>(_ body: () -> T) -> T {
        let t0 = DispatchTime.now().uptimeNanoseconds
        defer { seconds += Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9 }
        return body()
    }
}

/// Wall-clock stamps of the explain stages, reported on stderr.
public struct StageClock {
    public init() {}
    private let start = DispatchTime.now().uptimeNanoseconds
    private var last = DispatchTime.now().uptimeNanoseconds
    private var stages: [(String, Double)] = []

    public mutating func mark(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        stages.append((name, Double(now - last) / 1e9))
        last = now
    }

    /// Splits the LIME call at its progress stamps: sampling, masking+forward, regression.
    public mutating func markLIME(sampled: UInt64, classified: UInt64, fitted: UInt64) {
        let now = DispatchTime.now().uptimeNanoseconds
        stages.append(("sampling", Double(sampled - last) / 1e9))
        stages.append(("masking+forward", Double(classified - sampled) / 1e9))
        stages.append(("regression", Double(fitted - classified) / 1e9))
        last = now
    }

    public func report(forward: Double) -> String {
        var parts = stages.map { name, s in "\(name) \(ms(s))" }
        if let masked = stages.first(where: { $0.0 == "masking+forward" })?.1 {
            parts.append("(of which forward passes \(ms(forward)), masking \(ms(masked - forward)))")
        }
        parts.append("total \(ms(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))")
        return parts.joined(separator: ", ")
    }

    private func ms(_ s: Double) -> String { String(format: "%.1f ms", s * 1000) }
}
