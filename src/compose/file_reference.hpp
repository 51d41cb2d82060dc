#pragma once
// A service's use of a secret or config (`secrets: [db]` or `{source, target, uid, gid, mode}`).
#include <optional>
#include <string>

namespace berth::compose {

struct FileReference {
  std::string source;
  std::string target;
  std::string uid;
  std::string gid;
  std::optional<int64_t> mode;
};

}  // namespace berth::compose
