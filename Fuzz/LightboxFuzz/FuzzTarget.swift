// The parsers of outside bytes that Lightbox fuzzes with libFuzzer (driver in main.swift).
#if canImport(Glibc)
import Glibc
#endif
import Classifier
import Imaging
import NeuralNet
import Numerics
import ReviewCore
import Storage

/// The parsers under test, by the name `LIGHTBOX_FUZZ_TARGET` gives.
enum FuzzTarget: String, CaseIterable {
    /// JPEG header reading, the segment walk and a small-scale decode.
    case jpegHeader = "jpeg-header"
    /// The safetensors container.
    case safetensors
    /// The model card: the architecture and test-time views, then a whole model file.
    case modelCard = "model-card"
    /// The feedback log.
    case feedbackLog = "feedback-log"
    /// Export of the standing verdicts of a log, which must read back as CSV.
    case csvExport = "csv-export"
    /// Content sniffing and the DICOM reader (GDCM behind Lightbox's C interface), first frame
    /// decoded in this process (as the decoder process does), so AddressSanitizer sees the codecs.
    case dicom
    /// Header against codestream: a small film Lightbox writes (JPEG 2000, RLE, JPEG-LS or JPEG
    /// lossless, picked by byte 0) gets Rows, Columns, Bits Allocated and Samples per Pixel from
    /// bytes 1...6 and the rest XORed onto its codestream; the codestream check, then the codecs.
    case dicomCodestream = "dicom-codestream"
    /// The PNG reader (libspng), decoded to grey.
    case png

    /// The target named by the environment; traps with the list of names when unset or unknown.
    static let selected: FuzzTarget = {
        guard let raw = getenv("LIGHTBOX_FUZZ_TARGET"), let target = FuzzTarget(rawValue: String(cString: raw)) else {
            fatalError("set LIGHTBOX_FUZZ_TARGET to one of: \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return target
    }()

    /// Runs one input; a Swift trap or a sanitizer report is a finding.
    func run(_ bytes: [UInt8]) {
        switch self {
        case .jpegHeader:
            _ = JPEGCodec.segmentsRunPast(bytes)
            if (try? JPEGCodec.readHeader(bytes)) != nil {
                _ = try? JPEGCodec.decodeGray(bytes, fittingAtLeast: (8, 8), pixelLimit: 1 << 22)
            }
        case .safetensors:
            _ = try? Safetensors.decode(bytes)
        case .modelCard:
            let text = String(decoding: bytes, as: UTF8.self)
            let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            if let specs = try? LayerSpec.parse(architecture: String(parts[0])),
               let plan = try? LayerSpec.plan(specs, inputShape: [1, 16, 16]), plan.floatCount < 1 << 16 {
                var rng = SplitMix64(seed: 1)
                _ = try? Network(specs: specs, inputShape: [1, 16, 16], rng: &rng)
            }
            if parts.count > 1 { _ = try? ModelCard.parseViews(String(parts[1]), inputSize: 64) }
            _ = try? PneumoniaModel(safetensors: bytes)
        case .feedbackLog:
            _ = try? FeedbackLog.parse(bytes, path: "fuzz.csv")
        case .dicom:
            _ = FilmFormat.sniff(Array(bytes.prefix(FilmFormat.sniffBytes)))
            if let film = try? DICOMCodec.decodeInProcess(bytes, pixelLimit: 1 << 22, decodedByteLimit: 1 << 26) {
                _ = film.greys
            }
        case .dicomCodestream:
            guard let film = CodestreamFuzz.mutant(bytes),
                  let decoded = try? DICOMCodec.decodeInProcess(film, pixelLimit: 1 << 22, decodedByteLimit: 1 << 26) else { return }
            _ = decoded.greys
        case .png:
            if let film = try? PNGCodec.decode(bytes, pixelLimit: 1 << 22) { _ = film.greys }
        case .csvExport:
            guard let contents = try? FeedbackLog.parse(bytes, path: "fuzz.csv") else { return }
            let rows = FeedbackExport.rows(from: contents.records)
            let text = FeedbackExport.csvText(rows)
            // The export must read back: one entry per row, nothing lost or invented.
            guard let entries = try? FeedbackExport.read(text, source: "export") else { fatalError("export does not read back") }
            precondition(entries.count == rows.count, "export read back \(entries.count) of \(rows.count) rows")
        }
    }
}
