#include "spaces/git/git_output_stream.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/child_io.hpp"
#include "base/error.hpp"

namespace berth::spaces {
namespace {

constexpr size_t kReadChunk = 64 * 1024;

struct Pipe {
  UniqueFd read_end;
  UniqueFd write_end;
};

Pipe make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw Error(std::string("cannot create a pipe for git: ") + std::strerror(errno));
  }
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

GitProcess start(const GitInvocation& invocation, int stdin_fd, UniqueFd& out, UniqueFd& err) {
  Pipe pipe = make_pipe();
  err = make_memfd("berth-git-err");
  GitProcess git(invocation, {.in = stdin_fd, .out = pipe.write_end.get(), .err = err.get()});
  // Only git holds the write end now: its exit ends our reads.
  out = std::move(pipe.read_end);
  return git;
}

}  // namespace

GitOutputStream::GitOutputStream(const GitInvocation& invocation, int stdin_fd)
    : git_(start(invocation, stdin_fd, out_, err_)) {}

bool GitOutputStream::fill() {
  if (at_end_) return false;
  buffer_.erase(0, buffer_pos_);
  buffer_pos_ = 0;
  size_t old_size = buffer_.size();
  buffer_.resize(old_size + kReadChunk);
  ssize_t n;
  do {
    n = ::read(out_.get(), buffer_.data() + old_size, kReadChunk);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    buffer_.resize(old_size);
    throw Error(std::string("reading git's output: ") + std::strerror(errno));
  }
  buffer_.resize(old_size + static_cast<size_t>(n));
  if (n == 0) at_end_ = true;
  return n > 0;
}

size_t GitOutputStream::read(char* data, size_t size) {
  if (size == 0) return 0;
  if (buffer_pos_ == buffer_.size()) {
    buffer_.clear();
    buffer_pos_ = 0;
    // Large reads go straight to the caller's buffer.
    if (at_end_) return 0;
    ssize_t n;
    do {
      n = ::read(out_.get(), data, size);
    } while (n < 0 && errno == EINTR);
    if (n < 0) throw Error(std::string("reading git's output: ") + std::strerror(errno));
    if (n == 0) at_end_ = true;
    return static_cast<size_t>(n);
  }
  size_t n = std::min(size, buffer_.size() - buffer_pos_);
  std::memcpy(data, buffer_.data() + buffer_pos_, n);
  buffer_pos_ += n;
  return n;
}

std::optional<std::string> GitOutputStream::read_record(char delimiter, size_t max_size) {
  size_t searched = buffer_pos_;
  while (true) {
    size_t at = buffer_.find(delimiter, searched);
    if (at != std::string::npos) {
      std::string record = buffer_.substr(buffer_pos_, at - buffer_pos_);
      buffer_pos_ = at + 1;
      return record;
    }
    if (buffer_.size() - buffer_pos_ > max_size) {
      throw Error("git printed a record longer than " + std::to_string(max_size) + " bytes");
    }
    searched = buffer_.size() - buffer_pos_;  // relative: fill() moves the unread part to 0
    if (!fill()) {
      if (buffer_pos_ == buffer_.size()) return std::nullopt;
      throw Error("git's output ended in the middle of a record");
    }
    searched += buffer_pos_;
  }
}

std::string GitOutputStream::read_exactly(size_t size) {
  std::string out;
  out.reserve(size);
  while (out.size() < size) {
    if (buffer_pos_ == buffer_.size() && !fill()) {
      throw Error("git's output ended " + std::to_string(size - out.size()) +
                  " bytes before the end of an object");
    }
    size_t n = std::min(size - out.size(), buffer_.size() - buffer_pos_);
    out.append(buffer_, buffer_pos_, n);
    buffer_pos_ += n;
  }
  return out;
}

int GitOutputStream::finish() {
  char sink[kReadChunk];
  buffer_.clear();
  buffer_pos_ = 0;
  while (read(sink, sizeof sink) != 0) {
  }
  return git_.wait();
}

std::string GitOutputStream::error_line() const {
  return last_line(read_from_start(err_.get(), "git's errors"));
}

}  // namespace berth::spaces
