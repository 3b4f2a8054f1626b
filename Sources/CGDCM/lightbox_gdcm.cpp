// The only code in Lightbox that includes GDCM headers (GDCM 3.0, Debian libgdcm-dev), in three
// files: this one reads DICOM Part 10 files (and datasets without a meta header) from memory and
// decodes the first frame to grey floats in modality units; lightbox_gdcm_lengths.cpp checks
// their declared sizes before anything is decoded; lightbox_gdcm_write.cpp writes test/demo films
// in any transfer syntax GDCM encodes. Windowing (VOI) is done by the caller in Swift.
#include "lightbox_gdcm.h"
#include "lightbox_gdcm_internal.hpp"

#include <gdcmAttribute.h>
#include <gdcmDataSet.h>
#include <gdcmFileMetaInformation.h>
#include <gdcmImage.h>
#include <gdcmImageApplyLookupTable.h>
#include <gdcmImageChangeTransferSyntax.h>
#include <gdcmImageReader.h>
#include <gdcmImageWriter.h>
#include <gdcmJPEG2000Codec.h>
#include <gdcmJPEGCodec.h>
#include <gdcmJPEGLSCodec.h>
#include <gdcmMediaStorage.h>
#include <gdcmSequenceOfItems.h>
#include <gdcmTrace.h>
#include <gdcmUIDs.h>

#include <assert.h>
#include <fcntl.h>
#include <setjmp.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <istream>
#include <mutex>
#include <new>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

namespace lbgdcm {

/// A read-only std::streambuf over caller-owned bytes (no copy), seekable as GDCM needs.
class MemoryBuffer : public std::streambuf {
public:
    MemoryBuffer(const uint8_t *bytes, size_t count) {
        char *begin = const_cast<char *>(reinterpret_cast<const char *>(bytes));
        setg(begin, begin, begin + count);
    }

protected:
    pos_type seekoff(off_type offset, std::ios_base::seekdir dir, std::ios_base::openmode) override {
        char *target = nullptr;
        if (dir == std::ios_base::beg) target = eback() + offset;
        else if (dir == std::ios_base::cur) target = gptr() + offset;
        else target = egptr() + offset;
        if (target < eback() || target > egptr()) return pos_type(off_type(-1));
        setg(eback(), target, egptr());
        return pos_type(target - eback());
    }
    pos_type seekpos(pos_type pos, std::ios_base::openmode mode) override {
        return seekoff(off_type(pos), std::ios_base::beg, mode);
    }
};

void copy_text(char *dst, size_t size, const std::string &text) {
    std::string src = text;
    while (!src.empty() && (src.back() == ' ' || src.back() == '\0')) src.pop_back();
    size_t n = 0;
    for (char c : src) {
        if (n + 1 >= size) break;
        unsigned char u = static_cast<unsigned char>(c);
        dst[n++] = (u < 0x20 || u == 0x7f) ? '?' : c;
    }
    // Cut short: end between UTF-8 characters, not inside one (a CJK character's three bytes
    // cut to one or two would read as U+FFFD).
    if (n < src.size()) {
        size_t start = n;
        while (start > 0 && (static_cast<unsigned char>(dst[start - 1]) & 0xC0) == 0x80) start--;
        if (start > 0) {
            unsigned char lead = static_cast<unsigned char>(dst[start - 1]);
            size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            if (need > 1 && n - (start - 1) < need) n = start - 1;
        }
    }
    dst[n] = 0;
}

/// Copies `text` as it is (no byte replaced), truncated to `size - 1` bytes and NUL-terminated:
/// for fields Swift decodes by the Specific Character Set.
void copy_raw(char *dst, size_t size, const std::string &text) {
    size_t n = std::min(text.size(), size - 1);
    std::memcpy(dst, text.data(), n);
    dst[n] = 0;
}

void set_reason(char *reason, size_t size, const std::string &text) {
    if (reason && size > 0) copy_text(reason, size, text);
}

/// The value of a string element, trailing spaces and NULs removed ("" when absent or binary).
std::string text_of(const gdcm::DataSet &ds, const gdcm::Tag &tag) {
    if (!ds.FindDataElement(tag)) return "";
    const gdcm::DataElement &de = ds.GetDataElement(tag);
    const gdcm::ByteValue *bv = de.GetByteValue();
    if (!bv || bv->GetLength() == 0) return "";
    std::string s(bv->GetPointer(), std::min<size_t>(bv->GetLength(), 1024));
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
    size_t start = 0;
    while (start < s.size() && s[start] == ' ') start++;
    return s.substr(start);
}

/// Backslash-separated decimal strings (DS) as doubles; unparseable values are left out.
std::vector<double> decimals_of(const gdcm::DataSet &ds, const gdcm::Tag &tag) {
    std::vector<double> values;
    std::string all = text_of(ds, tag);
    size_t start = 0;
    while (start <= all.size()) {
        size_t end = all.find('\\', start);
        if (end == std::string::npos) end = all.size();
        std::string part = all.substr(start, end - start);
        char *stop = nullptr;
        double v = std::strtod(part.c_str(), &stop);
        if (stop != part.c_str() && std::isfinite(v)) values.push_back(v);
        start = end + 1;
    }
    return values;
}

std::string sop_class_name(const std::string &uid) {
    if (uid.empty()) return "";
    gdcm::UIDs u;
    if (u.SetFromUID(uid.c_str()) && u.GetName()) return u.GetName();
    return uid;
}

} // namespace lbgdcm

