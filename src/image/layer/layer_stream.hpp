#pragma once
// The decompressing side of apply_layer: a reader thread reads the (possibly compressed) layer
// from a file descriptor, hands every raw byte to an observer, decompresses, hashes the
// uncompressed tar stream (the diff id) and queues it for the tar parser on the caller's
// thread, so decompression overlaps with writing files.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <thread>

#include "base/digest.hpp"
#include "image/layer/chunk_queue.hpp"
#include "image/layer/compression.hpp"

namespace berth::image {

class LayerStream {
 public:
  using RawObserver = std::function<void(const void*, size_t)>;

  // Reads the first bytes synchronously to detect the compression, then starts the thread.
  // The stream fails once more than `max_stream_bytes` of uncompressed data came out.
  LayerStream(int fd, RawObserver on_raw_bytes, uint64_t max_stream_bytes);
  ~LayerStream();
  LayerStream(const LayerStream&) = delete;
  LayerStream& operator=(const LayerStream&) = delete;

  Compression compression() const { return compression_; }
  // The next piece of uncompressed data, valid until the next call; empty at end of stream.
  // Rethrows the reader thread's error.
  std::span<const char> next();
  // Reads and discards the rest of the stream (tar padding after the end-of-archive marker),
  // waits for the thread and returns the sha256 of every uncompressed byte.
  Digest finish();
  // Uncompressed bytes seen so far (the whole tar's length once finish() returned).
  uint64_t stream_bytes() const { return stream_bytes_; }

 private:
  void produce(Chunk first_raw);

  int fd_;
  RawObserver on_raw_;
  uint64_t max_stream_bytes_;
  uint64_t stream_bytes_ = 0;
  Compression compression_ = Compression::kNone;
  ChunkQueue queue_;
  std::optional<Chunk> current_;
  Sha256 hash_;
  std::optional<Digest> digest_;
  std::thread thread_;
};

}  // namespace berth::image
