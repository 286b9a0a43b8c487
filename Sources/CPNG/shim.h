#ifndef KIKUCHI_CPNG_SHIM_H
#define KIKUCHI_CPNG_SHIM_H
#include <png.h>
#endif
