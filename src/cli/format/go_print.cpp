#include "cli/format/go_print.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "base/go_quote.hpp"

namespace berth::cli {
namespace {

size_t rune_count(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

struct Spec {
  bool minus = false;
  bool plus = false;
  bool sharp = false;
  bool space = false;
  bool zero = false;
  int width = -1;
  int precision = -1;
  char verb = 'v';
};

bool is_integer(const Json& v) {
  return v.is_number_integer();
}

std::string integer_text(const Json& v) {
  return v.is_number_unsigned() ? std::to_string(v.get<uint64_t>())
                                : std::to_string(v.get<int64_t>());
}

std::string in_base(const Json& v, int base, bool upper) {
  bool negative = v.is_number_integer() && !v.is_number_unsigned() && v.get<int64_t>() < 0;
  uint64_t magnitude = v.is_number_unsigned() ? v.get<uint64_t>()
                       : negative             ? 0 - static_cast<uint64_t>(v.get<int64_t>())
                                              : static_cast<uint64_t>(v.get<int64_t>());
  char buf[72];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, magnitude, base);
  std::string digits(buf, end);
  if (upper) {
    for (auto& c : digits) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return negative ? "-" + digits : digits;
}

std::string bad_verb(char verb, const Json& v) {
  if (v.is_null()) return std::string("%!") + verb + "(<nil>)";
  return std::string("%!") + verb + "(" + go_type_name(v) + "=" + go_print_value(v) + ")";
}

// Applies width (in runes) and the '-' and '0' flags to an already formatted operand.
std::string pad(std::string text, const Spec& spec, bool numeric) {
  if (spec.width < 0) return text;
  size_t runes = rune_count(text);
  if (runes >= static_cast<size_t>(spec.width)) return text;
  size_t fill = spec.width - runes;
  if (spec.minus) return text + std::string(fill, ' ');
  if (spec.zero && numeric) {
    size_t sign = (!text.empty() && (text[0] == '-' || text[0] == '+' || text[0] == ' ')) ? 1 : 0;
    return text.substr(0, sign) + std::string(fill, '0') + text.substr(sign);
  }
  return std::string(fill, ' ') + text;
}

std::string with_sign(std::string text, const Spec& spec) {
  if (!text.empty() && text[0] != '-') {
    if (spec.plus) return "+" + text;
    if (spec.space) return " " + text;
  }
  return text;
}

std::string format_float_verb(double value, const Spec& spec) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char verb = spec.verb == 'F' ? 'f' : spec.verb;
  if ((verb == 'g' || verb == 'G') && spec.precision < 0) {
    std::string s = go_format_float(value);
    if (verb == 'G') {
      for (auto& c : s) {
        if (c == 'e') c = 'E';
      }
    }
    return with_sign(s, spec);
  }
  // Otherwise C's printf agrees with Go (default precision 6, two-digit exponents).
  std::string fmt = "%";
  if (spec.plus) fmt += '+';
  if (spec.space) fmt += ' ';
  if (spec.sharp) fmt += '#';
  if (spec.precision >= 0) fmt += "." + std::to_string(spec.precision);
  fmt += verb;
  // Precision is at most 1e6 (see go_sprintf), so the text is bounded; size it exactly.
  int size = std::snprintf(nullptr, 0, fmt.c_str(), value);
  if (size < 0) return "%!" + std::string(1, spec.verb) + "(BADPREC)";
  std::string out(static_cast<size_t>(size) + 1, '\0');
  std::snprintf(out.data(), out.size(), fmt.c_str(), value);
  out.resize(static_cast<size_t>(size));
  return out;
}

std::string format_one(const Spec& spec, const Json& arg) {
  switch (spec.verb) {
    case 'v':
      if (arg.is_number_integer()) return pad(with_sign(integer_text(arg), spec), spec, true);
      if (arg.is_number_float()) {
        return pad(with_sign(go_format_float(arg.get<double>()), spec), spec, true);
      }
      return pad(go_print_value(arg), spec, false);
    case 's':
      if (arg.is_string()) {
        auto s = arg.get<std::string>();
        if (spec.precision >= 0) {
          // Precision counts runes.
          size_t i = 0;
          int runes = 0;
          while (i < s.size() && runes < spec.precision) {
            size_t len = utf8_sequence_length(s, i);
            i += len ? len : 1;
            ++runes;
          }
          s.resize(i);
        }
        return pad(s, spec, false);
      }
      if (arg.is_array() || arg.is_object()) return pad(go_print_value(arg), spec, false);
      return bad_verb(spec.verb, arg);
    case 'q':
      if (arg.is_string()) return pad(go_quote(arg.get<std::string>()), spec, false);
      if (is_integer(arg)) {
        std::string ch;
        append_utf8(ch, static_cast<uint32_t>(arg.get<int64_t>()));
        std::string q = go_quote(ch);
        if (ch == "'") return pad("'\\''", spec, false);
        if (q == "\"\\\"\"") q = "\"\"\"";
        return pad("'" + q.substr(1, q.size() - 2) + "'", spec, false);
      }
      return bad_verb(spec.verb, arg);
    case 'd':
      if (is_integer(arg)) return pad(with_sign(integer_text(arg), spec), spec, true);
      return bad_verb(spec.verb, arg);
    case 'b':
    case 'o':
    case 'x':
    case 'X': {
      if (is_integer(arg)) {
        auto base = spec.verb == 'b' ? 2 : spec.verb == 'o' ? 8 : 16;
        std::string digits = in_base(arg, base, spec.verb == 'X');
        if (spec.sharp) {
          bool neg = digits[0] == '-';
          std::string prefix = spec.verb == 'o'   ? "0"
                               : spec.verb == 'b' ? "0b"
                               : spec.verb == 'x' ? "0x"
                                                  : "0X";
          digits = (neg ? "-" : "") + prefix + digits.substr(neg ? 1 : 0);
        }
        return pad(with_sign(digits, spec), spec, true);
      }
      if (arg.is_string() && (spec.verb == 'x' || spec.verb == 'X')) {
        static const char* kLower = "0123456789abcdef";
        static const char* kUpper = "0123456789ABCDEF";
        const char* digits = spec.verb == 'x' ? kLower : kUpper;
        std::string out;
        for (unsigned char c : arg.get<std::string>()) {
          out.push_back(digits[c >> 4]);
          out.push_back(digits[c & 0xF]);
        }
        return pad(out, spec, false);
      }
      return bad_verb(spec.verb, arg);
    }
    case 'c':
      if (is_integer(arg)) {
        std::string out;
        append_utf8(out, static_cast<uint32_t>(arg.get<int64_t>()));
        return pad(out, spec, false);
      }
      return bad_verb(spec.verb, arg);
    case 't':
      if (arg.is_boolean()) return pad(arg.get<bool>() ? "true" : "false", spec, false);
      return bad_verb(spec.verb, arg);
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
      if (arg.is_number_float()) {
        return pad(format_float_verb(arg.get<double>(), spec), spec, true);
      }
      return bad_verb(spec.verb, arg);
    default:
      return bad_verb(spec.verb, arg);
  }
}

}  // namespace

void append_utf8(std::string& out, uint32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;  // Go writes U+FFFD
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string go_type_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::string:
      return "string";
    case Json::value_t::number_integer:
      return "int";
    case Json::value_t::number_unsigned:
      return value.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX) ? "uint64" : "int";
    case Json::value_t::number_float:
      return "float64";
    case Json::value_t::boolean:
      return "bool";
    case Json::value_t::object:
      return "map[string]interface {}";
    case Json::value_t::array:
      return "[]interface {}";
    default:
      return "<nil>";
  }
}

