#include "spaces/local/log_line_stream.hpp"

namespace berth::spaces {

void LogLineStream::Buffer::put(const char* s, size_t n) {
  std::lock_guard lock(mutex_);
  for (size_t i = 0; i < n; ++i) {
    if (s[i] == '\n') {
      sink_(partial_);
      partial_.clear();
    } else {
      partial_.push_back(s[i]);
    }
  }
}

std::streambuf::int_type LogLineStream::Buffer::overflow(int_type c) {
  if (c != traits_type::eof()) {
    char ch = traits_type::to_char_type(c);
    put(&ch, 1);
  }
  return traits_type::not_eof(c);
}

std::streamsize LogLineStream::Buffer::xsputn(const char* s, std::streamsize n) {
  put(s, static_cast<size_t>(n));
  return n;
}

void LogLineStream::Buffer::flush_partial() {
  std::lock_guard lock(mutex_);
  if (!partial_.empty()) sink_(partial_);
  partial_.clear();
}

}  // namespace berth::spaces
