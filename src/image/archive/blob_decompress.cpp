#include "image/archive/blob_decompress.hpp"

#include <unistd.h>

#include <span>
#include <vector>

#include "base/error.hpp"
#include "image/layer/compression.hpp"
#include "image/layer/decompressor.hpp"

namespace berth::image {

void decompress_stream(int fd, const std::function<void(const void*, size_t)>& sink) {
  constexpr size_t kBlock = 1 << 20;
  std::vector<char> in(kBlock), out(kBlock);
  std::unique_ptr<Decompressor> decompressor;
  for (;;) {
    ssize_t n = ::read(fd, in.data(), in.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("read layer blob");
    }
    if (n == 0) break;
    if (!decompressor) {
      decompressor = make_decompressor(detect_compression(in.data(), static_cast<size_t>(n)));
    }
    std::span<const char> pending(in.data(), static_cast<size_t>(n));
    while (!pending.empty()) {
      size_t before = pending.size();
      size_t produced = decompressor->run(pending, std::span<char>(out));
      if (produced > 0) sink(out.data(), produced);
      if (produced == 0 && pending.size() == before) break;  // needs more input
    }
  }
  if (decompressor) {
    // Flush what the decompressor still holds once the input is used up.
    std::span<const char> none;
    for (;;) {
      size_t produced = decompressor->run(none, std::span<char>(out));
      if (produced == 0) break;
      sink(out.data(), produced);
    }
    decompressor->finish();
  }
}

}  // namespace berth::image