using namespace lbgdcm;

// MARK: Guards
//
// Debian builds GDCM with assertions on, and some malformed files (pydicom's DICOMDIR-nooffset)
// reach one: assert() would abort the whole program. This file defines __assert_fail, which the
// dynamic linker binds GDCM's calls to (the executable's definition interposes glibc's): inside a
// guarded call it jumps back to the guard, which reports the file as malformed. The objects of the
// abandoned call are leaked (a few KB per such file); nothing is unwound or reused. Outside a
// guard it behaves as glibc's (message, then abort).
//
// GDCM's codecs (libjpeg, OpenJPEG, CharLS) also print straight to stderr; while any guarded call
// runs, fd 2 points at /dev/null (other threads' stderr lines in that window are lost, which is
// why the callers keep their own messages until the decoding is done).

namespace lbgdcm {

thread_local sigjmp_buf *activeGuard = nullptr;
/// The file a guarded call is working on: kept (not freed, state unknown) when GDCM's assert jumps out.
thread_local struct lb_dicom_file *inFlight = nullptr;
std::mutex abandonedLock;
// Never destroyed, so the abandoned files stay reachable to the end (a leak checker would
// otherwise report them once the vector's destructor ran at exit).
std::vector<struct lb_dicom_file *> &abandoned = *new std::vector<struct lb_dicom_file *>();
std::mutex quietLock;
int quietDepth = 0;
int savedStderr = -1;

void stderr_off() {
    std::lock_guard<std::mutex> hold(quietLock);
    if (quietDepth++ == 0) {
        std::fflush(stderr);
        savedStderr = dup(2);
        int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (null >= 0) { dup2(null, 2); close(null); }
    }
}

void stderr_on() {
    std::lock_guard<std::mutex> hold(quietLock);
    if (--quietDepth == 0 && savedStderr >= 0) {
        std::fflush(stderr);
        dup2(savedStderr, 2);
        close(savedStderr);
        savedStderr = -1;
    }
}

} // namespace

extern "C" void __assert_fail(const char *assertion, const char *file, unsigned int line, const char *function) noexcept {
    if (activeGuard) siglongjmp(*activeGuard, 1);
    std::fprintf(stderr, "%s:%u: %s: Assertion `%s' failed.\n", file, line, function ? function : "?", assertion);
    std::abort();
}


struct lb_dicom_file {
    std::vector<uint8_t> inflated;  // a deflated file's dataset, inflated (see check_file); else empty
    MemoryBuffer buffer;
    std::istream stream;
    gdcm::ImageReader reader;
    std::vector<uint16_t> voi_lut;
    std::vector<char> frames;  // the decoded frames (kept here so an abandoned decode leaks nothing unreachable)
    lb_dicom_info info;

    lb_dicom_file(const uint8_t *bytes, size_t count, std::vector<uint8_t> &&expanded)
        : inflated(std::move(expanded)),
          buffer(inflated.empty() ? bytes : inflated.data(), inflated.empty() ? count : inflated.size()),
          stream(&buffer) {}
};

extern "C" void lb_dicom_quiet(void) {
    static std::once_flag once;
    std::call_once(once, [] {
        gdcm::Trace::SetWarning(false);
        gdcm::Trace::SetError(false);
        gdcm::Trace::SetDebug(false);
    });
}

