#include "spaces/commit/preupload_rules.hpp"

namespace berth::spaces {

std::string_view to_string(UploadMode mode) {
  return mode == UploadMode::kLfs ? "lfs" : "regular";
}

bool looks_binary(std::string_view sample) {
  return sample.substr(0, kPreuploadSampleBytes).find('\0') != std::string_view::npos;
}

UploadMode upload_mode(const PreuploadFile& file, const LfsAttributes& attributes) {
  if (file.size == 0) return UploadMode::kRegular;
  if (attributes.is_lfs(file.path)) return UploadMode::kLfs;
  if (file.size >= kLfsTextThreshold) return UploadMode::kLfs;
  if (looks_binary(file.sample) && file.size >= kLfsBinaryThreshold) return UploadMode::kLfs;
  return UploadMode::kRegular;
}

}  // namespace berth::spaces
