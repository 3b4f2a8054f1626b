/// What a film's file says about it besides its pixels (DICOM header fields; empty for JPEG and
/// PNG), and how it was turned into greys. Pure value; Storage fills it in.
public struct FilmMetadata: Sendable, Equatable {
    /// Patient ID (0010,0020); identifying.
    public var patientID: String = ""
    /// Patient's Name (0010,0010) decoded by the Specific Character Set, in DICOM's form
    /// (`Yamada^Tarou=山田^太郎=やまだ^たろう`); identifying.
    public var patientName: String = ""
    /// Study date (0008,0020) as written, YYYYMMDD; identifying.
    public var studyDate: String = ""
    /// Modality (0008,0060), e.g. `DX`, `CR`.
    public var modality: String = ""
    /// View position (0018,5101), e.g. `PA`, `AP`, `LL`.
    public var viewPosition: String = ""
    /// Body part examined (0018,0015), e.g. `CHEST`.
    public var bodyPart: String = ""
    /// SOP Instance UID (0008,0018): the film's identity in the archive.
    public var sopInstanceUID: String = ""
    /// The file's format and transfer syntax, e.g. `DICOM JPEG 2000 Image Compression`, `PNG 16-bit`.
    public var encoding: String = ""
    /// Number of frames in the file; only the first is shown and scored.
    public var frames: Int = 1
    /// The window presets from the header (centre, width) in modality units, first = default.
    public var windowPresets: [WindowPreset] = []
    /// How the greys were chosen, e.g. `window 2048/4096`, `VOI LUT`, `pixel range 0...4095`.
    public var windowSource: String = ""
    /// Low values are shown bright (MONOCHROME1 or Presentation LUT Shape INVERSE).
    public var inverted = false

    /// Empty metadata (a JPEG film).
    public init() {}

    /// True when nothing is known beyond the pixels.
    public var isEmpty: Bool { self == FilmMetadata() }

    /// The fields shown on screen, identifying ones hidden when `anonymised`, e.g.
    /// `DX PA CHEST · patient 12345 Yamada^Tarou · 20240131 · frame 1 of 3`.
    public func summary(anonymised: Bool) -> String {
        var parts: [String] = []
        let exam = [modality, viewPosition, bodyPart].filter { !$0.isEmpty }.joined(separator: " ")
        if !exam.isEmpty { parts.append(exam) }
        let patient = [patientID, patientName].filter { !$0.isEmpty }.joined(separator: " ")
        if !patient.isEmpty { parts.append("patient " + (anonymised ? "(hidden)" : patient)) }
        if !studyDate.isEmpty { parts.append(anonymised ? "date (hidden)" : studyDate) }
        if frames > 1 { parts.append("frame 1 of \(frames)") }
        if !windowSource.isEmpty { parts.append(windowSource) }
        return parts.joined(separator: " · ")
    }
}

/// One DICOM Window Center/Width pair, in modality units.
public struct WindowPreset: Sendable, Equatable {
    /// Window centre.
    public var center: Double
    /// Window width (> 0).
    public var width: Double

    /// Creates a preset.
    public init(center: Double, width: Double) { (self.center, self.width) = (center, width) }

    /// `center/width`, e.g. `2048/4096` (whole numbers without decimals).
    public var text: String { "\(Self.number(center))/\(Self.number(width))" }

    /// A header value for the screen: whole numbers without decimals, else one decimal.
    public static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e9 ? String(Int(v)) : String((v * 10).rounded() / 10)
    }
}