namespace {

void fill_metadata(const gdcm::DataSet &ds, lb_dicom_info *info) {
    std::string sop = text_of(ds, gdcm::Tag(0x0008, 0x0016));
    copy_text(info->sop_class_uid, LB_DICOM_TEXT, sop);
    copy_text(info->sop_class_name, LB_DICOM_TEXT, sop_class_name(sop));
    copy_text(info->sop_instance_uid, LB_DICOM_TEXT, text_of(ds, gdcm::Tag(0x0008, 0x0018)));
    copy_raw(info->patient_id, LB_DICOM_RAW_TEXT, text_of(ds, gdcm::Tag(0x0010, 0x0020)));
    copy_raw(info->patient_name, LB_DICOM_RAW_TEXT, text_of(ds, gdcm::Tag(0x0010, 0x0010)));
    copy_text(info->specific_character_set, sizeof info->specific_character_set, text_of(ds, gdcm::Tag(0x0008, 0x0005)));
    copy_text(info->study_date, LB_DICOM_TEXT, text_of(ds, gdcm::Tag(0x0008, 0x0020)));
    copy_text(info->modality, LB_DICOM_TEXT, text_of(ds, gdcm::Tag(0x0008, 0x0060)));
    copy_text(info->view_position, LB_DICOM_TEXT, text_of(ds, gdcm::Tag(0x0018, 0x5101)));
    copy_text(info->body_part, LB_DICOM_TEXT, text_of(ds, gdcm::Tag(0x0018, 0x0015)));
    copy_text(info->voi_lut_function, LB_DICOM_TEXT, text_of(ds, gdcm::Tag(0x0028, 0x1056)));
    std::string explanation = text_of(ds, gdcm::Tag(0x0028, 0x1055));
    copy_text(info->window_explanation, LB_DICOM_TEXT, explanation.substr(0, explanation.find('\\')));
    info->presentation_inverse = text_of(ds, gdcm::Tag(0x2050, 0x0020)) == "INVERSE";
    std::vector<double> centers = decimals_of(ds, gdcm::Tag(0x0028, 0x1050));
    std::vector<double> widths = decimals_of(ds, gdcm::Tag(0x0028, 0x1051));
    int n = 0;
    for (size_t i = 0; i < centers.size() && i < widths.size() && n < LB_DICOM_MAX_WINDOWS; i++) {
        if (widths[i] <= 0) continue;
        info->window_center[n] = centers[i];
        info->window_width[n] = widths[i];
        n++;
    }
    info->window_count = n;
}

/// Reads the first VOI LUT item's descriptor and data; leaves entries 0 when unusable.
void read_voi_lut(const gdcm::DataSet &ds, lb_dicom_file *file) {
    const gdcm::Tag sequenceTag(0x0028, 0x3010);
    if (!ds.FindDataElement(sequenceTag)) return;
    gdcm::SmartPointer<gdcm::SequenceOfItems> sq = ds.GetDataElement(sequenceTag).GetValueAsSQ();
    if (!sq || sq->GetNumberOfItems() < 1) return;
    const gdcm::DataSet &item = sq->GetItem(1).GetNestedDataSet();
    const gdcm::Tag descriptorTag(0x0028, 0x3002), dataTag(0x0028, 0x3006);
    if (!item.FindDataElement(descriptorTag) || !item.FindDataElement(dataTag)) return;
    const gdcm::ByteValue *d = item.GetDataElement(descriptorTag).GetByteValue();
    const gdcm::ByteValue *data = item.GetDataElement(dataTag).GetByteValue();
    if (!d || d->GetLength() < 6 || !data) return;
    uint16_t desc[3];
    std::memcpy(desc, d->GetPointer(), 6);
    size_t entries = desc[0] == 0 ? 65536 : desc[0];
    int bits = desc[2];
    if (bits < 8 || bits > 16) return;
    if (data->GetLength() < entries * 2) return;  // 8-bit tables in 8-bit words are not read
    file->voi_lut.resize(entries);
    std::memcpy(file->voi_lut.data(), data->GetPointer(), entries * 2);
    file->info.voi_lut_entries = static_cast<int32_t>(entries);
    file->info.voi_lut_first_mapped = static_cast<int16_t>(desc[1]);  // US or SS: signed reading covers both here
    file->info.voi_lut_bits = bits;
}

bool is_encapsulated(const gdcm::TransferSyntax &ts) { return ts.IsEncapsulated(); }


} // namespace

