// Declared lengths checked before GDCM reads a file (see lightbox_gdcm.cpp).
#include "lightbox_gdcm_internal.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using namespace lbgdcm;

// MARK: Length check
//
// GDCM allocates each element's value at its declared length before reading it, so a lying
// length (0xFFFFFFF0 in a 1 KB file) would allocate 4 GB. This walk checks every declared length
// against the bytes that remain before GDCM sees the file. Sequences and items are entered, not
// skipped, so nested elements are checked too; encapsulated pixel fragments are skipped by their
// (checked) lengths. A deflated dataset is inflated here first, at most `inflate_limit` bytes.

namespace {


std::string tag_text(uint16_t g, uint16_t e) {
    char text[16];
    std::snprintf(text, sizeof text, "(%04X,%04X)", g, e);
    return text;
}

/// True for the two letters of a VR the standard defines (GDCM guesses at any other).
bool is_vr(char a, char b) {
    static const char *vrs[] = {"AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO", "LT", "OB", "OD",
                                "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI",
                                "UL", "UN", "UR", "US", "UT", "UV"};
    for (const char *vr : vrs) if (vr[0] == a && vr[1] == b) return true;
    return false;
}


/// "" when every declared length from `at` on fits in the bytes; else why not.
std::string check_lengths(const uint8_t *bytes, size_t count, size_t at, bool explicitVR, bool big) {
    bool inPixelSequence = false;
    size_t elements = 0;
    while (at < count) {
        if (++elements > 4000000) return "more than 4 million elements";
        if (count - at < 8) return "";  // trailing padding: GDCM ignores it
        uint16_t g = read16(bytes + at, big), e = read16(bytes + at + 2, big);
        if (g == 0xFFFE) {  // item and delimiters: tag + 4-byte length in every syntax
            uint32_t length = read32(bytes + at + 4, big);
            at += 8;
            if (e == 0xE0DD) { inPixelSequence = false; continue; }
            if (e == 0xE00D || length == 0xFFFFFFFFu) continue;
            if (length > count - at) {
                return "item in " + std::string(inPixelSequence ? "pixel data" : "a sequence") + " declares "
                       + std::to_string(length) + " bytes, " + std::to_string(count - at) + " remain (truncated or a lying length)";
            }
            if (inPixelSequence) at += length;  // a compressed fragment; otherwise walk into the item
            continue;
        }
        uint32_t length;
        bool sequence = false;
        if (explicitVR) {
            char a = char(bytes[at + 4]), b = char(bytes[at + 5]);
            if (!is_vr(a, b)) {
                // Some writers put an implicit VR dataset under an explicit syntax (pydicom's
                // SC_rgb_jpeg.dcm). GDCM reads it, but only after misreading lengths as explicit
                // and allocating them (1.3 GB for that 4 KB file), so it is refused here.
                uint32_t implicitLength = read32(bytes + at + 4, big);
                if (implicitLength == 0xFFFFFFFFu || implicitLength <= count - at - 8) {
                    return "element " + tag_text(g, e) + " is implicit VR under an explicit transfer syntax (not read)";
                }
                return "element " + tag_text(g, e) + " has no valid VR and no length that fits";
            }
            if (has_long_length(a, b)) {
                if (count - at < 12) return "the file ends inside element " + tag_text(g, e);
                length = read32(bytes + at + 8, big);
                at += 12;
            } else {
                length = read16(bytes + at + 6, big);
                at += 8;
            }
            sequence = a == 'S' && b == 'Q';
        } else {
            length = read32(bytes + at + 4, big);
            at += 8;
        }
        if (length == 0xFFFFFFFFu) {
            if (g == 0x7FE0 && e == 0x0010) inPixelSequence = true;
            continue;  // undefined length: its items follow
        }
        if (length > count - at) {
            return "element " + tag_text(g, e) + " declares " + std::to_string(length) + " bytes, "
                   + std::to_string(count - at) + " remain (truncated or a lying length)";
        }
        if (!sequence) at += length;
    }
    return "";
}

/// Inflates a raw-deflate stream, refusing more than `limit` bytes out.
bool inflate_capped(const uint8_t *in, size_t count, size_t limit, std::vector<uint8_t> &out) {
    z_stream z;
    std::memset(&z, 0, sizeof z);
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return false;
    z.next_in = const_cast<Bytef *>(in);
    z.avail_in = static_cast<uInt>(std::min<size_t>(count, 0xFFFFFFFFu));
    out.clear();
    int status = Z_OK;
    while (status == Z_OK) {
        size_t have = out.size();
        if (have >= limit) { inflateEnd(&z); return false; }
        out.resize(std::min(limit, have + (1 << 20)));
        z.next_out = out.data() + have;
        z.avail_out = static_cast<uInt>(out.size() - have);
        status = inflate(&z, Z_NO_FLUSH);
        out.resize(out.size() - z.avail_out);
        if (status == Z_BUF_ERROR && z.avail_in == 0) break;
        if (status == Z_BUF_ERROR) status = Z_OK;
    }
    inflateEnd(&z);
    return status == Z_STREAM_END || status == Z_BUF_ERROR || status == Z_OK;
}

} // namespace

