#include "base/directory_size.hpp"

#include <sys/stat.h>

#include <set>
#include <utility>

#include "base/error.hpp"

namespace berth {

std::uint64_t directory_size(const std::filesystem::path& root) {
  std::error_code ec;
  std::filesystem::recursive_directory_iterator it(
      root, std::filesystem::directory_options::skip_permission_denied, ec);
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory) return 0;
    throw Error("size of " + root.string() + ": " + ec.message());
  }
  std::uint64_t total = 0;
  std::set<std::pair<dev_t, ino_t>> counted;
  for (; it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) throw Error("size of " + root.string() + ": " + ec.message());
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) != 0) continue;  // removed since it was listed
    if (S_ISDIR(st.st_mode) || st.st_size == 0) continue;
    if (st.st_nlink > 1 && !counted.emplace(st.st_dev, st.st_ino).second) continue;
    total += static_cast<std::uint64_t>(st.st_size);
  }
  return total;
}

}  // namespace berth
