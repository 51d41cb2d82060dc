#include "image/layer/layer_stream.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "base/error.hpp"
#include "image/layer/decompressor.hpp"

namespace berth::image {
namespace {

// 1 MiB chunks, 8 in flight: large enough that per-chunk locking is noise, small enough that
// the pipeline stays in cache-friendly territory.
constexpr size_t kChunkBytes = 1 << 20;
constexpr size_t kChunks = 8;
constexpr size_t kRawBytes = 1 << 20;

size_t read_some(int fd, char* buf, size_t n) {
  for (;;) {
    ssize_t r = ::read(fd, buf, n);
    if (r >= 0) return static_cast<size_t>(r);
    if (errno != EINTR) throw_errno("read layer");
  }
}

}  // namespace

LayerStream::LayerStream(int fd, RawObserver on_raw_bytes, uint64_t max_stream_bytes)
    : fd_(fd),
      on_raw_(std::move(on_raw_bytes)),
      max_stream_bytes_(max_stream_bytes),
      queue_(kChunks, kChunkBytes) {
  Chunk raw{std::make_unique<char[]>(kRawBytes), kRawBytes, 0};
  // A short read must not hide the magic bytes: fill at least the longest magic.
  while (raw.size < 4) {
    size_t n = read_some(fd_, raw.data.get() + raw.size, raw.capacity - raw.size);
    if (n == 0) break;
    raw.size += n;
  }
  compression_ = detect_compression(raw.data.get(), raw.size);
  thread_ = std::thread([this, raw = std::move(raw)]() mutable { produce(std::move(raw)); });
}

LayerStream::~LayerStream() {
  queue_.cancel();
  if (thread_.joinable()) thread_.join();
}

void LayerStream::produce(Chunk raw) {
  try {
    auto decompressor = make_decompressor(compression_);
    std::optional<Chunk> out = queue_.acquire();
    if (!out) return;
    // Hands a full (or final) output chunk to the consumer.
    auto flush = [&]() -> bool {
      if (out->size == 0) return true;
      stream_bytes_ += out->size;
      if (stream_bytes_ > max_stream_bytes_) {
        throw Error(
            fmt::format("uncompressed layer exceeds the limit of {} bytes", max_stream_bytes_));
      }
      hash_.update(out->data.get(), out->size);
      queue_.push(std::move(*out));
      out = queue_.acquire();
      return out.has_value();
    };
    bool eof = false;
    for (;;) {
      if (raw.size > 0 && on_raw_) on_raw_(raw.data.get(), raw.size);
      std::span<const char> in(raw.data.get(), raw.size);
      // At EOF keep calling with no input until the decompressor has nothing left to give.
      for (;;) {
        size_t n = decompressor->run(in, {out->data.get() + out->size, out->capacity - out->size});
        out->size += n;
        if (out->size == out->capacity) {
          if (!flush()) return;
          continue;
        }
        if (in.empty()) break;
      }
      if (eof) break;
      raw.size = read_some(fd_, raw.data.get(), raw.capacity);
      if (raw.size == 0) eof = true;
    }
    decompressor->finish();
    if (!flush()) return;
    digest_ = hash_.finish();
    queue_.push(std::move(*out));  // an empty chunk is never pushed as data; see next()
    queue_.close();
  } catch (...) {
    queue_.close(std::current_exception());
  }
}

std::span<const char> LayerStream::next() {
  for (;;) {
    if (current_) {
      queue_.release(std::move(*current_));
      current_.reset();
    }
    current_ = queue_.pop();
    if (!current_) return {};
    if (current_->size > 0) return {current_->data.get(), current_->size};
  }
}

Digest LayerStream::finish() {
  while (!next().empty()) {
  }
  if (thread_.joinable()) thread_.join();
  return *digest_;
}

}  // namespace berth::image
