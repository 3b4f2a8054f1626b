// Shared by the GDCM shim's files (lightbox_gdcm.cpp reads, lightbox_gdcm_lengths.cpp checks
// declared lengths, lightbox_gdcm_write.cpp writes): not part of the C interface.
#pragma once

#include "lightbox_gdcm.h"

#include <setjmp.h>

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

struct lb_dicom_file;

namespace lbgdcm {

/// Copies `text` into `dst` (at most size - 1 bytes, NUL-terminated), trailing spaces and NULs
/// removed, control characters as '?'.
void copy_text(char *dst, size_t size, const std::string &text);
/// `copy_text` into the caller's reason buffer, when it gave one.
void set_reason(char *reason, size_t size, const std::string &text);

/// Checks every declared length of a whole file before GDCM sees it ("" when sound, else the
/// reason); a deflated dataset comes back inflated in `inflated` (lightbox_gdcm_lengths.cpp).
std::string check_file(const uint8_t *bytes, size_t count, size_t inflate_limit, std::vector<uint8_t> &inflated);

/// A 16- or 32-bit value at `p`, big or little endian.
inline uint16_t read16(const uint8_t *p, bool big) { return big ? uint16_t(p[0] << 8 | p[1]) : uint16_t(p[1] << 8 | p[0]); }
inline uint32_t read32(const uint8_t *p, bool big) {
    return big ? (uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3])
               : (uint32_t(p[3]) << 24 | uint32_t(p[2]) << 16 | uint32_t(p[1]) << 8 | p[0]);
}

/// True for the VRs whose explicit-VR length field is 32 bits (after two reserved bytes).
inline bool has_long_length(char a, char b) {
    static const char *longVRs[] = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"};
    for (const char *vr : longVRs) if (vr[0] == a && vr[1] == b) return true;
    return false;
}

// The guard state (lightbox_gdcm.cpp, "Guards"): where GDCM's assert jumps to, the file in work.
extern thread_local sigjmp_buf *activeGuard;
extern thread_local struct lb_dicom_file *inFlight;
extern std::mutex abandonedLock;
extern std::vector<struct lb_dicom_file *> &abandoned;
void stderr_off();
void stderr_on();

/// Runs `body` with GDCM's assertions turned into `failed` and stderr silenced.
template <typename Body>
inline int guarded(Body body, int failed, char *reason, size_t reason_size) {
    sigjmp_buf jump;
    sigjmp_buf *outer = activeGuard;
    stderr_off();
    if (sigsetjmp(jump, 0) != 0) {
        activeGuard = outer;
        if (inFlight) {
            std::lock_guard<std::mutex> hold(abandonedLock);
            abandoned.push_back(inFlight);
            inFlight = nullptr;
        }
        stderr_on();
        if (reason && reason_size) {
            std::snprintf(reason, reason_size, "malformed DICOM (GDCM's consistency check failed)");
        }
        return failed;
    }
    activeGuard = &jump;
    int status = body();
    inFlight = nullptr;
    activeGuard = outer;
    stderr_on();
    return status;
}

} // namespace lbgdcm
