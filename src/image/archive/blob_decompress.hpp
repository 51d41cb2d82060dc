#pragma once
// Streams a stored layer blob out uncompressed (gzip, zstd or plain, detected by magic bytes),
// for writers that need the diff tar itself (docker-archive save).
#include <cstddef>
#include <functional>

namespace berth::image {

void decompress_stream(int fd, const std::function<void(const void*, size_t)>& sink);

}  // namespace berth::image
