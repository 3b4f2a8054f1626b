import Foundation
import JSONWriter

/// Malformed safetensors bytes or a tensor that cannot be encoded, with a one-line reason (the caller adds the file name).
public enum SafetensorsError: Error, Equatable, CustomStringConvertible {
    /// Fewer than the 8 bytes of the header-length field.
    case tooShort(byteCount: Int)
    /// The header length points past the end of the bytes.
    case headerLengthOutOfRange(headerLength: UInt64, available: Int)
    /// The header is not a JSON object.
    case badJSON(String)
    /// A tensor entry (or `__metadata__`) lacks a field or has one of the wrong type.
    case badEntry(name: String, String)
    /// A dtype other than F32, F16 or BF16.
    case unknownDType(name: String, dtype: String)
    /// shape product x dtype size differs from the data_offsets byte range.
    case sizeMismatch(name: String, expectedBytes: Int, rangeBytes: Int)
    /// data_offsets are reversed or extend past the data area.
    case offsetsOutOfRange(name: String, begin: Int, end: Int, dataSize: Int)
    /// Two tensors' byte ranges overlap.
    case overlap(String, String)
    /// The header is larger or holds more entries than `Safetensors.Limits` allow.
    case limitExceeded(String)

    public var description: String {
        switch self {
        case .tooShort(let n): return "safetensors: file is \(n) bytes, shorter than the 8-byte header length"
        case let .headerLengthOutOfRange(len, available):
            return "safetensors: header length \(len) exceeds the \(available) bytes after the length field"
        case .badJSON(let why): return "safetensors: header is not valid JSON: \(why)"
        case let .badEntry(name, why): return "safetensors: tensor \(name): \(why)"
        case let .unknownDType(name, dtype): return "safetensors: tensor \(name): unsupported dtype \(dtype)"
        case let .sizeMismatch(name, expected, range):
            return "safetensors: tensor \(name): shape needs \(expected) bytes but data_offsets span \(range)"
        case let .offsetsOutOfRange(name, begin, end, size):
            return "safetensors: tensor \(name): data_offsets [\(begin), \(end)] outside the \(size)-byte data area"
        case let .overlap(a, b): return "safetensors: tensors \(a) and \(b) overlap"
        case .limitExceeded(let why): return "safetensors: \(why)"
        }
    }
}

