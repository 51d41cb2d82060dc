#include "server/api/log_follower.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "base/error.hpp"
#include "base/json.hpp"
#include "base/time_format.hpp"
#include "base/unique_fd.hpp"
#include "spaces/space_log.hpp"

namespace berth::server {

LogFollower::Batch LogFollower::read(std::size_t budget) {
  Batch batch;
  UniqueFd fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return batch;
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw_errno("stat " + path_.string());
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (st.st_ino != inode_ || size < offset_) {
    // Another file under the path, or this one truncated: start over.
    inode_ = st.st_ino;
    offset_ = 0;
    partial_.clear();
    skipping_ = false;
    skipped_ = 0;
  }
  if (size <= offset_) return batch;
  std::string data(static_cast<std::size_t>(std::min<std::uint64_t>(budget, size - offset_)), '\0');
  const ssize_t n = ::pread(fd.get(), data.data(), data.size(), static_cast<off_t>(offset_));
  if (n < 0) throw_errno("read " + path_.string());
  data.resize(static_cast<std::size_t>(n));
  offset_ += data.size();
  take(data, batch);
  batch.more = n > 0 && offset_ < size;
  return batch;
}

void LogFollower::take(std::string_view data, Batch& batch) {
  while (!data.empty()) {
    const auto newline = data.find('\n');
    const std::string_view piece = data.substr(0, newline);
    if (skipping_) {
      skipped_ += piece.size();
    } else if (partial_.size() + piece.size() > max_line_) {
      skipping_ = true;
      skipped_ = partial_.size() + piece.size();
      partial_.clear();
      partial_.shrink_to_fit();
    } else {
      partial_.append(piece);
    }
    if (newline == std::string_view::npos) return;
    if (skipping_) {
      batch.lines.push_back({"", skipped_});
    } else {
      batch.lines.push_back({std::move(partial_), 0});
    }
    partial_.clear();
    skipping_ = false;
    skipped_ = 0;
    data.remove_prefix(newline + 1);
  }
}

std::string space_log_event_data(const LogFollower::Line& line, bool build) {
  if (line.omitted_bytes != 0) {
    return Json{{"data", "[a log line of " + std::to_string(line.omitted_bytes) +
                             " bytes is too long to show]"},
                {"timestamp", rfc3339_now()}}
        .dump();
  }
  return build ? line.text : spaces::docker_log_to_space_log(line.text);
}

}  // namespace berth::server
