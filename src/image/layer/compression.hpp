#pragma once
// Layer compression formats, recognised by their magic bytes rather than trusted media types
// (registries and archives are known to mislabel them).
#include <cstddef>
#include <string_view>

namespace berth::image {

enum class Compression { kNone, kGzip, kZstd };

// Needs at least 4 bytes to recognise zstd; anything unrecognised is kNone (plain tar).
Compression detect_compression(const void* head, size_t n);
std::string_view compression_name(Compression);

}  // namespace berth::image
