// Both gzip inflaters (ISA-L's and zlib's) against the same cases: a layer decodes alike
// whichever of them the host has.
#include "image/layer/gzip_decompressor.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "base/error.hpp"
#include "layer_test_util.hpp"

namespace berth::image {
namespace {

using testing::gzip;

enum class Inflater { kZlib, kIsal };

std::unique_ptr<Decompressor> make(Inflater which) {
  return which == Inflater::kZlib ? make_zlib_gzip_decompressor() : make_isal_gzip_decompressor();
}

// Feeds `input` in pieces of `in_step` bytes into an output buffer of `out_step` bytes, as the
// layer reader does, then calls finish().
std::string decode(Decompressor& d, const std::string& input, size_t in_step, size_t out_step) {
  std::string result;
  std::string buffer(out_step, '\0');
  for (size_t at = 0; at < input.size(); at += in_step) {
    std::span<const char> in(input.data() + at, std::min(in_step, input.size() - at));
    for (;;) {
      size_t n = d.run(in, buffer);
      result.append(buffer.data(), n);
      if (n == 0 && in.empty()) break;
    }
  }
  d.finish();
  return result;
}

std::string random_text(size_t size, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(size, '\0');
  // Few distinct bytes: compressible, but not trivially.
  for (auto& c : s) c = static_cast<char>('a' + rng() % 6);
  return s;
}

class GzipDecompressorTest : public ::testing::TestWithParam<Inflater> {
 protected:
  std::unique_ptr<Decompressor> inflater() {
    auto d = make(GetParam());
    if (!d) ADD_FAILURE() << "no inflater";
    return d;
  }
  void SetUp() override {
    if (GetParam() == Inflater::kIsal && !make_isal_gzip_decompressor()) {
      GTEST_SKIP() << "libisal.so.2 is not installed";
    }
  }
};

TEST_P(GzipDecompressorTest, DecodesAMemberWhateverThePieceSizes) {
  std::string plain = random_text(300000, 1);
  std::string packed = gzip(plain);
  for (auto [in_step, out_step] : {std::pair<size_t, size_t>{1 << 16, 1 << 16},
                                   {7, 1 << 16},
                                   {1 << 16, 3},
                                   {packed.size(), 1 << 20}}) {
    auto d = inflater();
    EXPECT_EQ(decode(*d, packed, in_step, out_step), plain) << in_step << "/" << out_step;
  }
}

TEST_P(GzipDecompressorTest, ConcatenatedMembersAreOneStreamAndZeroPaddingIsTolerated) {
  std::string a = random_text(50000, 2), b = random_text(70000, 3);
  std::string packed = gzip(a) + gzip(b) + std::string(512, '\0');
  auto d = inflater();
  EXPECT_EQ(decode(*d, packed, 1000, 4096), a + b);
}

TEST_P(GzipDecompressorTest, TrailingGarbageIsAnError) {
  std::string packed = gzip(random_text(1000, 4)) + "garbage";
  auto d = inflater();
  try {
    decode(*d, packed, 1 << 16, 1 << 16);
    FAIL() << "accepted trailing garbage";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "gzip: trailing garbage after the compressed stream");
  }
}

TEST_P(GzipDecompressorTest, ACutStreamFailsAtTheEnd) {
  std::string packed = gzip(random_text(100000, 5));
  packed.resize(packed.size() / 2);
  auto d = inflater();
  try {
    decode(*d, packed, 4096, 4096);
    FAIL() << "accepted a cut stream";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "gzip: unexpected end of compressed stream");
  }
}

TEST_P(GzipDecompressorTest, AWrongChecksumIsCorruptData) {
  std::string packed = gzip(random_text(10000, 6));
  packed[packed.size() - 6] ^= 0x55;  // in the trailer's CRC-32
  auto d = inflater();
  try {
    decode(*d, packed, 1 << 16, 1 << 16);
    FAIL() << "accepted a wrong CRC";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "gzip: corrupt data: incorrect data check");
  }
}

TEST_P(GzipDecompressorTest, ABadHeaderIsCorruptData) {
  std::string packed = gzip(random_text(1000, 7));
  packed[2] = 9;  // compression method: not deflate
  auto d = inflater();
  EXPECT_THROW(decode(*d, packed, 1 << 16, 1 << 16), Error);
}

INSTANTIATE_TEST_SUITE_P(BothInflaters, GzipDecompressorTest,
                         ::testing::Values(Inflater::kZlib, Inflater::kIsal), [](const auto& info) {
                           return info.param == Inflater::kZlib ? "Zlib" : "Isal";
                         });

}  // namespace
}  // namespace berth::image