namespace lbgdcm {

/// Checks a whole file: meta group (explicit little endian), then the dataset in its syntax.
/// A deflated file comes back in `inflated` as the same meta header, its syntax patched to
/// explicit VR little endian, followed by the inflated dataset: GDCM reads that instead (its own
/// inflating stream took seconds on some corrupt inputs).
std::string check_file(const uint8_t *bytes, size_t count, size_t inflate_limit, std::vector<uint8_t> &inflated) {
    size_t at = 0;
    size_t syntaxAt = 0, syntaxLength = 0;
    std::string syntax;
    if (count >= 132 && std::memcmp(bytes + 128, "DICM", 4) == 0) {
        at = 132;
        while (count - at >= 8 && read16(bytes + at, false) == 0x0002) {
            uint16_t e = read16(bytes + at + 2, false);
            char a = char(bytes[at + 4]), b = char(bytes[at + 5]);
            if (!is_vr(a, b)) return "meta element " + tag_text(2, e) + " has no valid VR";
            size_t header = 8;
            uint32_t length;
            if (has_long_length(a, b)) {
                if (count - at < 12) return "the file ends inside the meta header";
                length = read32(bytes + at + 8, false);
                header = 12;
            } else {
                length = read16(bytes + at + 6, false);
            }
            if (length > count - at - header) return "meta element " + tag_text(2, e) + " declares " + std::to_string(length) + " bytes (a lying length)";
            if (e == 0x0010) {
                syntax.assign(reinterpret_cast<const char *>(bytes + at + header), length);
                syntaxAt = at + header;
                syntaxLength = length;
            }
            at += header + length;
        }
        while (!syntax.empty() && (syntax.back() == '\0' || syntax.back() == ' ')) syntax.pop_back();
    }
    if (syntax == "1.2.840.10008.1.2.1.99") {
        std::vector<uint8_t> dataset;
        if (!inflate_capped(bytes + at, count - at, inflate_limit, dataset)) {
            return "deflated dataset is corrupt or inflates beyond " + std::to_string(inflate_limit) + " bytes";
        }
        std::string lengths = check_lengths(dataset.data(), dataset.size(), 0, true, false);
        if (!lengths.empty()) return lengths;
        inflated.assign(bytes, bytes + at);
        // Same length, NUL-padded: GDCM reads the UID up to its first NUL.
        const char explicitLE[] = "1.2.840.10008.1.2.1";
        std::memset(inflated.data() + syntaxAt, 0, syntaxLength);
        std::memcpy(inflated.data() + syntaxAt, explicitLE, std::min(syntaxLength, sizeof explicitLE - 1));
        inflated.insert(inflated.end(), dataset.begin(), dataset.end());
        return "";
    }
    if (syntax.empty()) {  // no meta: guess as GDCM does, from the first element
        if (count - at < 8) return "";
        bool big = bytes[at] == 0x00 && bytes[at + 1] != 0x00;
        char a = char(bytes[at + 4]), b = char(bytes[at + 5]);
        return check_lengths(bytes, count, at, is_vr(a, b), big);
    }
    bool implicitVR = syntax == "1.2.840.10008.1.2";
    bool big = syntax == "1.2.840.10008.1.2.2";
    return check_lengths(bytes, count, at, !implicitVR, big);
}

} // namespace lbgdcm