/// The safetensors format: u64-LE header length, JSON header {name: {dtype, shape, data_offsets}}, then little-endian data.
public enum Safetensors {
    /// Encodes tensors as F32 (sorted by name, contiguous) plus a `__metadata__` string map; header space-padded to 8 bytes.
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = [:]) -> [UInt8] {
        let names = tensors.keys.sorted()
        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(JSONText.string($0)):\(JSONText.string(metadata[$0]!))" }
            entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for name in names {
            let t = tensors[name]!
            let bytes = t.count * 4
            let shape = t.shape.map(String.init).joined(separator: ",")
            entries.append("\(JSONText.string(name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + bytes)]}")
            offset += bytes
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        while (8 + header.count) % 8 != 0 { header.append(UInt8(ascii: " ")) }
        var out: [UInt8] = []
        out.reserveCapacity(8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: header)
        for name in names {
            for v in tensors[name]!.storage { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        }
        return out
    }

    /// Decodes all tensors (F32, F16 and BF16 become Float) and the `__metadata__` map, validating every field.
    public static func decode(_ bytes: [UInt8]) throws(SafetensorsError) -> (tensors: [String: Tensor], metadata: [String: String]) {
        guard bytes.count >= 8 else { throw .tooShort(byteCount: bytes.count) }
        var headerLength: UInt64 = 0
        for i in 0..<8 { headerLength |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        // Bounded by the bytes present, so no allocation can exceed the input size.
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw .headerLengthOutOfRange(headerLength: headerLength, available: bytes.count - 8)
        }
        let dataStart = 8 + Int(headerLength)
        let dataSize = bytes.count - dataStart
        try checkHeaderLimits(bytes[8..<dataStart])
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart]))
        } catch {
            throw .badJSON("cannot parse the \(headerLength)-byte header")
        }
        guard let header = object as? [String: Any] else { throw .badJSON("top level is not an object") }
        let tensorCount = header.count - (header["__metadata__"] == nil ? 0 : 1)
        guard tensorCount <= Limits.tensors else {
            throw .limitExceeded("header holds \(tensorCount) tensors, more than the limit of \(Limits.tensors)")
        }

        var metadata: [String: String] = [:]
        if let raw = header["__metadata__"] {
            guard let map = raw as? [String: Any] else { throw .badEntry(name: "__metadata__", "is not an object") }
            for (k, v) in map {
                guard let s = v as? String else { throw .badEntry(name: "__metadata__", "value of \(k) is not a string") }
                metadata[k] = s
            }
        }

        var ranges: [(name: String, begin: Int, end: Int, shape: [Int], count: Int, dtype: String)] = []
        for name in header.keys.sorted() where name != "__metadata__" {
            guard let entry = header[name] as? [String: Any] else { throw .badEntry(name: name, "is not an object") }
            guard let dtype = entry["dtype"] as? String else { throw .badEntry(name: name, "missing dtype") }
            guard let shape = integers(entry["shape"]) else { throw .badEntry(name: name, "shape is not a list of non-negative integers") }
            guard let offsets = integers(entry["data_offsets"]), offsets.count == 2 else {
                throw .badEntry(name: name, "data_offsets is not two non-negative integers")
            }
            let elementSize: Int
            switch dtype {
            case "F32": elementSize = 4
            case "F16", "BF16": elementSize = 2
            default: throw .unknownDType(name: name, dtype: dtype)
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin <= end, end <= dataSize else {
                throw .offsetsOutOfRange(name: name, begin: begin, end: end, dataSize: dataSize)
            }
            // The product is bounded by the byte range before multiplying further, so it cannot overflow.
            var count = 1
            for d in shape {
                let (p, overflow) = count.multipliedReportingOverflow(by: d)
                guard !overflow, p <= dataSize else {
                    throw .badEntry(name: name, "shape \(shape) needs more than the \(dataSize)-byte data area")
                }
                count = p
            }
            guard count * elementSize == end - begin else {
                throw .sizeMismatch(name: name, expectedBytes: count * elementSize, rangeBytes: end - begin)
            }
            ranges.append((name, begin, end, shape, count, dtype))
        }
        // Sorted by start, a non-empty range overlaps an earlier one iff it starts before the furthest end so far.
        var furthest: (name: String, end: Int)? = nil
        for r in ranges.filter({ $0.begin < $0.end }).sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            if let f = furthest, r.begin < f.end { throw .overlap(f.name, r.name) }
            if r.end > (furthest?.end ?? 0) { furthest = (r.name, r.end) }
        }
        // Decoding only after the overlap check keeps the total allocation within the data size.
        var tensors: [String: Tensor] = [:]
        for r in ranges {
            tensors[r.name] = Tensor(shape: r.shape, storage: decodeValues(bytes, from: dataStart + r.begin, count: r.count, dtype: r.dtype))
        }
        return (tensors, metadata)
    }

    private static func integers(_ value: Any?) -> [Int]? {
        guard let list = value as? [Any] else { return nil }
        var out: [Int] = []
        for item in list {
            guard let n = item as? NSNumber else { return nil }
            let d = n.doubleValue
            guard d >= 0, d == d.rounded(), d < 9.0e15 else { return nil }
            out.append(Int(d))
        }
        return out
    }

    private static func decodeValues(_ bytes: [UInt8], from start: Int, count: Int, dtype: String) -> [Float] {
        var out = [Float](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            switch dtype {
            case "F32":
                for i in 0..<count {
                    out[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 4 * i, as: UInt32.self)))
                }
            case "F16":
                for i in 0..<count {
                    out[i] = Float(Float16(bitPattern: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: start + 2 * i, as: UInt16.self))))
                }
            default: // BF16: the top half of an F32
                for i in 0..<count {
                    let h = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: start + 2 * i, as: UInt16.self))
                    out[i] = Float(bitPattern: UInt32(h) << 16)
                }
            }
        }
        return out
    }
}
