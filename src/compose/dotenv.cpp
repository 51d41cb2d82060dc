#include "compose/dotenv.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "compose/bounded_file.hpp"
#include "compose/compose_error.hpp"
#include "compose/limits.hpp"

namespace berth::compose {
namespace {

bool blank(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (blank(s.front()) || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (blank(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool valid_key(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-' || c == '[' || c == ']';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

EnvPairs parse_dotenv(std::string_view text, const std::string& file,
                      const VariableLookup& lookup) {
  EnvPairs out;
  std::map<std::string, std::string, std::less<>> seen;
  VariableLookup local = [&](std::string_view name) -> std::optional<std::string> {
    auto it = seen.find(name);
    if (it != seen.end()) return it->second;
    return lookup(name);
  };
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  size_t pos = 0;
  int line = 0;
  while (pos < text.size()) {
    ++line;
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view raw = trim(text.substr(pos, eol - pos));
    int start_line = line;
    pos = eol + 1;
    if (raw.empty() || raw.front() == '#') continue;
    if (raw.starts_with("export ") || raw.starts_with("export\t")) raw = trim(raw.substr(7));
    size_t eq = raw.find_first_of("=:");
    std::string key(trim(raw.substr(0, eq)));
    if (!valid_key(key)) {
      fail_at(
          file, start_line, "",
          fmt::format("unexpected character in variable name {}", std::string(raw.substr(0, eq))));
    }
    if (eq == std::string_view::npos) {
      // A lone KEY: its value comes from the environment, or it is left out.
      if (auto v = lookup(key)) {
        out.emplace_back(key, *v);
        seen[key] = *v;
      }
      continue;
    }
    std::string_view rest = raw.substr(eq + 1);
    while (!rest.empty() && blank(rest.front())) rest.remove_prefix(1);
    std::string value;
    try {
      if (!rest.empty() && (rest.front() == '\'' || rest.front() == '"')) {
        char q = rest.front();
        // The value may run over several lines: look for the closing quote from here on.
        size_t begin = static_cast<size_t>(rest.data() - text.data()) + 1;
        size_t end = begin;
        while (end < text.size() && text[end] != q) {
          if (q == '"' && text[end] == '\\' && end + 1 < text.size()) ++end;
          if (text[end] == '\n') ++line;
          ++end;
        }
        if (end >= text.size()) fail_at(file, start_line, key, "unterminated quoted value");
        std::string_view body = text.substr(begin, end - begin);
        if (q == '\'') {
          value = std::string(body);
        } else {
          std::string unescaped;
          for (size_t i = 0; i < body.size(); ++i) {
            if (body[i] == '\\' && i + 1 < body.size()) {
              char e = body[++i];
              switch (e) {
                case 'n':
                  unescaped += '\n';
                  break;
                case 't':
                  unescaped += '\t';
                  break;
                case 'r':
                  unescaped += '\r';
                  break;
                default:
                  unescaped += e;
              }
            } else {
              unescaped += body[i];
            }
          }
          value = interpolate(unescaped, local);
        }
        size_t after = text.find('\n', end);
        pos = after == std::string_view::npos ? text.size() : after + 1;
      } else {
        // Unquoted: an inline comment starts at a # after a blank.
        size_t hash = std::string_view::npos;
        for (size_t i = 1; i < rest.size(); ++i) {
          if (rest[i] == '#' && blank(rest[i - 1])) {
            hash = i;
            break;
          }
        }
        if (!rest.empty() && rest.front() == '#') hash = 0;
        value = interpolate(trim(rest.substr(0, hash)), local);
      }
    } catch (const InterpolationError& e) {
      fail_at(file, start_line, key, e.message);
    }
    seen[key] = value;
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

EnvPairs read_dotenv(const std::string& path, const std::string& shown,
                     const VariableLookup& lookup) {
  const std::string text = read_bounded_file(path, shown);
  return parse_dotenv(text, shown, lookup);
}

}  // namespace berth::compose
