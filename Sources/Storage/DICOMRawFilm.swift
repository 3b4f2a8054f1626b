import CGDCM

/// GDCM's reading of a DICOM film before any Swift-side interpretation: the C header struct,
/// the first frame's modality values, the VOI LUT entries. It crosses the decoder process's
/// socket as bytes (`DecoderWire`); both ends are the same build, so the C struct's layout matches.
package struct DICOMRawFilm: Sendable {
    /// The header as `lb_dicom_open` filled it.
    package var info: lb_dicom_info
    /// `info.width * info.height` modality values, row-major.
    package var values: [Float]
    /// The first VOI LUT's entries (empty when none).
    package var lut: [UInt16]

    package init(info: lb_dicom_info, values: [Float], lut: [UInt16]) {
        (self.info, self.values, self.lut) = (info, values, lut)
    }
}