std::string go_format_float(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == 0) return std::signbit(value) ? "-0" : "0";
  // Shortest round-trip digits in scientific form ("d.ddde±x"), then laid out as Go's %v does:
  // %e when the exponent is < -4 or >= 6 (Go's precision for the shortest form), else %f.
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string_view sci(buf, end - buf);
  bool negative = sci.front() == '-';
  if (negative) sci.remove_prefix(1);
  auto e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c != '.') digits.push_back(c);
  }
  int exp = std::atoi(std::string(sci.substr(e + 1)).c_str());
  std::string out = negative ? "-" : "";
  if (exp < -4 || exp >= 6) {
    out += digits[0];
    if (digits.size() > 1) out += "." + digits.substr(1);
    out += exp < 0 ? "e-" : "e+";
    auto mag = std::to_string(std::abs(exp));
    if (mag.size() < 2) mag = "0" + mag;
    return out + mag;
  }
  if (exp >= 0) {
    size_t int_digits = static_cast<size_t>(exp) + 1;
    if (digits.size() <= int_digits)
      return out + digits + std::string(int_digits - digits.size(), '0');
    return out + digits.substr(0, int_digits) + "." + digits.substr(int_digits);
  }
  return out + "0." + std::string(static_cast<size_t>(-exp - 1), '0') + digits;
}

std::string go_print_value(const Json& value) {
  switch (value.type()) {
    case Json::value_t::string:
      return value.get<std::string>();
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return integer_text(value);
    case Json::value_t::number_float:
      return go_format_float(value.get<double>());
    case Json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case Json::value_t::object: {
      // nlohmann's objects iterate in key order, which is the order Go's fmt sorts maps into.
      std::string out = "map[";
      bool first = true;
      for (const auto& [k, v] : value.items()) {
        if (!first) out += ' ';
        first = false;
        out += k + ":" + go_print_value(v);
      }
      return out + "]";
    }
    case Json::value_t::array: {
      std::string out = "[";
      for (size_t i = 0; i < value.size(); ++i) {
        if (i) out += ' ';
        out += go_print_value(value[i]);
      }
      return out + "]";
    }
    default:
      return "<nil>";
  }
}

