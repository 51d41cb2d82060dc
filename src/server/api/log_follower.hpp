#pragma once
// Follows a growing log file (a Space's build log, its container's json-file log) for the log
// streams, in bounded memory: each read takes at most a budget of bytes from where the last
// one stopped, and a line longer than the line limit is passed over, not buffered. A file
// replaced under the same path (the next build's log, a rotated container log) is followed
// from its start. (spaces::LogTail read everything new at once: a whole large log on the first
// call, for each reader.)
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace berth::server {

class LogFollower {
 public:
  struct Line {
    std::string text;
    // When the line was over the limit: its length, and text is empty.
    std::uint64_t omitted_bytes = 0;
  };
  struct Batch {
    std::vector<Line> lines;  // complete lines only: a partial last line waits for its newline
    bool more = false;        // the file has more bytes than this read took
  };

  explicit LogFollower(std::filesystem::path path, std::size_t max_line = 256 * 1024)
      : path_(std::move(path)), max_line_(max_line) {}

  // At most `budget` bytes of the file; no lines when the file is missing.
  Batch read(std::size_t budget = 64 * 1024);

 private:
  void take(std::string_view data, Batch& batch);

  std::filesystem::path path_;
  std::size_t max_line_;
  std::uint64_t offset_ = 0;
  ino_t inode_ = 0;
  std::string partial_;        // the line read so far
  bool skipping_ = false;      // the current line went over the limit
  std::uint64_t skipped_ = 0;  // its length so far
};

// A line of a Space's log as its log streams send it: the JSON {"data", "timestamp"} the
// Hub's API gives (a build log's lines are that already; a container log's are converted),
// and a note in place of a line too long to show.
std::string space_log_event_data(const LogFollower::Line& line, bool build);

}  // namespace berth::server
