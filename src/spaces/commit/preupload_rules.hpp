#pragma once
// The Hub's answer to "preupload": for each file a client is about to commit, whether it goes
// into git as a regular blob (base64 in the commit request) or through Git LFS, and whether
// the repository's .gitignore (or the one the client sends) ignores it.
//
// The Hub's rule: a path the root .gitattributes marks `filter=lfs` is LFS; else a file of 10
// MiB or more is LFS, and so is a binary one (a NUL byte in its first 512 bytes, as grep
// decides) of 1 MiB or more; the rest is regular. An empty file is always regular.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "spaces/commit/git_patterns.hpp"

namespace berth::spaces {

inline constexpr std::uint64_t kLfsTextThreshold = 10ull << 20;
inline constexpr std::uint64_t kLfsBinaryThreshold = 1ull << 20;
// Only the first 512 bytes are a sample, as huggingface_hub sends them.
inline constexpr std::size_t kPreuploadSampleBytes = 512;

enum class UploadMode { kRegular, kLfs };
std::string_view to_string(UploadMode mode);

struct PreuploadFile {
  std::string path;
  std::string sample;  // decoded, at most kPreuploadSampleBytes are looked at
  std::uint64_t size = 0;
};

// Whether the sample holds a NUL byte.
bool looks_binary(std::string_view sample);

UploadMode upload_mode(const PreuploadFile& file, const LfsAttributes& attributes);

}  // namespace berth::spaces
