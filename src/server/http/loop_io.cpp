#include "server/http/loop_io.hpp"

#include <cstring>
#include <string>
#include <string_view>

namespace berth::server {

bool use_crlf_in_head(beast::flat_buffer& buffer) {
  const std::string_view data(static_cast<const char*>(buffer.data().data()), buffer.size());
  // The head ends with its first empty line: "\n\n" or "\n\r\n".
  std::size_t end = std::string_view::npos;
  bool bare_lf = false;
  for (std::size_t lf = data.find('\n'); lf != std::string_view::npos;
       lf = data.find('\n', lf + 1)) {
    bare_lf = bare_lf || lf == 0 || data[lf - 1] != '\r';
    if (data.substr(lf + 1, 1) == "\n") {
      end = lf + 2;
      bare_lf = true;
      break;
    }
    if (data.substr(lf + 1, 2) == "\r\n") {
      end = lf + 3;
      break;
    }
  }
  if (end == std::string_view::npos || !bare_lf) return false;
  std::string rewritten;
  rewritten.reserve(data.size() + 64);
  for (std::size_t i = 0; i < end; ++i) {
    if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r')) rewritten += '\r';
    rewritten += data[i];
  }
  rewritten.append(data.substr(end));
  buffer.clear();
  auto space = buffer.prepare(rewritten.size());
  std::memcpy(space.data(), rewritten.data(), rewritten.size());
  buffer.commit(rewritten.size());
  return true;
}

}  // namespace berth::server