/// The exception being handled as a status and a reason: std::bad_alloc is LB_DICOM_OUT_OF_MEMORY
/// with `out_of_memory`; any other is `failed` with "`failure`: what()" (or `failure` alone).
/// Call only inside a catch block: it rethrows the current exception to tell them apart.
static int caught_exception(const char *out_of_memory, const char *failure, int failed, char *reason, size_t reason_size) {
    try {
        throw;
    } catch (const std::bad_alloc &) {
        set_reason(reason, reason_size, out_of_memory);
        return LB_DICOM_OUT_OF_MEMORY;
    } catch (const std::exception &e) {
        set_reason(reason, reason_size, std::string(failure) + ": " + e.what());
    } catch (...) {
        set_reason(reason, reason_size, failure);
    }
    return failed;
}

static int open_file(const uint8_t *bytes, size_t count, uint64_t pixel_limit, uint64_t byte_limit,
                     lb_dicom_info *info, lb_dicom_file **out, char *reason, size_t reason_size) {
    *out = nullptr;
    std::memset(info, 0, sizeof(*info));
    lb_dicom_quiet();
    lb_dicom_file *file = nullptr;
    try {
        std::vector<uint8_t> inflated;
        std::string lengths = check_file(bytes, count, size_t(std::min<uint64_t>(byte_limit, 1u << 30)), inflated);
        if (!lengths.empty()) {
            set_reason(reason, reason_size, lengths);
            return LB_DICOM_BAD_PIXELS;
        }
        bool wasDeflated = !inflated.empty();
        file = new lb_dicom_file(bytes, count, std::move(inflated));
        inFlight = file;
        std::memset(&file->info, 0, sizeof(file->info));
        file->reader.SetStream(file->stream);
        bool ok = file->reader.Read();
        const gdcm::File &f = file->reader.GetFile();
        const gdcm::DataSet &ds = f.GetDataSet();
        fill_metadata(ds, &file->info);
        const gdcm::TransferSyntax &ts = f.GetHeader().GetDataSetTransferSyntax();
        if (ts.IsValid()) {
            copy_text(file->info.transfer_syntax_uid, LB_DICOM_TEXT, gdcm::TransferSyntax::GetTSString(ts) ? gdcm::TransferSyntax::GetTSString(ts) : "");
            gdcm::UIDs u;
            if (gdcm::TransferSyntax::GetTSString(ts) && u.SetFromUID(gdcm::TransferSyntax::GetTSString(ts)) && u.GetName())
                copy_text(file->info.transfer_syntax_name, LB_DICOM_TEXT, u.GetName());
        }
        if (wasDeflated) {
            copy_text(file->info.transfer_syntax_uid, LB_DICOM_TEXT, "1.2.840.10008.1.2.1.99");
            copy_text(file->info.transfer_syntax_name, LB_DICOM_TEXT, "Deflated Explicit VR Little Endian");
        }
        *info = file->info;
        const gdcm::Tag pixelTag(0x7fe0, 0x0010);
        bool hasPixels = ds.FindDataElement(pixelTag);
        if (!ok) {
            int status;
            if (ds.IsEmpty()) {
                status = LB_DICOM_NOT_DICOM;
                set_reason(reason, reason_size, "not a readable DICOM dataset");
            } else if (!hasPixels) {
                status = LB_DICOM_NOT_IMAGE;
                std::string kind = file->info.sop_class_name[0] ? std::string(file->info.sop_class_name) : "no SOP class";
                gdcm::MediaStorage ms; ms.SetFromFile(f);
                if (ms == gdcm::MediaStorage::MediaStorageDirectoryStorage) kind = "DICOMDIR (a directory of files)";
                set_reason(reason, reason_size, "DICOM without pixel data, not an image (" + kind + ")");
            } else {
                status = LB_DICOM_BAD_PIXELS;
                set_reason(reason, reason_size, "DICOM image header or pixel data unreadable (truncated or inconsistent)");
            }
            delete file;
            return status;
        }
        const gdcm::Image &image = file->reader.GetImage();
        const gdcm::PixelFormat &pf = image.GetPixelFormat();
        lb_dicom_info &in = file->info;
        in.width = static_cast<int32_t>(image.GetDimension(0));
        in.height = static_cast<int32_t>(image.GetDimension(1));
        in.frames = image.GetNumberOfDimensions() >= 3 ? static_cast<int32_t>(image.GetDimension(2)) : 1;
        in.samples_per_pixel = pf.GetSamplesPerPixel();
        in.bits_allocated = pf.GetBitsAllocated();
        in.bits_stored = pf.GetBitsStored();
        in.pixel_representation = pf.GetPixelRepresentation();
        in.rescale_slope = image.GetSlope();
        in.rescale_intercept = image.GetIntercept();
        if (!std::isfinite(in.rescale_slope) || in.rescale_slope == 0) in.rescale_slope = 1;
        if (!std::isfinite(in.rescale_intercept)) in.rescale_intercept = 0;
        const char *pi = image.GetPhotometricInterpretation().GetString();
        copy_text(in.photometric, LB_DICOM_TEXT, pi ? pi : "");
        *info = in;
        if (!hasPixels) {
            set_reason(reason, reason_size, "DICOM without pixel data, not an image");
            delete file;
            return LB_DICOM_NOT_IMAGE;
        }
        if (in.width <= 0 || in.height <= 0 || in.frames <= 0) {
            set_reason(reason, reason_size, "DICOM image of " + std::to_string(in.width) + "x" + std::to_string(in.height) + " pixels");
            delete file;
            return LB_DICOM_BAD_PIXELS;
        }
        uint64_t pixels = uint64_t(in.width) * uint64_t(in.height);
        if (pixels > pixel_limit) {
            set_reason(reason, reason_size, std::to_string(in.width) + "x" + std::to_string(in.height)
                       + " pixels exceeds the limit of " + std::to_string(pixel_limit) + " pixels");
            delete file;
            return LB_DICOM_TOO_LARGE;
        }
        if (!(in.bits_allocated == 8 || in.bits_allocated == 16 || in.bits_allocated == 32)
            || in.bits_stored < 1 || in.bits_stored > in.bits_allocated) {
            set_reason(reason, reason_size, "DICOM with " + std::to_string(in.bits_allocated) + " bits allocated, "
                       + std::to_string(in.bits_stored) + " stored is not read");
            delete file;
            return LB_DICOM_UNSUPPORTED;
        }
        if (!(in.samples_per_pixel == 1 || in.samples_per_pixel == 3)) {
            set_reason(reason, reason_size, "DICOM with " + std::to_string(in.samples_per_pixel) + " samples per pixel is not read");
            delete file;
            return LB_DICOM_UNSUPPORTED;
        }
        uint64_t decoded = pixels * uint64_t(in.frames) * uint64_t(in.samples_per_pixel) * uint64_t(in.bits_allocated / 8);
        if (decoded > byte_limit) {
            set_reason(reason, reason_size, std::to_string(in.frames) + " frame(s) of " + std::to_string(in.width) + "x"
                       + std::to_string(in.height) + " would decode to " + std::to_string(decoded)
                       + " bytes, above the limit of " + std::to_string(byte_limit));
            delete file;
            return LB_DICOM_TOO_LARGE;
        }
        // Native pixel data shorter than declared decodes "successfully" with an undefined tail.
        const gdcm::DataElement &pixelData = ds.GetDataElement(pixelTag);
        if (!is_encapsulated(ts)) {
            const gdcm::ByteValue *bv = pixelData.GetByteValue();
            uint64_t have = bv ? uint64_t(uint32_t(bv->GetLength())) : 0;
            bool ybr422 = std::strcmp(in.photometric, "YBR_FULL_422") == 0;
            uint64_t expected = ybr422 ? decoded * 2 / 3 : decoded;
            if (have < expected) {
                set_reason(reason, reason_size, "pixel data holds " + std::to_string(have) + " of the "
                           + std::to_string(expected) + " bytes declared (truncated)");
                delete file;
                return LB_DICOM_BAD_PIXELS;
            }
        } else if (!pixelData.GetSequenceOfFragments() || pixelData.GetSequenceOfFragments()->GetNumberOfFragments() == 0) {
            set_reason(reason, reason_size, "compressed pixel data has no fragments");
            delete file;
            return LB_DICOM_BAD_PIXELS;
        }
        read_voi_lut(ds, file);
        *info = file->info;
        *out = file;
        return LB_DICOM_OK;
    } catch (...) {
        delete file;
        return caught_exception("the DICOM parser ran out of memory", "DICOM parser failed", LB_DICOM_NOT_DICOM,
                                reason, reason_size);
    }
}

