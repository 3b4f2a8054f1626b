import NeuralNet

/// The one model-id scheme for adapted models, whoever adapts them (`lightbox adapt` or the
/// review): `NAME-SITE-METHOD-FINGERPRINT`, for example
/// `lightbox-pneumonia-cnn-kermany-site-dev-bn40-1f0c9a2e`.
extension PneumoniaModel {
    /// The id of this model adapted to `site` by `method` (`bn40`: batch-norm statistics of 40
    /// films, no labels; `labels63`: from 63 labelled films). The fingerprint covers every
    /// tensor (weights and batch-norm statistics), the calibration and the threshold, so two
    /// adaptations get the same id exactly when they score every film the same.
    public func adaptedModelID(site: String, method: String) -> String {
        "\(card["name"] ?? "model")-\(Self.idComponent(site))-\(method)-\(stateFingerprint().prefix(8))"
    }

    /// FNV-1a (64-bit) over every named tensor in name order, then the calibration and the
    /// threshold; 16 lower-case hex digits.
    public func stateFingerprint() -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bits: UInt64, bytes: Int) {
            var bits = bits
            for _ in 0..<bytes {
                h ^= bits & 0xFF
                h = h &* 0x0000_0100_0000_01B3
                bits >>= 8
            }
        }
        let tensors = network.namedTensors
        for name in tensors.keys.sorted() {
            for byte in name.utf8 { mix(UInt64(byte), bytes: 1) }
            for v in tensors[name]!.storage { mix(UInt64(v.bitPattern), bytes: 4) }
        }
        for value in [calibration.slope, calibration.intercept, threshold] { mix(value.bitPattern, bytes: 8) }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// `text` with every character other than ASCII letters, digits, `.` and `_` turned into
    /// `-` (runs collapsed), so an id is also a safe file name; "site" when nothing is left.
    public static func idComponent(_ text: String) -> String {
        var out = ""
        for c in text {
            if c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "_") {
                out.append(c)
            } else if !out.hasSuffix("-") {
                out.append("-")
            }
        }
        while out.hasPrefix("-") || out.hasPrefix(".") { out.removeFirst() }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "site" : String(out.prefix(64))
    }
}
