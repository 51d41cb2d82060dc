#include "cli/format/template_functions.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>

#include "cli/format/go_print.hpp"

namespace berth::cli::tmpl {
namespace {

void want_args(const std::string& name, const std::vector<Json>& args, size_t want) {
  if (args.size() != want) {
    throw ArgumentError("wrong number of args for " + name + ": want " + std::to_string(want) +
                        " got " + std::to_string(args.size()));
  }
}

void want_at_least(const std::string& name, const std::vector<Json>& args, size_t want) {
  if (args.size() < want) {
    throw ArgumentError("wrong number of args for " + name + ": want at least " +
                        std::to_string(want) + " got " + std::to_string(args.size()));
  }
}

[[noreturn]] void wrong_type(const std::string& expected, const Json& got) {
  throw ArgumentError("wrong type for value; expected " + expected + "; got " + go_type_name(got));
}

const std::string& string_arg(const Json& v) {
  if (!v.is_string()) wrong_type("string", v);
  return v.get_ref<const std::string&>();
}

int64_t int_arg(const Json& v) {
  if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    wrong_type("int", v);
  }
  if (v.is_number_integer()) return v.get<int64_t>();
  // JSON numbers may arrive as floats; a whole one in int64's range is what the user meant
  // (casting one outside the range, or NaN, is undefined behaviour).
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (d >= -9.2e18 && d <= 9.2e18 && d == std::trunc(d)) return static_cast<int64_t>(d);
  }
  wrong_type("int", v);
}

// Longest padding pad may add on one side: the output is built in memory, and a count from a
// template or a value must not ask for gigabytes (Go would panic or run out of memory).
constexpr int64_t kMaxPadding = 1000000;

bool is_word_char(unsigned char c) {
  return std::isalnum(c) || c == '_' || c >= 0x80;
}

std::string title(std::string s) {
  // Capitalize the first letter of each word and leave the rest alone (cases.NoLower).
  bool at_word_start = true;
  for (auto& ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (at_word_start && c < 0x80) ch = static_cast<char>(std::toupper(c));
    at_word_start = !is_word_char(c) && c != '\'';
  }
  return s;
}

std::string map_ascii(std::string s, int (*f)(int)) {
  for (auto& ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) ch = static_cast<char>(f(c));
  }
  return s;
}

std::string truncate_runes(const std::string& s, int64_t length) {
  if (length < 0) throw CallError("negative length");
  size_t i = 0;
  for (int64_t runes = 0; i < s.size() && runes < length; ++runes) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  }
  return s.substr(0, i);
}

std::vector<Json> split(const std::string& s, const std::string& sep) {
  std::vector<Json> parts;
  if (sep.empty()) {
    // Go splits after each UTF-8 sequence.
    for (size_t i = 0; i < s.size();) {
      size_t j = i + 1;
      while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
      parts.emplace_back(s.substr(i, j - i));
      i = j;
    }
    return parts;
  }
  size_t start = 0;
  while (true) {
    auto at = s.find(sep, start);
    if (at == std::string::npos) break;
    parts.emplace_back(s.substr(start, at - start));
    start = at + sep.size();
  }
  parts.emplace_back(s.substr(start));
  return parts;
}

std::string join(const Json& list, const std::string& sep) {
  if (!list.is_array()) wrong_type("[]string", list);
  std::string out;
  for (size_t i = 0; i < list.size(); ++i) {
    if (i) out += sep;
    out += go_print_value(list[i]);
  }
  return out;
}