namespace {

/// One stored sample as a signed integer: bits above bits_stored dropped, sign extended.
inline double sample_at(const char *buffer, size_t index, int bytes, int bitsStored, bool isSigned) {
    uint32_t raw;
    switch (bytes) {
    case 1: raw = static_cast<uint8_t>(buffer[index]); break;
    case 2: { uint16_t v; std::memcpy(&v, buffer + 2 * index, 2); raw = v; break; }
    default: { uint32_t v; std::memcpy(&v, buffer + 4 * index, 4); raw = v; break; }
    }
    if (bitsStored < 32) raw &= (uint32_t(1) << bitsStored) - 1;
    if (isSigned) {
        if (bitsStored < 32 && (raw >> (bitsStored - 1)) & 1) return double(int64_t(raw) - (int64_t(1) << bitsStored));
        if (bitsStored == 32) return double(int32_t(raw));
    }
    return double(raw);
}

} // namespace

static int decode_first_frame(lb_dicom_file *file, float *out, size_t out_count, char *reason, size_t reason_size) {
    try {
        const lb_dicom_info &in = file->info;
        size_t pixels = size_t(in.width) * size_t(in.height);
        if (out_count < pixels) { set_reason(reason, reason_size, "output buffer too small"); return LB_DICOM_UNSUPPORTED; }
        const gdcm::Image *image = &file->reader.GetImage();
        gdcm::ImageApplyLookupTable lut;
        bool palette = image->GetPhotometricInterpretation() == gdcm::PhotometricInterpretation::PALETTE_COLOR;
        if (palette) {
            lut.SetInput(*image);
            if (!lut.Apply()) { set_reason(reason, reason_size, "palette colour lookup table unusable"); return LB_DICOM_BAD_PIXELS; }
            image = &lut.GetOutput();
        }
        std::vector<char> &buffer = file->frames;
        buffer.assign(image->GetBufferLength(), 0);
        if (buffer.empty() || !image->GetBuffer(buffer.data())) {
            const char *name = file->info.transfer_syntax_name[0] ? file->info.transfer_syntax_name : "unknown transfer syntax";
            set_reason(reason, reason_size, std::string("pixel data cannot be decoded (") + name + ")");
            return LB_DICOM_BAD_PIXELS;
        }
        const gdcm::PixelFormat &pf = image->GetPixelFormat();
        int bytes = pf.GetBitsAllocated() / 8;
        int bitsStored = pf.GetBitsStored();
        bool isSigned = pf.GetPixelRepresentation() == 1;
        int spp = pf.GetSamplesPerPixel();
        if (bytes != 1 && bytes != 2 && bytes != 4) { set_reason(reason, reason_size, "decoded samples are not 8, 16 or 32 bits"); return LB_DICOM_UNSUPPORTED; }
        // GDCM reports the buffer's colour space after decoding (e.g. a JPEG YBR_FULL_422 comes out RGB).
        const gdcm::PhotometricInterpretation pi = image->GetPhotometricInterpretation();
        std::string piText = pi.GetString() ? pi.GetString() : "";
        bool planar = image->GetPlanarConfiguration() == 1;
        size_t perFrame = pixels * size_t(spp);
        if (spp == 1) {
            if (buffer.size() < pixels * bytes) { set_reason(reason, reason_size, "decoded pixel data is short"); return LB_DICOM_BAD_PIXELS; }
            double slope = palette ? 1 : in.rescale_slope, intercept = palette ? 0 : in.rescale_intercept;
            for (size_t i = 0; i < pixels; i++) out[i] = float(sample_at(buffer.data(), i, bytes, bitsStored, isSigned) * slope + intercept);
        } else if (spp == 3) {
            bool ybr = piText.rfind("YBR", 0) == 0;
            bool packed422 = piText == "YBR_FULL_422" && buffer.size() < perFrame * bytes && buffer.size() >= pixels * 2 * bytes;
            if (!packed422 && buffer.size() < perFrame * bytes) { set_reason(reason, reason_size, "decoded pixel data is short"); return LB_DICOM_BAD_PIXELS; }
            for (size_t i = 0; i < pixels; i++) {
                double a, b, c;
                if (packed422) {
                    // Y0 Y1 Cb Cr per pair of pixels.
                    size_t pair = i / 2;
                    out[i] = float(sample_at(buffer.data(), pair * 4 + (i % 2), bytes, bitsStored, false));
                    continue;
                }
                if (planar) {
                    a = sample_at(buffer.data(), i, bytes, bitsStored, false);
                    b = sample_at(buffer.data(), pixels + i, bytes, bitsStored, false);
                    c = sample_at(buffer.data(), 2 * pixels + i, bytes, bitsStored, false);
                } else {
                    a = sample_at(buffer.data(), 3 * i, bytes, bitsStored, false);
                    b = sample_at(buffer.data(), 3 * i + 1, bytes, bitsStored, false);
                    c = sample_at(buffer.data(), 3 * i + 2, bytes, bitsStored, false);
                }
                out[i] = ybr ? float(a) : float(0.299 * a + 0.587 * b + 0.114 * c);
            }
        } else {
            set_reason(reason, reason_size, "decoded image has " + std::to_string(spp) + " samples per pixel");
            return LB_DICOM_UNSUPPORTED;
        }
        return LB_DICOM_OK;
    } catch (...) {
        return caught_exception("the pixel decoder ran out of memory", "pixel data cannot be decoded", LB_DICOM_BAD_PIXELS,
                                reason, reason_size);
    }
}

