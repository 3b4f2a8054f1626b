#ifndef LIGHTBOX_CTURBOJPEG_SHIM_H
#define LIGHTBOX_CTURBOJPEG_SHIM_H
#include <stddef.h>
#include <turbojpeg.h>

/// TJSCALED(dimension, scalingFactor) as a function (the macro does not import).
static inline int lb_tj_scaled(int dimension, tjscalingfactor factor) {
    return TJSCALED(dimension, factor);
}
/// TJPAD(width) as a function.
static inline int lb_tj_pad(int width) { return TJPAD(width); }
#endif
