extension Safetensors {
    /// Documented limits on a safetensors header, checked before it is parsed as JSON.
    ///
    /// JSON parsing builds one object per value, many times the header's byte size; these bound
    /// that work and memory whatever the file claims.
    public enum Limits {
        /// Largest header, in bytes (Lightbox's own headers are about 6 KB).
        public static let headerBytes = 8 << 20
        /// Most tensors in one file (Lightbox's own models hold fewer than 100).
        public static let tensors = 4096
        /// Most JSON values separated by commas outside strings (tensor fields, shape entries, metadata entries).
        public static let values = 1 << 17
    }

    /// Refuses a header that is too large, holds too many objects (tensor entries) or too many values,
    /// or nests deeper than a tensor entry needs, by one pass over its bytes outside strings.
    static func checkHeaderLimits(_ header: ArraySlice<UInt8>) throws(SafetensorsError) {
        guard header.count <= Limits.headerBytes else {
            throw .limitExceeded("header is \(header.count) bytes, more than \(Limits.headerBytes)")
        }
        var objects = 0, commas = 0, depth = 0
        var inString = false, escaped = false
        for byte in header {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if byte == UInt8(ascii: "{") { objects += 1 }
                depth += 1
                // top object > tensor entry > shape list: anything deeper is not safetensors.
                guard depth <= 3 else { throw .limitExceeded("header nests deeper than 3 levels") }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            case UInt8(ascii: ","): commas += 1
            default: break
            }
        }
        // The top-level object and `__metadata__` are objects too.
        guard objects <= Limits.tensors + 2 else {
            throw .limitExceeded("header holds \(objects) objects, more than the limit of \(Limits.tensors) tensors")
        }
        guard commas < Limits.values else {
            throw .limitExceeded("header holds more than \(Limits.values) values")
        }
    }
}