extern "C" int lb_dicom_open(const uint8_t *bytes, size_t count, uint64_t pixel_limit, uint64_t byte_limit,
                             lb_dicom_info *info, lb_dicom_file **out, char *reason, size_t reason_size) {
    *out = nullptr;
    return guarded([&] { return open_file(bytes, count, pixel_limit, byte_limit, info, out, reason, reason_size); },
                   LB_DICOM_NOT_DICOM, reason, reason_size);
}

extern "C" int lb_dicom_decode_first_frame(lb_dicom_file *file, float *out, size_t out_count,
                                           char *reason, size_t reason_size) {
    inFlight = file;
    return guarded([&] { return decode_first_frame(file, out, out_count, reason, reason_size); },
                   LB_DICOM_BAD_PIXELS, reason, reason_size);
}

extern "C" int lb_dicom_voi_lut(const lb_dicom_file *file, uint16_t *out, size_t out_count) {
    if (out_count < file->voi_lut.size()) return LB_DICOM_UNSUPPORTED;
    std::memcpy(out, file->voi_lut.data(), file->voi_lut.size() * 2);
    return LB_DICOM_OK;
}

// MARK: Fragments
//
// The compressed codestream of an encapsulated file, for checking it against the header before a
// codec sees it (Storage/CodestreamCheck.swift). Reads GDCM's parsed fragments; decodes nothing.

