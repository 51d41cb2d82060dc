#include "image/layer/decompressor.hpp"

#include <zlib.h>
#include <zstd.h>

#include <cstring>

#include "base/error.hpp"

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

class GzipDecompressor final : public Decompressor {
 public:
  GzipDecompressor() {
    // 16 + MAX_WBITS: gzip wrapper only.
    if (inflateInit2(&z_, 16 + MAX_WBITS) != Z_OK) throw Error("gzip: cannot initialise zlib");
  }
  ~GzipDecompressor() override { inflateEnd(&z_); }

  size_t run(std::span<const char>& in, std::span<char> out) override {
    size_t produced = 0;
    while (produced < out.size()) {
      if (member_done_) {
        if (in.empty()) break;
        // Concatenated gzip members are one stream (pigz, some registries); zero padding
        // after the last member is tolerated, other trailing bytes are not.
        if (!in_zero_padding_ && static_cast<unsigned char>(in[0]) == 0x1f) {
          inflateReset(&z_);
          member_done_ = false;
        } else if (in[0] == 0) {
          in_zero_padding_ = true;
          while (!in.empty() && in[0] == 0) in = in.subspan(1);
          continue;
        } else {
          throw Error("gzip: trailing garbage after the compressed stream");
        }
      }
      if (in.empty() && !pending_) break;
      z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
      z_.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), 1u << 30));
      z_.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
      z_.avail_out = static_cast<uInt>(std::min<size_t>(out.size() - produced, 1u << 30));
      uInt in_before = z_.avail_in;
      uInt out_before = z_.avail_out;
      int ret = inflate(&z_, Z_NO_FLUSH);
      size_t used = in_before - z_.avail_in;
      size_t made = out_before - z_.avail_out;
      in = in.subspan(used);
      produced += made;
      started_ = true;
      if (ret == Z_STREAM_END) {
        member_done_ = true;
        pending_ = false;
        continue;
      }
      if (ret == Z_BUF_ERROR || (used == 0 && made == 0)) {
        pending_ = false;
        break;
      }
      if (ret != Z_OK) {
        throw Error(std::string("gzip: corrupt data: ") + (z_.msg ? z_.msg : "inflate failed"));
      }
      // Output filled up: zlib may hold more output for the same input.
      pending_ = z_.avail_out == 0;
    }
    return produced;
  }

  void finish() override {
    if (started_ && !member_done_) throw Error("gzip: unexpected end of compressed stream");
  }

 private:
  z_stream z_{};
  bool member_done_ = false;
  bool in_zero_padding_ = false;
  bool pending_ = false;
  bool started_ = false;
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
      return std::make_unique<GzipDecompressor>();
    case Compression::kZstd:
      return std::make_unique<ZstdDecompressor>();
    case Compression::kNone:
      break;
  }
  return std::make_unique<CopyDecompressor>();
}

}  // namespace berth::image
