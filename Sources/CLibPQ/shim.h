#ifndef LIGHTBOX_CLIBPQ_SHIM_H
#define LIGHTBOX_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