extern "C" int32_t lb_dicom_fragment(const lb_dicom_file *file, size_t index, const uint8_t **bytes, size_t *count) {
    *bytes = nullptr;
    *count = 0;
    try {
        const gdcm::DataSet &ds = file->reader.GetFile().GetDataSet();
        const gdcm::Tag pixelTag(0x7fe0, 0x0010);
        if (!ds.FindDataElement(pixelTag)) return -1;
        const gdcm::SequenceOfFragments *sf = ds.GetDataElement(pixelTag).GetSequenceOfFragments();
        if (!sf) return -1;
        size_t n = sf->GetNumberOfFragments();
        if (index < n) {
            const gdcm::ByteValue *bv = sf->GetFragment(index).GetByteValue();
            if (bv) {
                *bytes = reinterpret_cast<const uint8_t *>(bv->GetPointer());
                *count = bv->GetLength();
            }
        }
        return static_cast<int32_t>(std::min<size_t>(n, INT32_MAX));
    } catch (...) {
        return -1;
    }
}

extern "C" void lb_dicom_close(lb_dicom_file *file) {
    if (!file) return;
    {
        // A file abandoned by an assertion is in an unknown state: kept, never destroyed.
        std::lock_guard<std::mutex> hold(abandonedLock);
        if (std::find(abandoned.begin(), abandoned.end(), file) != abandoned.end()) return;
    }
    file->frames = std::vector<char>();
    delete file;
}
