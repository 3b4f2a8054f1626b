// Writing films in any transfer syntax GDCM encodes (see lightbox_gdcm.cpp).
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

using namespace lbgdcm;

// MARK: Writing

namespace {

void put_text(gdcm::DataSet &ds, uint16_t group, uint16_t element, const char *vr, const std::string &value) {
    std::string v = value;
    if (v.size() % 2) v += (std::strcmp(vr, "UI") == 0 ? '\0' : ' ');
    gdcm::DataElement de(gdcm::Tag(group, element));
    de.SetVR(gdcm::VR::GetVRType(vr));
    de.SetByteValue(v.data(), static_cast<uint32_t>(v.size()));
    ds.Replace(de);
}

/// Turns an explicit VR little endian Part 10 file into its deflated form: the meta header with
/// the new syntax (and group length), then the dataset as raw deflate. (GDCM's own deflating
/// writer trips an assertion on films of a few megabytes.)
bool deflate_dataset(std::string &file) {
    if (file.size() < 132 || file.compare(128, 4, "DICM") != 0) return false;
    const uint8_t *b = reinterpret_cast<const uint8_t *>(file.data());
    std::string meta;
    size_t at = 132;
    while (at + 8 <= file.size() && read16(b + at, false) == 0x0002) {
        uint16_t e = read16(b + at + 2, false);
        char v0 = file[at + 4], v1 = file[at + 5];
        bool longForm = has_long_length(v0, v1);
        size_t header = longForm ? 12 : 8;
        uint32_t length = longForm ? read32(b + at + 8, false) : read16(b + at + 6, false);
        if (at + header + length > file.size()) return false;
        if (e == 0x0010) {
            std::string uid("1.2.840.10008.1.2.1.99");
            meta += file.substr(at, 6);
            meta += char(uid.size() & 0xFF);
            meta += char(uid.size() >> 8);
            meta += uid;
        } else if (e != 0x0000) {
            meta += file.substr(at, header + length);
        }
        at += header + length;
    }
    uint32_t groupLength = uint32_t(meta.size());
    std::string group("\x02\x00\x00\x00UL\x04\x00", 8);
    for (int i = 0; i < 4; i++) group += char((groupLength >> (8 * i)) & 0xFF);
    z_stream z;
    std::memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) return false;
    std::string packed(deflateBound(&z, uLong(file.size() - at)) + 16, '\0');
    z.next_in = reinterpret_cast<Bytef *>(&file[at]);
    z.avail_in = uInt(file.size() - at);
    z.next_out = reinterpret_cast<Bytef *>(&packed[0]);
    z.avail_out = uInt(packed.size());
    int status = deflate(&z, Z_FINISH);
    size_t produced = packed.size() - z.avail_out;
    deflateEnd(&z);
    if (status != Z_STREAM_END) return false;
    packed.resize(produced);
    if (packed.size() % 2) packed += '\0';  // even length, as DICOM wants
    file = file.substr(0, 132) + group + meta + packed;
    return true;
}

std::string decimal(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", v);
    return text;
}

} // namespace

