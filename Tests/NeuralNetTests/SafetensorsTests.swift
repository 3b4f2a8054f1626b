import Foundation
import Testing
@testable import NeuralNet

@Suite("Safetensors")
struct SafetensorsTests {
    /// Assembles a file from a header string (padded like the spec) and raw data bytes.
    func file(_ header: String, data: [UInt8] = []) -> [UInt8] {
        var h = Array(header.utf8)
        while h.count % 8 != 0 { h.append(32) }
        var out: [UInt8] = []
        withUnsafeBytes(of: UInt64(h.count).littleEndian) { out.append(contentsOf: $0) }
        return out + h + data
    }

    func decodeError(_ bytes: [UInt8]) -> SafetensorsError? {
        do { _ = try Safetensors.decode(bytes); return nil } catch { return error }
    }

    @Test("encode then decode returns the same tensors and metadata")
    func roundTrip() throws {
        let tensors = ["b.weight": Tensor(shape: [2, 3], storage: [1, -2, 3.5, .pi, -0, 1e-30]),
                       "a.bias": Tensor(shape: [3], storage: [0.25, 7, -1]),
                       "scalar": Tensor(shape: [], storage: [42]),
                       "empty": Tensor(shape: [0, 4], storage: [])]
        let metadata = ["architecture": "conv out=16; relu", "note": "quote \" backslash \\ newline \n tab \t é"]
        let bytes = Safetensors.encode(tensors, metadata: metadata)
        let decoded = try Safetensors.decode(bytes)
        #expect(decoded.tensors == tensors)
        #expect(decoded.metadata == metadata)
    }

    @Test("the layout follows the python safetensors spec: u64 length, aligned JSON header, sorted offsets from the data start")
    func layout() throws {
        let bytes = Safetensors.encode(["z": Tensor(shape: [1], storage: [2]), "a": Tensor(shape: [2], storage: [1, -1])],
                                       metadata: ["k": "v"])
        var n: UInt64 = 0
        for i in 0..<8 { n |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        let headerEnd = 8 + Int(n)
        #expect(headerEnd % 8 == 0)
        #expect(bytes.count == headerEnd + 12)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd])) as? [String: Any])
        #expect((json["__metadata__"] as? [String: String]) == ["k": "v"])
        let a = try #require(json["a"] as? [String: Any]), z = try #require(json["z"] as? [String: Any])
        #expect(a["dtype"] as? String == "F32")
        #expect((a["data_offsets"] as? [Int]) == [0, 8])
        #expect((z["data_offsets"] as? [Int]) == [8, 12])
        #expect((z["shape"] as? [Int]) == [1])
        // Offsets count from the first byte after the header: z's value 2.0 sits at headerEnd + 8, little-endian.
        #expect(Array(bytes[(headerEnd + 8)..<(headerEnd + 12)]) == [0, 0, 0, 0x40])
    }

    @Test("F16 and BF16 tensors decode to Float")
    func halfPrecision() throws {
        let bytes = file(#"{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"b":{"dtype":"BF16","shape":[1],"data_offsets":[4,6]}}"#,
                         data: [0x00, 0x3C, 0x00, 0xC0, 0x80, 0x3F])  // 1.0, -2.0 in F16; 1.0 in BF16
        let t = try Safetensors.decode(bytes).tensors
        #expect(t["h"]?.storage == [1, -2])
        #expect(t["b"]?.storage == [1])
    }

    @Test("malformed files are rejected with the specific reason")
    func malformed() {
        let ok = #"{"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        #expect(decodeError(file(ok, data: [UInt8](repeating: 0, count: 8))) == nil)
        #expect(decodeError([1, 2, 3]) == .tooShort(byteCount: 3))
        var huge: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]
        huge += Array("{}".utf8)
        guard case .headerLengthOutOfRange = decodeError(huge) else { Issue.record("huge header accepted"); return }
        guard case .badJSON = decodeError(file("{not json")) else { Issue.record("bad JSON accepted"); return }
        guard case .badJSON = decodeError(file("[1, 2]")) else { Issue.record("non-object accepted"); return }
        #expect(decodeError(file(#"{"t":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}"#, data: [UInt8](repeating: 0, count: 8)))
                == .unknownDType(name: "t", dtype: "I64"))
        #expect(decodeError(file(#"{"t":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: [UInt8](repeating: 0, count: 8)))
                == .sizeMismatch(name: "t", expectedBytes: 12, rangeBytes: 8))
        #expect(decodeError(file(#"{"t":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, data: [UInt8](repeating: 0, count: 8)))
                == .offsetsOutOfRange(name: "t", begin: 4, end: 12, dataSize: 8))
        #expect(decodeError(file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#,
                                 data: [UInt8](repeating: 0, count: 8))) == .overlap("a", "b"))
        guard case .badEntry = decodeError(file(#"{"t":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}"#)) else {
            Issue.record("negative dimension accepted"); return
        }
        guard case .badEntry = decodeError(file(#"{"t":{"dtype":"F32","shape":[1]}}"#)) else {
            Issue.record("missing offsets accepted"); return
        }
        // A shape whose product overflows Int is a bad entry, not a crash.
        guard case .badEntry = decodeError(file(#"{"t":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]}}"#)) else {
            Issue.record("overflowing shape accepted"); return
        }
        #expect(SafetensorsError.tooShort(byteCount: 3).description.contains("shorter"))
    }
}
