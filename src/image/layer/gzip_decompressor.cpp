#include "image/layer/gzip_decompressor.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "base/error.hpp"
#include "base/isal_library.hpp"

namespace berth::image {
namespace {

// The member framing both inflaters share; an inflater decodes one member at a time.
class GzipStream : public Decompressor {
 public:
  size_t run(std::span<const char>& in, std::span<char> out) override {
    size_t produced = 0;
    while (produced < out.size()) {
      if (member_done_) {
        if (in.empty()) break;
        if (!in_zero_padding_ && static_cast<unsigned char>(in[0]) == 0x1f) {
          start_member();
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
      // One call moves at most 1 GiB each way: both libraries count in 32 bits.
      auto step_in = in.first(std::min<size_t>(in.size(), 1u << 30));
      auto step_out =
          out.subspan(produced).first(std::min<size_t>(out.size() - produced, 1u << 30));
      Step step = inflate_step(step_in, step_out);
      in = in.subspan(step.used);
      produced += step.made;
      started_ = true;
      if (step.member_end) {
        member_done_ = true;
        pending_ = false;
        continue;
      }
      if (step.used == 0 && step.made == 0) {
        pending_ = false;
        break;
      }
      // Output filled up: the inflater may hold more output for the same input.
      pending_ = step.made == step_out.size();
    }
    return produced;
  }

  void finish() override {
    if (started_ && !member_done_) throw Error("gzip: unexpected end of compressed stream");
  }

 protected:
  struct Step {
    size_t used = 0;
    size_t made = 0;
    bool member_end = false;  // the member's trailer was read and its CRC and length checked
  };
  // Resets the inflater for the next member (a new gzip header).
  virtual void start_member() = 0;
  // Throws Error("gzip: corrupt data: …").
  virtual Step inflate_step(std::span<const char> in, std::span<char> out) = 0;

 private:
  bool member_done_ = false;
  bool in_zero_padding_ = false;
  bool pending_ = false;
  bool started_ = false;
};

class ZlibGzip final : public GzipStream {
 public:
  ZlibGzip() {
    // 16 + MAX_WBITS: gzip wrapper only.
    if (inflateInit2(&z_, 16 + MAX_WBITS) != Z_OK) throw Error("gzip: cannot initialise zlib");
  }
  ~ZlibGzip() override { inflateEnd(&z_); }

 private:
  void start_member() override { inflateReset(&z_); }

  Step inflate_step(std::span<const char> in, std::span<char> out) override {
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z_.avail_in = static_cast<uInt>(in.size());
    z_.next_out = reinterpret_cast<Bytef*>(out.data());
    z_.avail_out = static_cast<uInt>(out.size());
    int ret = inflate(&z_, Z_NO_FLUSH);
    Step step{in.size() - z_.avail_in, out.size() - z_.avail_out, ret == Z_STREAM_END};
    if (ret != Z_OK && ret != Z_STREAM_END && ret != Z_BUF_ERROR) {
      throw Error(std::string("gzip: corrupt data: ") + (z_.msg ? z_.msg : "inflate failed"));
    }
    return step;
  }

  z_stream z_{};
};

class IsalGzip final : public GzipStream {
 public:
  explicit IsalGzip(const IsalLibrary& isal) : isal_(isal) { start_member(); }

 private:
  void start_member() override {
    isal_.inflate_init(&state_);
    state_.crc_flag = ISAL_GZIP;  // parse the header, check the trailer
  }

  Step inflate_step(std::span<const char> in, std::span<char> out) override {
    state_.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(in.data()));
    state_.avail_in = static_cast<uint32_t>(in.size());
    state_.next_out = reinterpret_cast<uint8_t*>(out.data());
    state_.avail_out = static_cast<uint32_t>(out.size());
    int ret = isal_.inflate(&state_);
    if (ret < 0) throw Error(std::string("gzip: corrupt data: ") + error_text(ret));
    return {in.size() - state_.avail_in, out.size() - state_.avail_out,
            state_.block_state == ISAL_BLOCK_FINISH};
  }

  // zlib's words for the same faults, so both inflaters report alike.
  static const char* error_text(int ret) {
    switch (ret) {
      case ISAL_INVALID_BLOCK:
        return "invalid block type";
      case ISAL_INVALID_SYMBOL:
        return "invalid code";
      case ISAL_INVALID_LOOKBACK:
        return "invalid distance too far back";
      case ISAL_INVALID_WRAPPER:
        return "incorrect header check";
      case ISAL_UNSUPPORTED_METHOD:
        return "unknown compression method";
      case ISAL_INCORRECT_CHECKSUM:
        return "incorrect data check";
      default:
        return "inflate failed";
    }
  }

  const IsalLibrary& isal_;
  inflate_state state_{};
};

}  // namespace

std::unique_ptr<Decompressor> make_zlib_gzip_decompressor() {
  return std::make_unique<ZlibGzip>();
}

std::unique_ptr<Decompressor> make_isal_gzip_decompressor() {
  const IsalLibrary* isal = IsalLibrary::get();
  if (!isal) return nullptr;
  return std::make_unique<IsalGzip>(*isal);
}

std::unique_ptr<Decompressor> make_gzip_decompressor() {
  if (auto isal = make_isal_gzip_decompressor()) return isal;
  return make_zlib_gzip_decompressor();
}

}  // namespace berth::image
