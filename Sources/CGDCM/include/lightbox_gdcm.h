// The C interface of Lightbox's only GDCM code (lightbox_gdcm.cpp). Swift reaches it from
// Storage/DICOMCodec.swift alone. Every function catches every C++ exception; failures come
// back as a status code and a one-line reason.
#ifndef LIGHTBOX_GDCM_H
#define LIGHTBOX_GDCM_H
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Short text fields, NUL-terminated, truncated to fit.
#define LB_DICOM_TEXT 72
/// Text fields kept as the file's bytes (NUL-terminated, truncated to fit), for Swift to decode
/// by the Specific Character Set: a name in ISO 2022 with its escape sequences fits whole.
#define LB_DICOM_RAW_TEXT 1024
/// Most Window Center/Width pairs kept.
#define LB_DICOM_MAX_WINDOWS 8

typedef struct lb_dicom_info {
    int32_t width, height, frames;
    int32_t samples_per_pixel, bits_allocated, bits_stored, pixel_representation;
    double rescale_slope, rescale_intercept;
    int32_t window_count;
    double window_center[LB_DICOM_MAX_WINDOWS];
    double window_width[LB_DICOM_MAX_WINDOWS];
    /// VOI LUT (0028,3010) first item: entries (0 when absent), first mapped value, bits per entry.
    int32_t voi_lut_entries, voi_lut_first_mapped, voi_lut_bits;
    /// Presentation LUT Shape (2050,0020) is INVERSE.
    int32_t presentation_inverse;
    char photometric[LB_DICOM_TEXT];
    char voi_lut_function[LB_DICOM_TEXT];
    char transfer_syntax_uid[LB_DICOM_TEXT];
    char transfer_syntax_name[LB_DICOM_TEXT];
    char sop_class_uid[LB_DICOM_TEXT];
    char sop_class_name[LB_DICOM_TEXT];
    char sop_instance_uid[LB_DICOM_TEXT];
    char study_date[LB_DICOM_TEXT];
    char modality[LB_DICOM_TEXT];
    char view_position[LB_DICOM_TEXT];
    char body_part[LB_DICOM_TEXT];
    char window_explanation[LB_DICOM_TEXT];
    /// Specific Character Set (0008,0005) as written, e.g. `\ISO 2022 IR 87` ("" when absent).
    char specific_character_set[LB_DICOM_TEXT * 2];
    /// Patient ID (0010,0020, LO) and Patient's Name (0010,0010, PN): the file's bytes with
    /// leading and trailing spaces removed, escape sequences and control bytes kept as they are
    /// (Storage/DICOMText.swift decodes them and makes them safe to show).
    char patient_id[LB_DICOM_RAW_TEXT];
    char patient_name[LB_DICOM_RAW_TEXT];
} lb_dicom_info;

/// An opened DICOM file (parsed, not yet decoded).
typedef struct lb_dicom_file lb_dicom_file;

/// Status codes.
enum {
    LB_DICOM_OK = 0,
    LB_DICOM_NOT_DICOM = 1,     // not parseable as DICOM
    LB_DICOM_NOT_IMAGE = 2,     // parsed, but no usable image (SR, RT plan, DICOMDIR...)
    LB_DICOM_TOO_LARGE = 3,     // declared size above the limits; nothing decoded
    LB_DICOM_BAD_PIXELS = 4,    // pixel data truncated, missing or undecodable
    LB_DICOM_UNSUPPORTED = 5,   // a layout Lightbox does not read
    LB_DICOM_OUT_OF_MEMORY = 6, // an allocation failed (std::bad_alloc), e.g. under the decoder process's cap
};

/// Silences GDCM's warnings, errors and debug output on stderr (idempotent).
void lb_dicom_quiet(void);

/// Parses `count` bytes (not copied beyond GDCM's own dataset), fills `info` and checks sizes:
/// width*height <= pixel_limit and the decoded bytes of all frames <= byte_limit.
/// On success *out holds a file to decode and close; otherwise *out is NULL and `reason` says why.
int lb_dicom_open(const uint8_t *bytes, size_t count, uint64_t pixel_limit, uint64_t byte_limit,
                  lb_dicom_info *info, lb_dicom_file **out, char *reason, size_t reason_size);

/// Decodes the first frame to `width*height` floats in modality units (rescale applied; colour
/// converted to grey: Y of YBR, 0.299 R + 0.587 G + 0.114 B of RGB and palette colour).
int lb_dicom_decode_first_frame(lb_dicom_file *file, float *out, size_t out_count,
                                char *reason, size_t reason_size);

/// Copies the first VOI LUT's entries (info.voi_lut_entries of them) into `out`.
int lb_dicom_voi_lut(const lb_dicom_file *file, uint16_t *out, size_t out_count);

/// Fragment `index` (0 = the first after the Basic Offset Table) of encapsulated pixel data, pointing into the
/// file (valid until lb_dicom_close). Returns the number of fragments, or -1 when the pixel data
/// is not encapsulated; *bytes is NULL when `index` is out of range.
int32_t lb_dicom_fragment(const lb_dicom_file *file, size_t index, const uint8_t **bytes, size_t *count);

/// Frees a file from lb_dicom_open (NULL is ignored).
void lb_dicom_close(lb_dicom_file *file);

/// Transfer syntaxes lb_dicom_write can produce.
enum {
    LB_TS_IMPLICIT_LE = 0, LB_TS_EXPLICIT_LE, LB_TS_EXPLICIT_BE, LB_TS_DEFLATED,
    LB_TS_JPEG_BASELINE, LB_TS_JPEG_EXTENDED, LB_TS_JPEG_LOSSLESS_SV1,
    LB_TS_JPEG_LS_LOSSLESS, LB_TS_JPEG_LS_NEAR_LOSSLESS,
    LB_TS_JPEG2000_LOSSLESS, LB_TS_JPEG2000, LB_TS_RLE, LB_TS_NO_META,
};

/// What lb_dicom_write puts in the file besides the pixels.
typedef struct lb_dicom_write_options {
    int32_t syntax;                 // LB_TS_*
    int32_t bits_stored;            // 8...16 (stored in 8 bits when <= 8, else 16)
    int32_t monochrome1;            // write MONOCHROME1 (the caller inverted the pixels)
    int32_t frames;                 // copies of the frame (>= 1)
    int32_t window_count;           // 0...LB_DICOM_MAX_WINDOWS
    double window_center[LB_DICOM_MAX_WINDOWS];
    double window_width[LB_DICOM_MAX_WINDOWS];
    double rescale_slope, rescale_intercept;  // written when slope != 1 or intercept != 0
    char patient_id[LB_DICOM_TEXT];
    char study_date[LB_DICOM_TEXT];
    char sop_instance_uid[LB_DICOM_TEXT];
    char view_position[LB_DICOM_TEXT];
    /// Written when not empty, as given (bytes already in the character set below).
    char patient_name[LB_DICOM_RAW_TEXT];
    char specific_character_set[LB_DICOM_TEXT * 2];
} lb_dicom_write_options;

/// Writes a Digital X-Ray (for presentation) file of `width*height` unsigned samples in the
/// requested syntax. On success *out_bytes (free with lb_dicom_free) and *out_count hold it.
int lb_dicom_write(const uint16_t *pixels, int32_t width, int32_t height,
                   const lb_dicom_write_options *options,
                   uint8_t **out_bytes, size_t *out_count, char *reason, size_t reason_size);

/// Frees bytes from lb_dicom_write.
void lb_dicom_free(uint8_t *bytes);

#ifdef __cplusplus
}
#endif
#endif
