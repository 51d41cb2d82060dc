#pragma once
// Reads the Hub's commit request body: newline-delimited JSON, `{"key": "header"|"file"|
// "lfsFile"|"deletedFile"|"deletedFolder"|"copyFile", "value": {…}}` per line, the header
// first. It arrives in pieces from the socket and is untrusted: every line, the whole body,
// the number of operations and every path are bounded and checked, and a file's base64 must
// decode, before anything is written anywhere.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "spaces/commit/commit_payload.hpp"

namespace berth::spaces {

struct CommitLimits {
  // A regular file is under 10 MiB (larger ones go through LFS): its base64 and the JSON
  // around it fit in 16 MiB.
  std::size_t max_line_bytes = 16u << 20;
  std::size_t max_body_bytes = 256u << 20;
  std::size_t max_operations = 25000;
  std::size_t max_message_bytes = 64u << 10;
  // An LFS object's largest announced size (the Hub's single-PUT limit is 5 GB).
  std::uint64_t max_lfs_size = 50ull << 30;
};

// A request the parser refuses; `too_large` for a bound (413), else malformed (400).
class CommitPayloadError : public InvalidArgumentError {
 public:
  CommitPayloadError(const std::string& message, bool too_large)
      : InvalidArgumentError(message), too_large_(too_large) {}
  bool too_large() const { return too_large_; }

 private:
  bool too_large_;
};

class NdjsonCommitParser {
 public:
  explicit NdjsonCommitParser(CommitLimits limits = {}) : limits_(limits) {}
  // The next piece of the body. Throws CommitPayloadError.
  void feed(std::string_view chunk);
  // The body ended: the last line (without a newline) is parsed; the header must have come.
  CommitPayload finish();

 private:
  void parse_line(std::string_view line);
  [[noreturn]] void fail(const std::string& message, bool too_large = false) const;

  CommitLimits limits_;
  CommitPayload payload_;
  std::string pending_;
  std::size_t total_ = 0;
  std::size_t line_number_ = 0;
  bool have_header_ = false;
};

// Parses a whole body at once (tests, small requests).
CommitPayload parse_commit_payload(std::string_view body, CommitLimits limits = {});

}  // namespace berth::spaces
