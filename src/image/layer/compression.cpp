#include "image/layer/compression.hpp"

#include <cstdint>

namespace berth::image {

Compression detect_compression(const void* head, size_t n) {
  const auto* b = static_cast<const uint8_t*>(head);
  if (n >= 3 && b[0] == 0x1f && b[1] == 0x8b && b[2] == 0x08) return Compression::kGzip;
  if (n >= 4 && b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd) {
    return Compression::kZstd;
  }
  return Compression::kNone;
}

std::string_view compression_name(Compression c) {
  switch (c) {
    case Compression::kNone:
      return "none";
    case Compression::kGzip:
      return "gzip";
    case Compression::kZstd:
      return "zstd";
  }
  return "unknown";
}

}  // namespace berth::image
