#pragma once
// ISA-L's inflate (Intel's igzip), loaded with dlopen on first use: about four times zlib's
// speed, and gunzip is most of a pull's CPU after the filesystem's; but Debian ships it only
// as a shared library, and `berth` loads nothing but glibc at start (see architecture.md).
// Without libisal2 the layer engine uses zlib.
#include <isa-l/igzip_lib.h>

namespace berth {

struct IsalLibrary {
  void (*inflate_init)(inflate_state*);
  int (*inflate)(inflate_state*);

  // Loads libisal.so.2 once; nullptr when it is not installed.
  static const IsalLibrary* get();
};

}  // namespace berth
