import Foundation
import Testing
@testable import Storage

/// The decoder process (`lightbox-decoder`, built beside the test bundle) turns a codec's crash,
/// a hang or a missing program into a reason for that one film; the next film still decodes.
@Suite("Decoder process")
struct DecoderProcessTests {
    static let limits = DecodeLimits(pixels: 1 << 20, decodedBytes: 512 << 20)

    /// A JPEG 2000 film whose Columns says 1 while its codestream is 64 wide: OpenJPEG writes past
    /// GDCM's buffer and the process dies (SIGSEGV or SIGABRT from free()).
    static func crashingFilm() throws -> [UInt8] {
        try #require(DICOMMutation.settingColumns(try CodestreamCheckTests.film(.jpeg2000Lossless), to: 1))
    }

    @Test("the wire format carries a film and an error unchanged")
    func wireRoundTrip() throws {
        let good = try CodestreamCheckTests.film(.rle, size: 9)
        let raw = try #require(try DICOMCodec.decodeRaw(good, limits: Self.limits, codecs: true))
        let back = try DecoderWire.decodeReply(DecoderWire.encode(.success(raw))).get()
        #expect(back.values == raw.values && back.lut == raw.lut && back.info.width == 9)
        var error = DICOMError(kind: .tooLarge, reason: "too big")
        error.outOfMemory = true
        let failed = try DecoderWire.decodeReply(DecoderWire.encode(.failure(error)))
        guard case .failure(let back2) = failed else { Issue.record("an error came back as a film"); return }
        #expect(back2 == error)
        let request = DecoderWire.Request(limits: Self.limits, checksCodestream: false, bytes: [1, 2, 3])
        #expect(try DecoderWire.decodeRequest(DecoderWire.encode(request)) == request)
        #expect(throws: DecoderWire.Malformed.self) { try DecoderWire.decodeReply(Array(DecoderWire.encode(.success(raw)).dropLast(3))) }
    }

    @Test("a codec crash is that film's reason; the pool restarts the process and decodes the next film")
    func crashIsolated() throws {
        let pool = DecoderPool(.standard())
        let good = try CodestreamCheckTests.film(.jpeg2000Lossless)
        _ = try pool.decode(good, limits: Self.limits)
        #expect {
            // The check is what normally refuses this film; without it the codec runs and crashes.
            try pool.decode(try Self.crashingFilm(), limits: Self.limits, checksCodestream: false)
        } throws: { error in
            let reason = (error as? DICOMError)?.reason ?? ""
            return reason.hasPrefix("malformed pixel data: the JPEG 2000 decoder crashed (signal ")
        }
        let again = try pool.decode(good, limits: Self.limits)
        #expect(again.values.count == 64 * 64)
        // The process that crashed had served a film before, so the film was tried once more in a
        // fresh one (the earlier film might have corrupted the heap); the good film got a third.
        #expect(pool.processesStarted == 3)
        pool.stopIdle()
    }

    @Test("GDCM's crash while parsing an RLE header (segment count 0: SIGFPE) is contained when unchecked")
    func parserCrashContained() throws {
        let pool = DecoderPool(.standard())
        let film = try #require(DICOMMutation.flippingFragmentBit(try CodestreamCheckTests.film(.rle), offset: 0, bit: 1))
        #expect {
            try pool.decode(film, limits: Self.limits, checksCodestream: false)
        } throws: { error in
            (error as? DICOMError)?.reason == "malformed pixel data: the RLE decoder crashed (signal 8, SIGFPE)"
        }
        pool.stopIdle()
    }

    @Test("a process that refused a film is replaced; one that decoded it serves the next")
    func freshAfterAnError() throws {
        let pool = DecoderPool(.standard())
        let good = try CodestreamCheckTests.film(.rle, size: 16)
        _ = try pool.decode(good, limits: Self.limits)
        _ = try pool.decode(good, limits: Self.limits)
        #expect(pool.processesStarted == 1)
        #expect(throws: DICOMError.self) { try pool.decode(try Self.crashingFilm(), limits: Self.limits) }
        _ = try pool.decode(good, limits: Self.limits)
        #expect(pool.processesStarted == 2)
        pool.stopIdle()
    }

    @Test("DICOMCodec.decode refuses the crashing film with the size mismatch, through the process")
    func checkedFirst() throws {
        #expect {
            try DICOMCodec.decode(try Self.crashingFilm(), pixelLimit: 1 << 20)
        } throws: { error in
            (error as? DICOMError)?.reason == "JPEG 2000 codestream is 64x64 but the header says Columns 1, Rows 64"
        }
    }

    @Test("a decoder that does not answer in time is killed and named with the limit")
    func timeLimit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lightbox-decoder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("hang").path
        try "#!/bin/sh\nexec sleep 30\n".write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        var configuration = DecoderConfiguration(executable: script)
        configuration.timeoutMilliseconds = 300
        let pool = DecoderPool(configuration)
        let started = Date()
        #expect {
            try pool.decode(try CodestreamCheckTests.film(.rle, size: 8), limits: Self.limits)
        } throws: { error in
            (error as? DICOMError)?.reason == "the RLE decoder took longer than 0.3 s (stopped; malformed pixel data?)"
        }
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test("a missing decoder program is named, with the variable that points at it")
    func missingProgram() throws {
        let pool = DecoderPool(DecoderConfiguration(executable: "/nonexistent/lightbox-decoder"))
        #expect {
            try pool.decode(try CodestreamCheckTests.film(.rle, size: 8), limits: Self.limits)
        } throws: { error in
            (error as? DICOMError)?.reason == "the decoder program /nonexistent/lightbox-decoder cannot be run (no such file); set LIGHTBOX_DECODER"
        }
    }

    @Test("an allocation beyond the memory cap is a reason for that film; the next film decodes")
    func memoryCap() throws {
        var configuration = DecoderConfiguration.standard()
        configuration.memoryLimit = 160 << 20   // the idle process maps about 90 MiB
        let pool = DecoderPool(configuration)
        // 2000x2000 12-bit RLE: the file, GDCM's buffers (8 MB each) and 16 MB of floats do not
        // fit beside the program's own 90 MiB.
        let big = try CodestreamCheckTests.film(.rle, size: 2000)
        #expect {
            try pool.decode(big, limits: DecodeLimits(pixels: 1 << 24, decodedBytes: 512 << 20))
        } throws: { error in
            // Where the allocation fails decides the words: GDCM's own check, std::bad_alloc
            // (named with the cap), or a codec that does not check malloc (a crash).
            error is DICOMError
        }
        #expect(try pool.decode(try CodestreamCheckTests.film(.rle, size: 8), limits: Self.limits).values.count == 64)
        pool.stopIdle()
    }
}
