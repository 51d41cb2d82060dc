#pragma once
// A Space's build log on disk: one JSON object per line, {"data": LINE, "timestamp": ISO8601},
// the shape the Hub streams as server-sent events, so the log endpoint only relays lines.
// The writer redacts the Space's secret values: a build step that echoes one shows "***".
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/unique_fd.hpp"

namespace berth::spaces {

class SpaceLogWriter {
 public:
  // Starts a new log at `path` (the previous build's is replaced), or, with kAppend, adds to
  // it (a rollback says what it did after the build that it undoes).
  enum class Mode { kNew, kAppend };
  SpaceLogWriter(const std::filesystem::path& path, std::vector<std::string> secrets,
                 Mode mode = Mode::kNew);
  void write(std::string_view line);

 private:
  std::mutex mutex_;
  UniqueFd fd_;
  std::vector<std::string> secrets_;
};

// Replaces each non-empty secret value in `line` with "***".
std::string redact(std::string_view line, const std::vector<std::string>& secrets);

// Reads complete lines of a growing file from an offset, for following a log.
class LogTail {
 public:
  explicit LogTail(std::filesystem::path path, int64_t offset = 0)
      : path_(std::move(path)), offset_(offset) {}
  // The complete lines appended since the last call (none when the file is missing). A file
  // that shrank (a new build's log) is read again from its start.
  std::vector<std::string> read_new_lines();

 private:
  std::filesystem::path path_;
  int64_t offset_;
  uint64_t inode_ = 0;
};

// {"data": line, "timestamp": time} from a Docker json-file line {"log","stream","time"}; the
// line itself when it is not one.
std::string docker_log_to_space_log(std::string_view json_line);

}  // namespace berth::spaces
