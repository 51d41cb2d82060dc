#pragma once
// Streaming decompressors (gzip_decompressor.hpp for gzip, libzstd for zstd, a copy for plain
// tar), driven by the layer reader thread. Internal to the layer engine.
#include <cstddef>
#include <memory>
#include <span>

#include "image/layer/compression.hpp"

namespace berth::image {

class Decompressor {
 public:
  virtual ~Decompressor() = default;
  // Consumes from `in` (advancing it) and writes into `out`; returns the bytes written. Stops
  // when the input is used up or the output is full. Throws berth::Error on corrupt data.
  virtual size_t run(std::span<const char>& in, std::span<char> out) = 0;
  // Called at end of input: throws if the compressed stream was cut short.
  virtual void finish() = 0;
};

std::unique_ptr<Decompressor> make_decompressor(Compression);

}  // namespace berth::image