std::string to_json(const Json& v) {
  // Docker's json: compact, no HTML escaping, keys sorted as Go sorts map keys.
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Json index(const std::vector<Json>& args) {
  want_at_least("index", args, 1);
  Json item = args[0];
  for (size_t k = 1; k < args.size(); ++k) {
    const Json& key = args[k];
    if (item.is_null()) throw CallError("index of untyped nil");
    if (item.is_array() || item.is_string()) {
      if (!key.is_number_integer())
        throw CallError("cannot index slice/array with type " + go_type_name(key));
      int64_t i = key.get<int64_t>();
      size_t size = item.is_array() ? item.size() : item.get_ref<const std::string&>().size();
      if (i < 0 || static_cast<size_t>(i) >= size) {
        throw CallError("index out of range: " + std::to_string(i));
      }
      if (item.is_array()) {
        item = Json(item[static_cast<size_t>(i)]);
      } else {
        item =
            static_cast<int64_t>(static_cast<unsigned char>(item.get_ref<const std::string&>()[i]));
      }
    } else if (item.is_object()) {
      if (!key.is_string()) {
        throw CallError("value has type " + go_type_name(key) + "; should be string");
      }
      auto it = item.find(key.get<std::string>());
      // A missing key gives the map's zero value, as in Go.
      item = it == item.end() ? Json(nullptr) : Json(*it);
    } else {
      throw CallError("can't index item of type " + go_type_name(item));
    }
  }
  return item;
}

Json len(const std::vector<Json>& args) {
  want_args("len", args, 1);
  const Json& v = args[0];
  if (v.is_string()) return static_cast<int64_t>(v.get_ref<const std::string&>().size());
  if (v.is_array() || v.is_object()) return static_cast<int64_t>(v.size());
  if (v.is_null()) throw CallError("len of nil pointer");
  throw CallError("len of type " + go_type_name(v));
}

enum class Kind { kBool, kNumber, kString, kNull, kOther };
Kind kind_of(const Json& v) {
  if (v.is_boolean()) return Kind::kBool;
  if (v.is_number()) return Kind::kNumber;
  if (v.is_string()) return Kind::kString;
  if (v.is_null()) return Kind::kNull;
  return Kind::kOther;
}

bool equal(const Json& a, const Json& b) {
  Kind ka = kind_of(a);
  Kind kb = kind_of(b);
  if (ka == Kind::kOther || kb == Kind::kOther) throw CallError("non-comparable type");
  if (ka == Kind::kNull || kb == Kind::kNull) return ka == kb;
  if (ka != kb) throw CallError("incompatible types for comparison");
  // nlohmann compares integers and floats by value, which is what a user means by eq.
  return a == b;
}

bool less(const Json& a, const Json& b) {
  Kind ka = kind_of(a);
  Kind kb = kind_of(b);
  if ((ka != Kind::kNumber && ka != Kind::kString) ||
      (kb != Kind::kNumber && kb != Kind::kString)) {
    throw CallError("invalid type for comparison");
  }
  if (ka != kb) throw CallError("incompatible types for comparison");
  return a < b;
}

const std::set<std::string>& docker_functions() {
  static const std::set<std::string> names{"json",  "split", "join", "title",
                                           "lower", "upper", "pad",  "truncate"};
  return names;
}

const std::set<std::string>& all_functions() {
  static const std::set<std::string> names = [] {
    std::set<std::string> n = docker_functions();
    for (const char* go : {"and", "or", "not", "index", "len", "print", "printf", "println", "eq",
                           "ne", "lt", "le", "gt", "ge"}) {
      n.insert(go);
    }
    return n;
  }();
  return names;
}

}  // namespace

bool is_function(const std::string& name) {
  return all_functions().count(name) > 0;
}

Json call_function(const std::string& name, const std::vector<Json>& args, bool header_mode) {
  if (header_mode && docker_functions().count(name)) {
    if (args.empty()) throw ArgumentError("wrong number of args for " + name + ": want 1 got 0");
    return name == "json" ? Json("") : args[0];
  }
  if (name == "json") {
    want_args(name, args, 1);
    return to_json(args[0]);
  }
  if (name == "split") {
    want_args(name, args, 2);
    return split(string_arg(args[0]), string_arg(args[1]));
  }
  if (name == "join") {
    want_args(name, args, 2);
    return join(args[0], string_arg(args[1]));
  }
  if (name == "title") {
    want_args(name, args, 1);
    return title(string_arg(args[0]));
  }
  if (name == "lower" || name == "upper") {
    want_args(name, args, 1);
    return map_ascii(string_arg(args[0]), name == "lower" ? ::tolower : ::toupper);
  }
  if (name == "pad") {
    want_args(name, args, 3);
    const std::string& s = string_arg(args[0]);
    int64_t before = int_arg(args[1]);
    int64_t after = int_arg(args[2]);
    if (s.empty()) return s;  // Docker leaves empty values unpadded
    if (before < 0 || after < 0) throw CallError("negative Repeat count");
    if (before > kMaxPadding || after > kMaxPadding) {
      throw CallError("padding of " + std::to_string(std::max(before, after)) +
                      " is too large (at most " + std::to_string(kMaxPadding) + ")");
    }
    return std::string(before, ' ') + s + std::string(after, ' ');
  }
  if (name == "truncate") {
    want_args(name, args, 2);
    return truncate_runes(string_arg(args[0]), int_arg(args[1]));
  }
  if (name == "index") return index(args);
  if (name == "len") return len(args);
  if (name == "print") return go_sprint(args);
  if (name == "println") return go_sprintln(args);
  if (name == "printf") {
    want_at_least(name, args, 1);
    std::vector<Json> rest(args.begin() + 1, args.end());
    return go_sprintf(string_arg(args[0]), rest);
  }
  if (name == "not") {
    want_args(name, args, 1);
    return !go_truth(args[0]);
  }
  if (name == "eq") {
    want_at_least(name, args, 1);
    if (args.size() < 2) throw CallError("missing argument for comparison");
    for (size_t i = 1; i < args.size(); ++i) {
      if (equal(args[0], args[i])) return true;
    }
    return false;
  }
  if (name == "ne") {
    want_args(name, args, 2);
    return !equal(args[0], args[1]);
  }
  if (name == "lt" || name == "le" || name == "gt" || name == "ge") {
    want_args(name, args, 2);
    if (name == "lt") return less(args[0], args[1]);
    if (name == "ge") return !less(args[0], args[1]);
    bool le = less(args[0], args[1]) || equal(args[0], args[1]);
    return name == "le" ? le : !le;
  }
  throw CallError("function \"" + name + "\" not defined");
}

}  // namespace berth::cli::tmpl
