#include "compose/compose_error.hpp"

#include <fmt/format.h>

namespace berth::compose {

std::string located(std::string_view file, int line, std::string_view path,
                    std::string_view message) {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line > 0) out += fmt::format(":{}", line);
    out += ": ";
  }
  if (!path.empty()) {
    out += path;
    out += ": ";
  }
  out += message;
  return out;
}

void fail_at(std::string_view file, int line, std::string_view path, std::string_view message) {
  throw ComposeError(located(file, line, path, message));
}

void fail_at(const Node& node, std::string_view path, std::string_view message) {
  fail_at(node.file, node.line, path, message);
}

std::string child_path(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  return fmt::format("{}.{}", path, key);
}

std::string item_path(std::string_view path, size_t index) {
  return fmt::format("{}[{}]", path, index);
}

}  // namespace berth::compose
