#include "compose/value_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "base/go_quote.hpp"
#include "compose/byte_size.hpp"
#include "compose/compose_error.hpp"
#include "compose/duration.hpp"
#include "compose/shell_words.hpp"

namespace berth::compose {

std::string read_string(const Node& n, const std::string& path) {
  if (!n.is_scalar()) fail_at(n, path, fmt::format("expected a string, got {}", kind_name(n)));
  return n.scalar;
}

bool read_bool(const Node& n, const std::string& path) {
  if (n.is_scalar()) {
    std::string v = n.scalar;
    std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
    if (v == "true" || v == "yes" || v == "on" || v == "y") return true;
    if (v == "false" || v == "no" || v == "off" || v == "n") return false;
    fail_at(n, path, fmt::format("expected true or false, got {}", go_quote(n.scalar)));
  }
  fail_at(n, path, fmt::format("expected true or false, got {}", kind_name(n)));
}

int64_t read_int(const Node& n, const std::string& path, int64_t min, int64_t max) {
  if (!n.is_scalar()) fail_at(n, path, fmt::format("expected a number, got {}", kind_name(n)));
  const std::string& s = n.scalar;
  size_t i = s.starts_with('-') || s.starts_with('+') ? 1 : 0;
  bool digits = i < s.size() && s.size() - i <= 18 &&
                std::all_of(s.begin() + static_cast<long>(i), s.end(),
                            [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) fail_at(n, path, fmt::format("expected a number, got {}", go_quote(s)));
  int64_t v = std::stoll(s);
  if (v < min || v > max) {
    fail_at(n, path, fmt::format("{} is out of range ({} to {})", s, min, max));
  }
  return v;
}

double read_number(const Node& n, const std::string& path) {
  if (!n.is_scalar()) fail_at(n, path, fmt::format("expected a number, got {}", kind_name(n)));
  char* end = nullptr;
  double v = std::strtod(n.scalar.c_str(), &end);
  if (n.scalar.empty() || end == nullptr || *end != '\0' || !std::isfinite(v) || v < 0) {
    fail_at(n, path, fmt::format("expected a number, got {}", go_quote(n.scalar)));
  }
  return v;
}

int64_t read_duration(const Node& n, const std::string& path) {
  if (!n.is_scalar()) fail_at(n, path, fmt::format("expected a duration, got {}", kind_name(n)));
  auto d = parse_duration(n.scalar);
  if (!d) {
    fail_at(n, path,
            fmt::format("invalid duration {} (like 30s, 1m30s or 500ms)", go_quote(n.scalar)));
  }
  return *d;
}

int64_t read_bytes(const Node& n, const std::string& path) {
  if (!n.is_scalar()) fail_at(n, path, fmt::format("expected a size, got {}", kind_name(n)));
  auto b = parse_byte_size(n.scalar);
  if (!b) fail_at(n, path, fmt::format("invalid size {} (like 512m or 1g)", go_quote(n.scalar)));
  return *b;
}

std::vector<std::string> read_string_list(const Node& n, const std::string& path, bool single_ok) {
  if (single_ok && n.is_scalar()) return {n.scalar};
  if (!n.is_sequence()) {
    fail_at(n, path, fmt::format("expected a list of strings, got {}", kind_name(n)));
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < n.items.size(); ++i)
    out.push_back(read_string(n.items[i], item_path(path, i)));
  return out;
}

std::map<std::string, std::string> read_string_map(const Node& n, const std::string& path) {
  expect_mapping(n, path);
  std::map<std::string, std::string> out;
  for (const auto& e : n.entries) {
    out[e.key] = e.value.is_null() ? "" : read_string(e.value, child_path(path, e.key));
  }
  return out;
}

std::vector<std::string> read_command(const Node& n, const std::string& path) {
  if (n.is_scalar()) {
    auto words = split_shell_words(n.scalar);
    if (!words)
      fail_at(n, path, fmt::format("invalid command {}: unclosed quote", go_quote(n.scalar)));
    return *words;
  }
  return read_string_list(n, path, false);
}

OrderedJson node_json(const Node& n) {
  switch (n.kind) {
    case Node::Kind::kNull:
      return nullptr;
    case Node::Kind::kScalar: {
      if (n.quoted) return n.scalar;
      const std::string& s = n.scalar;
      if (s == "true" || s == "True" || s == "TRUE") return true;
      if (s == "false" || s == "False" || s == "FALSE") return false;
      bool integer = !s.empty() && s.size() <= 18 &&
                     s.find_first_not_of("0123456789", s[0] == '-' ? 1 : 0) == std::string::npos &&
                     s != "-";
      if (integer) return std::stoll(s);
      if (!s.empty() && s.size() <= 32 &&
          s.find_first_not_of("0123456789.-+eE") == std::string::npos) {
        char* end = nullptr;
        double v = std::strtod(s.c_str(), &end);
        if (end != nullptr && *end == '\0' && std::isfinite(v)) return v;
      }
      return s;
    }
    case Node::Kind::kSequence: {
      OrderedJson out = OrderedJson::array();
      for (const auto& item : n.items) out.push_back(node_json(item));
      return out;
    }
    case Node::Kind::kMapping: {
      OrderedJson out = OrderedJson::object();
      for (const auto& e : n.entries) out[e.key] = node_json(e.value);
      return out;
    }
  }
  return nullptr;
}

void expect_mapping(const Node& n, const std::string& path) {
  if (!n.is_mapping()) fail_at(n, path, fmt::format("expected a mapping, got {}", kind_name(n)));
}

void expect_keys(const Node& n, const std::string& path,
                 std::initializer_list<std::string_view> known) {
  for (const auto& e : n.entries) {
    if (std::find(known.begin(), known.end(), e.key) == known.end()) {
      fail_at(e.file(n.file), e.key_line, path,
              fmt::format("additional property {} is not allowed", go_quote(e.key)));
    }
  }
}

}  // namespace berth::compose
