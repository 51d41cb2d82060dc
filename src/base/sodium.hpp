#pragma once
// libsodium must be initialised before its random generator is used; sodium_init() is
// thread-safe and returns 1 when an earlier call already did it.
#include <sodium.h>

#include "base/error.hpp"

namespace berth {

inline void ensure_sodium() {
  if (sodium_init() < 0) throw Error("libsodium could not be initialised");
}

}  // namespace berth
