#include "base/isal_library.hpp"

#include <dlfcn.h>

namespace berth {

const IsalLibrary* IsalLibrary::get() {
  static const IsalLibrary* library = []() -> const IsalLibrary* {
    void* lib = ::dlopen("libisal.so.2", RTLD_NOW | RTLD_LOCAL);
    if (!lib) return nullptr;
    static IsalLibrary l;
    l.inflate_init = reinterpret_cast<decltype(l.inflate_init)>(::dlsym(lib, "isal_inflate_init"));
    l.inflate = reinterpret_cast<decltype(l.inflate)>(::dlsym(lib, "isal_inflate"));
    // A library without these is not the one we know: zlib it is.
    if (!l.inflate_init || !l.inflate) return nullptr;
    return &l;
  }();
  return library;
}

}  // namespace berth
