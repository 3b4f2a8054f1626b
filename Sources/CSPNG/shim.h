#ifndef LIGHTBOX_CSPNG_SHIM_H
#define LIGHTBOX_CSPNG_SHIM_H
#include <stddef.h>
#include <spng.h>
#endif
