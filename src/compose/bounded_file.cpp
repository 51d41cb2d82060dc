#include "compose/bounded_file.hpp"

#include <fmt/format.h>

#include <fstream>

#include "compose/compose_error.hpp"
#include "compose/limits.hpp"

namespace berth::compose {

std::string read_bounded_file(const std::string& path, const std::string& shown) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail_at(shown, 0, "", "cannot read the file: no such file or not readable");
  std::string text;
  text.resize(kMaxFileBytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxFileBytes) {
    fail_at(shown, 0, "", fmt::format("the file is larger than {} MiB", kMaxFileBytes >> 20));
  }
  return text;
}

}  // namespace berth::compose