static int write_file(const uint16_t *pixels, int32_t width, int32_t height, const lb_dicom_write_options *o,
                      uint8_t **out_bytes, size_t *out_count, char *reason, size_t reason_size) {
    *out_bytes = nullptr;
    *out_count = 0;
    lb_dicom_quiet();
    try {
        if (width <= 0 || height <= 0 || o->bits_stored < 1 || o->bits_stored > 16 || o->frames < 1) {
            set_reason(reason, reason_size, "invalid size or bits"); return LB_DICOM_UNSUPPORTED;
        }
        bool eightBit = o->bits_stored <= 8;
        size_t count = size_t(width) * size_t(height);
        std::vector<char> raw(count * (eightBit ? 1 : 2) * size_t(o->frames));
        for (int32_t f = 0; f < o->frames; f++) {
            for (size_t i = 0; i < count; i++) {
                size_t at = size_t(f) * count + i;
                if (eightBit) raw[at] = char(uint8_t(pixels[i]));
                else { uint16_t v = pixels[i]; std::memcpy(&raw[2 * at], &v, 2); }
            }
        }
        gdcm::ImageWriter writer;
        gdcm::Image &image = writer.GetImage();
        image.SetNumberOfDimensions(o->frames > 1 ? 3 : 2);
        image.SetDimension(0, unsigned(width));
        image.SetDimension(1, unsigned(height));
        if (o->frames > 1) image.SetDimension(2, unsigned(o->frames));
        gdcm::PixelFormat pf(eightBit ? gdcm::PixelFormat::UINT8 : gdcm::PixelFormat::UINT16);
        pf.SetBitsStored(static_cast<unsigned short>(o->bits_stored));
        image.SetPixelFormat(pf);
        image.SetPhotometricInterpretation(o->monochrome1 ? gdcm::PhotometricInterpretation::MONOCHROME1
                                                          : gdcm::PhotometricInterpretation::MONOCHROME2);
        image.SetTransferSyntax(gdcm::TransferSyntax::ExplicitVRLittleEndian);
        if (o->rescale_slope != 1 || o->rescale_intercept != 0) {
            image.SetSlope(o->rescale_slope);
            image.SetIntercept(o->rescale_intercept);
        }
        gdcm::DataElement pixelData(gdcm::Tag(0x7fe0, 0x0010));
        pixelData.SetByteValue(raw.data(), static_cast<uint32_t>(raw.size()));
        image.SetDataElement(pixelData);

        gdcm::TransferSyntax::TSType target = gdcm::TransferSyntax::ExplicitVRLittleEndian;
        gdcm::JPEGCodec jpeg;
        gdcm::JPEGLSCodec jpegls;
        gdcm::JPEG2000Codec j2k;
        gdcm::ImageCodec *codec = nullptr;
        switch (o->syntax) {
        case LB_TS_IMPLICIT_LE: case LB_TS_NO_META: target = gdcm::TransferSyntax::ImplicitVRLittleEndian; break;
        case LB_TS_EXPLICIT_LE: case LB_TS_DEFLATED: target = gdcm::TransferSyntax::ExplicitVRLittleEndian; break;
        case LB_TS_EXPLICIT_BE: target = gdcm::TransferSyntax::ExplicitVRBigEndian; break;
        case LB_TS_JPEG_BASELINE:
            if (!eightBit) { set_reason(reason, reason_size, "JPEG baseline holds 8-bit films only"); return LB_DICOM_UNSUPPORTED; }
            target = gdcm::TransferSyntax::JPEGBaselineProcess1;
            jpeg.SetLossless(false); jpeg.SetQuality(95); codec = &jpeg; break;
        case LB_TS_JPEG_EXTENDED:
            if (o->bits_stored > 12) { set_reason(reason, reason_size, "JPEG extended holds up to 12 bits"); return LB_DICOM_UNSUPPORTED; }
            target = gdcm::TransferSyntax::JPEGExtendedProcess2_4;
            jpeg.SetLossless(false); jpeg.SetQuality(95); codec = &jpeg; break;
        case LB_TS_JPEG_LOSSLESS_SV1: target = gdcm::TransferSyntax::JPEGLosslessProcess14_1; break;
        case LB_TS_JPEG_LS_LOSSLESS: target = gdcm::TransferSyntax::JPEGLSLossless; break;
        case LB_TS_JPEG_LS_NEAR_LOSSLESS:
            target = gdcm::TransferSyntax::JPEGLSNearLossless;
            jpegls.SetLossless(false); jpegls.SetLossyError(eightBit ? 1 : 4); codec = &jpegls; break;
        case LB_TS_JPEG2000_LOSSLESS: target = gdcm::TransferSyntax::JPEG2000Lossless; break;
        case LB_TS_JPEG2000:
            target = gdcm::TransferSyntax::JPEG2000;
            j2k.SetReversible(false); j2k.SetRate(0, 3); codec = &j2k; break;
        case LB_TS_RLE: target = gdcm::TransferSyntax::RLELossless; break;
        default: set_reason(reason, reason_size, "unknown transfer syntax"); return LB_DICOM_UNSUPPORTED;
        }
        if (target != gdcm::TransferSyntax::ExplicitVRLittleEndian) {
            gdcm::ImageChangeTransferSyntax change;
            change.SetTransferSyntax(target);
            change.SetInput(image);
            if (codec) change.SetUserCodec(codec);
            if (!change.Change()) {
                set_reason(reason, reason_size, std::string("GDCM could not encode ") + gdcm::TransferSyntax::GetTSString(target));
                return LB_DICOM_UNSUPPORTED;
            }
            writer.SetImage(change.GetOutput());
        }
        gdcm::File &file = writer.GetFile();
        gdcm::DataSet &ds = file.GetDataSet();
        put_text(ds, 0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.1.1");  // Digital X-Ray Image Storage - For Presentation
        put_text(ds, 0x0008, 0x0018, "UI", o->sop_instance_uid[0] ? o->sop_instance_uid : "2.25.1");
        put_text(ds, 0x0008, 0x0020, "DA", o->study_date);
        put_text(ds, 0x0008, 0x0060, "CS", "DX");
        put_text(ds, 0x0010, 0x0020, "LO", o->patient_id);
        if (o->patient_name[0]) put_text(ds, 0x0010, 0x0010, "PN", o->patient_name);
        if (o->specific_character_set[0]) put_text(ds, 0x0008, 0x0005, "CS", o->specific_character_set);
        put_text(ds, 0x0018, 0x0015, "CS", "CHEST");
        put_text(ds, 0x0018, 0x5101, "CS", o->view_position);
        if (o->window_count > 0) {
            std::string centers, widths;
            for (int i = 0; i < o->window_count && i < LB_DICOM_MAX_WINDOWS; i++) {
                if (i) { centers += "\\"; widths += "\\"; }
                centers += decimal(o->window_center[i]);
                widths += decimal(o->window_width[i]);
            }
            put_text(ds, 0x0028, 0x1050, "DS", centers);
            put_text(ds, 0x0028, 0x1051, "DS", widths);
        }
        std::ostringstream stream;
        writer.SetStream(stream);
        if (!writer.Write()) { set_reason(reason, reason_size, "GDCM could not write the file"); return LB_DICOM_UNSUPPORTED; }
        std::string bytes = stream.str();
        if (o->syntax == LB_TS_DEFLATED && !deflate_dataset(bytes)) {
            set_reason(reason, reason_size, "could not deflate the dataset");
            return LB_DICOM_UNSUPPORTED;
        }
        if (o->syntax == LB_TS_NO_META) {
            // Drop the preamble and meta group: keep the dataset from the first element past group 0002.
            size_t at = 0;
            if (bytes.size() > 132 && bytes.compare(128, 4, "DICM") == 0) {
                at = 132;
                while (at + 12 <= bytes.size() && uint8_t(bytes[at]) == 0x02 && bytes[at + 1] == 0) {
                    uint16_t len16; uint32_t len32;
                    std::string vr = bytes.substr(at + 4, 2);
                    if (vr == "OB" || vr == "OW" || vr == "UN" || vr == "SQ" || vr == "UT") {
                        std::memcpy(&len32, &bytes[at + 8], 4); at += 12 + len32;
                    } else {
                        std::memcpy(&len16, &bytes[at + 6], 2); at += 8 + len16;
                    }
                }
            }
            bytes = bytes.substr(at);
        }
        uint8_t *copy = static_cast<uint8_t *>(std::malloc(bytes.size()));
        if (!copy) { set_reason(reason, reason_size, "out of memory"); return LB_DICOM_UNSUPPORTED; }
        std::memcpy(copy, bytes.data(), bytes.size());
        *out_bytes = copy;
        *out_count = bytes.size();
        return LB_DICOM_OK;
    } catch (const std::exception &e) {
        set_reason(reason, reason_size, std::string("GDCM failed: ") + e.what());
    } catch (...) {
        set_reason(reason, reason_size, "GDCM failed");
    }
    return LB_DICOM_UNSUPPORTED;
}

extern "C" int lb_dicom_write(const uint16_t *pixels, int32_t width, int32_t height,
                              const lb_dicom_write_options *o,
                              uint8_t **out_bytes, size_t *out_count, char *reason, size_t reason_size) {
    return guarded([&] { return write_file(pixels, width, height, o, out_bytes, out_count, reason, reason_size); },
                   LB_DICOM_UNSUPPORTED, reason, reason_size);
}

extern "C" void lb_dicom_free(uint8_t *bytes) { std::free(bytes); }
