#include "compose/yaml_emitter.hpp"

#include <string_view>

namespace berth::compose {
namespace {

// A scanner over a string for the number forms below (no std::regex: libstdc++'s recurses per
// character, and a value may be a megabyte long).
struct Scan {
  std::string_view s;
  size_t i = 0;
  bool done() const { return i == s.size(); }
  bool eat(char c) {
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
  // At least `min` characters of `set` (and '_' when `underscores`).
  bool run(std::string_view set, size_t min, bool underscores) {
    size_t start = i;
    while (i < s.size() &&
           (set.find(s[i]) != std::string_view::npos || (underscores && s[i] == '_')))
      ++i;
    return i - start >= min;
  }
};

constexpr std::string_view kDigits = "0123456789";

// YAML's integers (decimal, 0x, 0o, 0b), floats and YAML 1.1's base-60 numbers ("1:20"), which
// go-yaml quotes when they are strings.
bool looks_like_number(std::string_view text) {
  auto sign = [](Scan& sc) { sc.eat('-') || sc.eat('+'); };
  for (auto [prefix, set] :
       {std::pair<std::string_view, std::string_view>{"0x", "0123456789abcdefABCDEF"},
        {"0o", "01234567"},
        {"0b", "01"}}) {
    Scan sc{text};
    sign(sc);
    if (sc.s.substr(sc.i).starts_with(prefix)) {
      sc.i += 2;
      if (sc.run(set, 1, true) && sc.done()) return true;
    }
  }
  {  // decimal integer or float: [-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?
    Scan sc{text};
    sign(sc);
    bool ok;
    if (sc.eat('.')) {
      ok = sc.run(kDigits, 1, false);
    } else {
      ok = sc.run(kDigits, 1, false);
      if (ok) {
        sc.run(kDigits, 0, true);
        if (sc.eat('.')) sc.run(kDigits, 0, true);
      }
    }
    if (ok && (sc.eat('e') || sc.eat('E'))) {
      sign(sc);
      ok = sc.run(kDigits, 1, false);
    }
    if (ok && sc.done()) return true;
  }
  {  // base 60: [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?
    Scan sc{text};
    sign(sc);
    if (!sc.run(kDigits, 1, false)) return false;
    sc.run(kDigits, 0, true);
    int groups = 0;
    while (sc.eat(':')) {
      size_t start = sc.i;
      sc.run(kDigits, 1, false);
      size_t n = sc.i - start;
      if (n == 0 || n > 2 || (n == 2 && sc.s[start] > '5')) return false;
      ++groups;
    }
    if (groups == 0) return false;
    if (sc.eat('.')) sc.run(kDigits, 0, true);
    return sc.done();
  }
}

bool resolves_to_other_type(const std::string& s) {
  static const char* kWords[] = {"~",     "null",  "Null",  "NULL", "true", "True", "TRUE",
                                 "false", "False", "FALSE", "y",    "Y",    "yes",  "Yes",
                                 "YES",   "n",     "N",     "no",   "No",   "NO",   "on",
                                 "On",    "ON",    "off",   "Off",  "OFF",  ".inf", ".Inf",
                                 ".INF",  "-.inf", "+.inf", ".nan", ".NaN", ".NAN"};
  for (const char* w : kWords) {
    if (s == w) return true;
  }
  return looks_like_number(s);
}

bool printable(const std::string& s) {
  for (unsigned char c : s) {
    if (c < 0x20 && c != '\n' && c != '\t') return false;
    if (c == 0x7f) return false;
  }
  return true;
}

std::string double_quoted(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          static const char* kHex = "0123456789ABCDEF";
          out += "\\x";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string single_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "''";
    else
      out += c;
  }
  return out + "'";
}

std::string scalar_text(const OrderedJson& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return v.dump();
  return "";
}

class Emitter {
 public:
  std::string out;

