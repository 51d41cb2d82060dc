#include "compose/interpolation.hpp"

#include <fmt/format.h>

#include "base/go_quote.hpp"
#include "compose/compose_error.hpp"
#include "compose/limits.hpp"

namespace berth::compose {
namespace {

bool name_start(char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool name_char(char c) {
  return name_start(c) || (c >= '0' && c <= '9');
}

[[noreturn]] void invalid(std::string_view text) {
  throw InterpolationError{fmt::format("invalid interpolation format for {}", go_quote(text))};
}

class Interpolator {
 public:
  Interpolator(const VariableLookup& lookup, std::string_view whole)
      : lookup_(lookup), whole_(whole) {}

  std::string run(std::string_view text, int depth) {
    if (depth > kMaxInterpolationDepth) {
      throw InterpolationError{
          fmt::format("interpolation is nested more than {} levels deep", kMaxInterpolationDepth)};
    }
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
      size_t dollar = text.find('$', i);
      if (dollar == std::string_view::npos) {
        append(out, text.substr(i));
        break;
      }
      append(out, text.substr(i, dollar - i));
      i = dollar + 1;
      if (i >= text.size()) {
        append(out, "$");
        break;
      }
      char c = text[i];
      if (c == '$') {
        append(out, "$");
        ++i;
      } else if (c == '{') {
        size_t close = closing_brace(text, i);
        if (close == std::string_view::npos) invalid(whole_);
        append(out, braced(text.substr(i + 1, close - i - 1), depth));
        i = close + 1;
      } else if (name_start(c)) {
        size_t end = i;
        while (end < text.size() && name_char(text[end])) ++end;
        append(out, lookup_(text.substr(i, end - i)).value_or(""));
        i = end;
      } else {
        append(out, "$");
      }
    }
    return out;
  }

 private:
  // The index of the } that closes the { at `open`, nested braces counted.
  static size_t closing_brace(std::string_view text, size_t open) {
    int depth = 0;
    for (size_t j = open; j < text.size(); ++j) {
      if (text[j] == '{') ++depth;
      if (text[j] == '}' && --depth == 0) return j;
    }
    return std::string_view::npos;
  }

  std::string braced(std::string_view body, int depth) {
    size_t n = 0;
    if (body.empty() || !name_start(body[0])) invalid(whole_);
    while (n < body.size() && name_char(body[n])) ++n;
    std::string_view name = body.substr(0, n);
    std::optional<std::string> value = lookup_(name);
    if (n == body.size()) return value.value_or("");
    bool colon = body[n] == ':';
    size_t op_at = colon ? n + 1 : n;
    if (op_at >= body.size()) invalid(whole_);
    char op = body[op_at];
    std::string_view arg = body.substr(op_at + 1);
    bool set = colon ? (value && !value->empty()) : value.has_value();
    switch (op) {
      case '-':
        return set ? *value : run(arg, depth + 1);
      case '+':
        return set ? run(arg, depth + 1) : "";
      case '?':
        if (set) return *value;
        {
          std::string reason = run(arg, depth + 1);
          if (reason.empty()) {
            throw InterpolationError{fmt::format("required variable {} is missing a value", name)};
          }
          throw InterpolationError{
              fmt::format("required variable {} is missing a value: {}", name, reason)};
        }
      default:
        invalid(whole_);
    }
  }

  static void append(std::string& out, std::string_view s) {
    if (out.size() + s.size() > kMaxInterpolatedBytes) {
      throw InterpolationError{fmt::format("a value is longer than {} KiB once interpolated",
                                           kMaxInterpolatedBytes / 1024)};
    }
    out += s;
  }

  const VariableLookup& lookup_;
  std::string_view whole_;
};

}  // namespace

std::string interpolate(std::string_view text, const VariableLookup& lookup) {
  if (text.find('$') == std::string_view::npos) return std::string(text);
  return Interpolator(lookup, text).run(text, 0);
}

namespace {

void interpolate_node(Node& node, const VariableLookup& lookup, const std::string& path,
                      size_t& budget) {
  switch (node.kind) {
    case Node::Kind::kScalar:
      try {
        node.scalar = interpolate(node.scalar, lookup);
      } catch (const InterpolationError& e) {
        fail_at(node, path, e.message);
      }
      if (node.scalar.size() > budget) {
        fail_at(node, path,
                fmt::format("the values are longer than {} MiB in all once interpolated",
                            kMaxExpandedBytes >> 20));
      }
      budget -= node.scalar.size();
      break;
    case Node::Kind::kSequence:
      for (size_t i = 0; i < node.items.size(); ++i) {
        interpolate_node(node.items[i], lookup, item_path(path, i), budget);
      }
      break;
    case Node::Kind::kMapping:
      for (auto& e : node.entries) {
        interpolate_node(e.value, lookup, child_path(path, e.key), budget);
      }
      break;
    case Node::Kind::kNull:
      break;
  }
}

}  // namespace

void interpolate_tree(Node& node, const VariableLookup& lookup) {
  size_t budget = kMaxExpandedBytes;
  interpolate_node(node, lookup, "", budget);
}

void interpolate_tree(Node& node, const VariableLookup& lookup, size_t& budget) {
  interpolate_node(node, lookup, "", budget);
}

}  // namespace berth::compose
