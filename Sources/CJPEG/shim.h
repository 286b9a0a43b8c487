#ifndef KIKUCHI_CJPEG_SHIM_H
#define KIKUCHI_CJPEG_SHIM_H
#include <stdio.h>
#include <jpeglib.h>
#endif
