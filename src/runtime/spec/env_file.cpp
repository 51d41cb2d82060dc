// parse_env_file: Docker's --env-file rules (docker/cli opts/file.go), with the file and line
// added to its error messages so a long file's mistake can be found.
#include <string_view>

#include "base/error.hpp"
#include "runtime/spec/container_config.hpp"

namespace berth::runtime {
namespace {

bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    if (len == 0 || i + len > s.size()) return false;
    uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // No overlong forms, no surrogates, nothing past U+10FFFF (as Go's utf8.Valid).
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

constexpr std::string_view kSpaces = " \t\n\v\f\r";
constexpr size_t kMaxLine = 64 * 1024;  // bufio.Scanner's limit, which Docker inherits

}  // namespace

std::vector<std::string> parse_env_file(const std::string& text, const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  int number = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    start = end + 1;
    ++number;
    auto where = " (" + path + " line " + std::to_string(number) + ")";
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > kMaxLine) throw InvalidArgumentError("env file line too long" + where, 125);
    if (!valid_utf8(line)) {
      throw InvalidArgumentError(
          "env file " + path + " contains invalid utf8 bytes at line " + std::to_string(number),
          125);
    }
    if (number == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    auto first = line.find_first_not_of(kSpaces);
    if (first == std::string_view::npos) continue;
    line.remove_prefix(first);
    if (line[0] == '#') continue;

    auto eq = line.find('=');
    std::string_view name = line.substr(0, eq);
    if (name.find_first_of(" \t") != std::string_view::npos) {
      throw InvalidArgumentError("poorly formatted environment: variable '" + std::string(name) +
                                     "' contains whitespaces" + where,
                                 125);
    }
    if (name.empty()) {
      throw InvalidArgumentError("poorly formatted environment: no variable name on line '" +
                                     std::string(line) + "'" + where,
                                 125);
    }
    // The value is taken literally: no trimming, no quote removal. A bare name is returned
    // bare; the caller takes its value from its own environment or drops it.
    out.emplace_back(eq == std::string_view::npos ? name : line);
  }
  return out;
}

}  // namespace berth::runtime
