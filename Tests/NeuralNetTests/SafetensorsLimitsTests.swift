import Testing
@testable import NeuralNet

@Suite("Safetensors limits")
struct SafetensorsLimitsTests {
    func file(_ header: String) -> [UInt8] {
        var h = Array(header.utf8)
        while h.count % 8 != 0 { h.append(32) }
        var out: [UInt8] = []
        withUnsafeBytes(of: UInt64(h.count).littleEndian) { out.append(contentsOf: $0) }
        return out + h
    }

    func decodeError(_ bytes: [UInt8]) -> SafetensorsError? {
        do { _ = try Safetensors.decode(bytes); return nil } catch { return error }
    }

    @Test("more empty tensors than the limit are refused before the JSON is parsed")
    func tooManyTensors() {
        let entries = (0...Safetensors.Limits.tensors).map { "\"t\($0)\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}" }
        let error = decodeError(file("{" + entries.joined(separator: ",") + "}"))
        guard case .limitExceeded(let why)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(why.contains("tensors"))
        // At the limit it still loads.
        let fewer = entries.prefix(Safetensors.Limits.tensors).joined(separator: ",")
        #expect(decodeError(file("{" + fewer + "}")) == nil)
    }

    @Test("braces and commas inside strings are not counted, deep nesting and huge lists are refused")
    func structureCounting() {
        let metadata = String(repeating: "{,[", count: 10_000)
        #expect(decodeError(file("{\"__metadata__\":{\"k\":\"\(metadata) \\\" {\"}}")) == nil)
        guard case .limitExceeded? = decodeError(file("{\"a\":{\"shape\":[[[0]]]}}")) else { Issue.record("deep nesting"); return }
        let list = Array(repeating: "0", count: Safetensors.Limits.values).joined(separator: ",")
        guard case .limitExceeded? = decodeError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[\(list)],\"data_offsets\":[0,0]}}")) else {
            Issue.record("huge list"); return
        }
    }

    @Test("a shape whose product overflows names the tensor, not a byte count of Int.max")
    func overflowMessage() {
        let error = decodeError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}"))
        #expect(error?.description.contains("9223372036854775807") == false)
        #expect(error?.description.contains("tensor a") == true)
    }
}
