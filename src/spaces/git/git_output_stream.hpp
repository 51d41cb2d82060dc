#pragma once
// A git whose standard output is read as it comes, for output too large to hold whole: a
// file's content, the listing of a big tree. Reading stops whenever the caller has enough;
// the git is then killed with its group and reaped (GitProcess's destructor).
#include <optional>
#include <string>
#include <string_view>

#include "base/unique_fd.hpp"
#include "spaces/git/git_command.hpp"

namespace berth::spaces {

class GitOutputStream {
 public:
  // Starts git; `stdin_fd` (-1: /dev/null) becomes its standard input. Throws Error when git
  // cannot be started.
  explicit GitOutputStream(const GitInvocation& invocation, int stdin_fd = -1);
  GitOutputStream(const GitOutputStream&) = delete;
  GitOutputStream& operator=(const GitOutputStream&) = delete;

  // Up to `size` bytes of the output; 0 at its end. Throws Error on a read error.
  size_t read(char* data, size_t size);
  // The output up to the next `delimiter` (which is consumed, not returned); nullopt at the
  // end of the output. A record longer than `max_size` throws Error: git's records are small.
  std::optional<std::string> read_record(char delimiter, size_t max_size);
  // Exactly `size` bytes (a blob's content in `cat-file --batch`); throws Error when the
  // output ends first.
  std::string read_exactly(size_t size);

  // Reads what is left (discarding it) and waits for git: its exit status.
  int finish();
  // What git wrote to its standard error (its last line), once finish() returned.
  std::string error_line() const;
  pid_t pid() const { return git_.pid(); }

 private:
  // Refills buffer_ from the pipe; false at the end of the output.
  bool fill();

  UniqueFd out_;
  UniqueFd err_;
  std::string buffer_;
  size_t buffer_pos_ = 0;
  bool at_end_ = false;
  GitProcess git_;  // last: destroyed (killed and reaped) before the pipe closes
};

}  // namespace berth::spaces