std::string go_sprint(const std::vector<Json>& args) {
  std::string out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0 && !args[i].is_string() && !args[i - 1].is_string()) out += ' ';
    out += go_print_value(args[i]);
  }
  return out;
}

std::string go_sprintln(const std::vector<Json>& args) {
  std::string out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) out += ' ';
    out += go_print_value(args[i]);
  }
  return out + "\n";
}

std::string go_sprintf(std::string_view format, const std::vector<Json>& args) {
  std::string out;
  size_t next_arg = 0;
  size_t i = 0;
  // Widths and precisions beyond Go's limit (1e6) are refused as Go's fmt refuses them: a
  // literal one ends the directive ("%!(NOVERB)"), one from an argument is a bad width.
  constexpr int64_t kMaxWidth = 1000000;
  auto take_number = [&](int& target, bool& present) {
    if (i < format.size() && format[i] == '*') {
      ++i;
      present = next_arg < args.size() && args[next_arg].is_number_integer() &&
                (args[next_arg].is_number_unsigned()
                     ? args[next_arg].get<uint64_t>() <= static_cast<uint64_t>(kMaxWidth)
                     : args[next_arg].get<int64_t>() >= -kMaxWidth &&
                           args[next_arg].get<int64_t>() <= kMaxWidth);
      if (present) target = static_cast<int>(args[next_arg].get<int64_t>());
      if (next_arg < args.size()) ++next_arg;
      return true;
    }
    if (i < format.size() && std::isdigit(static_cast<unsigned char>(format[i]))) {
      int64_t n = 0;
      while (i < format.size() && std::isdigit(static_cast<unsigned char>(format[i]))) {
        if (n > kMaxWidth) {
          i = format.size();  // Go's parsenum: a crazy long number swallows the rest
          present = false;
          return false;
        }
        n = n * 10 + (format[i] - '0');
        ++i;
      }
      target = static_cast<int>(n);
      present = true;
    }
    return false;
  };
  while (i < format.size()) {
    char c = format[i];
    if (c != '%') {
      out.push_back(c);
      ++i;
      continue;
    }
    ++i;
    Spec spec;
    for (; i < format.size(); ++i) {
      char f = format[i];
      if (f == '-') {
        spec.minus = true;
      } else if (f == '+') {
        spec.plus = true;
      } else if (f == '#') {
        spec.sharp = true;
      } else if (f == ' ') {
        spec.space = true;
      } else if (f == '0') {
        spec.zero = !spec.minus;
      } else {
        break;
      }
    }
    bool present = false;
    if (take_number(spec.width, present)) {
      if (!present) {
        out += "%!(BADWIDTH)";
        spec.width = -1;
      } else if (spec.width < 0) {
        spec.minus = true;
        spec.zero = false;
        spec.width = -spec.width;
      }
    }
    if (i < format.size() && format[i] == '.') {
      ++i;
      present = false;
      if (take_number(spec.precision, present)) {
        // Go: a negative precision argument is a bad one too.
        if (!present || spec.precision < 0) {
          out += "%!(BADPREC)";
          spec.precision = -1;
        }
      } else if (!present) {
        spec.precision = 0;
      }
    }
    if (i >= format.size()) {
      out += "%!(NOVERB)";
      break;
    }
    spec.verb = format[i++];
    if (spec.verb == '%') {
      out.push_back('%');
      continue;
    }
    if (next_arg >= args.size()) {
      out += std::string("%!") + spec.verb + "(MISSING)";
      continue;
    }
    out += format_one(spec, args[next_arg++]);
  }
  if (next_arg < args.size()) {
    out += "%!(EXTRA ";
    for (size_t k = next_arg; k < args.size(); ++k) {
      if (k > next_arg) out += ", ";
      out += args[k].is_null() ? "<nil>" : go_type_name(args[k]) + "=" + go_print_value(args[k]);
    }
    out += ")";
  }
  return out;
}

bool go_truth(const Json& value) {
  switch (value.type()) {
    case Json::value_t::boolean:
      return value.get<bool>();
    case Json::value_t::number_integer:
      return value.get<int64_t>() != 0;
    case Json::value_t::number_unsigned:
      return value.get<uint64_t>() != 0;
    case Json::value_t::number_float:
      return value.get<double>() != 0;
    case Json::value_t::string:
      return !value.get_ref<const std::string&>().empty();
    case Json::value_t::array:
    case Json::value_t::object:
      return !value.empty();
    default:
      return false;
  }
}

}  // namespace berth::cli
