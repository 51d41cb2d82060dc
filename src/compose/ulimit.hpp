#pragma once
// `ulimits: {nofile: 1024}` (single) or `{nofile: {soft: 1024, hard: 2048}}`.
#include <cstdint>

namespace berth::compose {

struct Ulimit {
  int64_t single = 0;
  int64_t soft = 0;
  int64_t hard = 0;
  bool is_single = false;
};

}  // namespace berth::compose
