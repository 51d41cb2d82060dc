#include "image/layer/decompressor.hpp"

#include <zstd.h>

#include <cstring>

#include "base/error.hpp"
#include "image/layer/gzip_decompressor.hpp"

namespace berth::image {
namespace {

class CopyDecompressor final : public Decompressor {
 public:
  size_t run(std::span<const char>& in, std::span<char> out) override {
    size_t n = std::min(in.size(), out.size());
    std::memcpy(out.data(), in.data(), n);
    in = in.subspan(n);
    return n;
  }
  void finish() override {}
};

class ZstdDecompressor final : public Decompressor {
 public:
  ZstdDecompressor() : ctx_(ZSTD_createDCtx()) {
    if (!ctx_) throw Error("zstd: cannot create a decompression context");
  }
  ~ZstdDecompressor() override { ZSTD_freeDCtx(ctx_); }

  size_t run(std::span<const char>& in, std::span<char> out) override {
    ZSTD_inBuffer ib{in.data(), in.size(), 0};
    ZSTD_outBuffer ob{out.data(), out.size(), 0};
    while (ob.pos < ob.size) {
      size_t before_in = ib.pos, before_out = ob.pos;
      size_t ret = ZSTD_decompressStream(ctx_, &ob, &ib);
      if (ZSTD_isError(ret))
        throw Error(std::string("zstd: corrupt data: ") + ZSTD_getErrorName(ret));
      if (ib.pos == before_in && ob.pos == before_out) break;
      // Only a call that made progress says where the frame stands: an idle call after a
      // finished frame hints at the next frame's header.
      last_ = ret;
      started_ = true;
    }
    in = in.subspan(ib.pos);
    return ob.pos;
  }

  void finish() override {
    if (started_ && last_ != 0) throw Error("zstd: unexpected end of compressed stream");
  }

 private:
  ZSTD_DCtx* ctx_;
  size_t last_ = 0;
  bool started_ = false;
};

}  // namespace

std::unique_ptr<Decompressor> make_decompressor(Compression c) {
  switch (c) {
    case Compression::kGzip:
      return make_gzip_decompressor();
    case Compression::kZstd:
      return std::make_unique<ZstdDecompressor>();
    case Compression::kNone:
      break;
  }
  return std::make_unique<CopyDecompressor>();
}

}  // namespace berth::image