  void emit_string(const std::string& s, int indent) {
    if (s.find('\n') != std::string::npos && printable(s) && s.find('\r') == std::string::npos &&
        !s.starts_with(' ')) {
      // A literal block: |- without the final newline, | with exactly one.
      bool final_newline = s.ends_with('\n');
      std::string body = final_newline ? s.substr(0, s.size() - 1) : s;
      if (body.ends_with('\n')) {
        out += double_quoted(s) + "\n";
        return;
      }
      out += final_newline ? "|\n" : "|-\n";
      size_t start = 0;
      while (start <= body.size()) {
        size_t nl = body.find('\n', start);
        std::string line = body.substr(start, nl == std::string::npos ? nl : nl - start);
        if (!line.empty()) out += std::string(static_cast<size_t>(indent), ' ') + line;
        out += "\n";
        if (nl == std::string::npos) break;
        start = nl + 1;
      }
      return;
    }
    if (s.empty() || !printable(s) || s.find('\n') != std::string::npos) {
      out += double_quoted(s) + "\n";
    } else if (resolves_to_other_type(s)) {
      out += double_quoted(s) + "\n";
    } else if (!yaml_plain_ok(s)) {
      out += single_quoted(s) + "\n";
    } else {
      out += s + "\n";
    }
  }

  // A value after "key:" or "- ": on the same line when scalar or empty.
  void emit_value(const OrderedJson& v, int indent, bool in_sequence_item) {
    if (v.is_object() && !v.empty()) {
      if (in_sequence_item) {
        emit_mapping(v, indent, true);
      } else {
        out += "\n";
        emit_mapping(v, indent, false);
      }
      return;
    }
    if (v.is_array() && !v.empty()) {
      if (in_sequence_item) {
        emit_sequence(v, indent, true);
      } else {
        out += "\n";
        emit_sequence(v, indent, false);
      }
      return;
    }
    if (!in_sequence_item) out += " ";
    if (v.is_object()) {
      out += "{}\n";
    } else if (v.is_array()) {
      out += "[]\n";
    } else if (v.is_string()) {
      emit_string(v.get<std::string>(), indent);
    } else {
      out += scalar_text(v) + "\n";
    }
  }

  // `first_inline`: the first key goes on the current line (after "- ").
  void emit_mapping(const OrderedJson& m, int indent, bool first_inline) {
    bool first = true;
    for (const auto& [key, value] : m.items()) {
      if (!(first && first_inline)) out += std::string(static_cast<size_t>(indent), ' ');
      first = false;
      out += key_text(key) + ":";
      emit_value(value, indent + 2, false);
    }
  }

  void emit_sequence(const OrderedJson& s, int indent, bool first_inline) {
    bool first = true;
    for (const auto& item : s) {
      if (!(first && first_inline)) out += std::string(static_cast<size_t>(indent), ' ');
      first = false;
      out += "- ";
      if ((item.is_object() || item.is_array()) && !item.empty()) {
        emit_value(item, indent + 2, true);
      } else {
        emit_value(item, indent + 2, true);
      }
    }
  }

  static std::string key_text(const std::string& key) {
    if (!printable(key) || key.find('\n') != std::string::npos) return double_quoted(key);
    if (resolves_to_other_type(key)) return double_quoted(key);
    if (!yaml_plain_ok(key)) return single_quoted(key);
    return key;
  }
};

}  // namespace

bool yaml_plain_ok(const std::string& s) {
  if (s.empty()) return false;
  if (s.front() == ' ' || s.back() == ' ' || s.front() == '\t' || s.back() == '\t') return false;
  char c0 = s[0];
  static const std::string kIndicators = ",[]{}#&*!|>'\"%@`";
  if (kIndicators.find(c0) != std::string::npos) return false;
  if (c0 == '-' || c0 == '?' || c0 == ':') {
    if (s.size() == 1 || s[1] == ' ' || s[1] == '\t') return false;
  }
  if (s.find(": ") != std::string::npos || s.find(" #") != std::string::npos) return false;
  if (s.find(":\t") != std::string::npos || s.find("\t#") != std::string::npos) return false;
  if (s.back() == ':') return false;
  if (s.starts_with("---") || s.starts_with("...")) return false;
  return true;
}

std::string to_yaml(const OrderedJson& value) {
  Emitter e;
  if (value.is_object() && !value.empty()) {
    e.emit_mapping(value, 0, false);
  } else if (value.is_array() && !value.empty()) {
    e.emit_sequence(value, 0, false);
  } else {
    e.emit_value(value, 0, true);
  }
  return e.out;
}

}  // namespace berth::compose
