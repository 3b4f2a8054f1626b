import Foundation

/// JSON written by hand in one place: the safetensors header and every command's `--json`
/// or `jsonl` output. Keys keep the order they are set in (`JSONSerialization` would not).
public enum JSONText {
    /// A JSON string literal: quotes, backslashes and control characters escaped as RFC 8259
    /// requires, plus U+007F-U+009F, U+2028 and U+2029, so a record stays one line and cannot
    /// drive a terminal.
    public static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// `x` printed with the C `format` (for example "%.4f"), or `null` when it is not finite.
    public static func number(_ x: Double, format: String = "%.6f") -> String {
        x.isFinite ? String(format: format, x) : "null"
    }

    /// A JSON array of values already written as JSON.
    public static func array(_ items: [String]) -> String {
        "[" + items.joined(separator: ", ") + "]"
    }
}

/// A JSON object built field by field, in order.
public struct JSONObject: Sendable {
    private var fields: [String] = []

    public init() {}

    /// Adds `key` with a value already written as JSON (a nested object, an array, a number).
    public mutating func raw(_ key: String, _ json: String) {
        fields.append(JSONText.string(key) + ": " + json)
    }

    /// Adds `key` with a string value.
    public mutating func string(_ key: String, _ value: String) { raw(key, JSONText.string(value)) }

    /// Adds `key` with `value` printed by `format` (`null` when not finite).
    public mutating func number(_ key: String, _ value: Double, format: String = "%.6f") {
        raw(key, JSONText.number(value, format: format))
    }

    /// Adds `key` with an integer value.
    public mutating func integer(_ key: String, _ value: Int) { raw(key, String(value)) }

    /// Adds `key` with `true` or `false`.
    public mutating func bool(_ key: String, _ value: Bool) { raw(key, value ? "true" : "false") }

    /// The object as JSON text on one line.
    public var text: String { "{" + fields.joined(separator: ", ") + "}" }
}
