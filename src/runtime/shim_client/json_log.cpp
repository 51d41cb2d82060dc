#include "runtime/shim_client/json_log.hpp"

#include <ctime>

namespace berth::runtime {
namespace {

const char kHex[] = "0123456789abcdef";

void append_unicode_escape(std::string& out, unsigned code) {
  out += "\\u";
  out.push_back(kHex[(code >> 12) & 0xf]);
  out.push_back(kHex[(code >> 8) & 0xf]);
  out.push_back(kHex[(code >> 4) & 0xf]);
  out.push_back(kHex[code & 0xf]);
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid.
size_t utf8_length(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xc0) != 0x80) return 0;
  }
  if (n == 2 && c < 0xc2) return 0;                       // overlong
  if (n == 3 && c == 0xe0 && b(i + 1) < 0xa0) return 0;   // overlong
  if (n == 3 && c == 0xed && b(i + 1) >= 0xa0) return 0;  // surrogate
  if (n == 4 && (c > 0xf4 || (c == 0xf0 && b(i + 1) < 0x90) || (c == 0xf4 && b(i + 1) >= 0x90)))
    return 0;
  return n;
}

}  // namespace

void append_json_escaped(std::string& out, std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
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
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '<':
        case '>':
        case '&':
          append_unicode_escape(out, c);
          break;
        default:
          if (c < 0x20) {
            append_unicode_escape(out, c);
          } else {
            out.push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    size_t n = utf8_length(s, i);
    if (n == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    // U+2028 and U+2029 (E2 80 A8/A9) break JavaScript; Go escapes them.
    if (n == 3 && c == 0xe2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) & 0xfe) == 0xa8) {
      append_unicode_escape(out, 0x2028 + (static_cast<unsigned char>(s[i + 2]) & 1));
    } else {
      out.append(s.data() + i, n);
    }
    i += n;
  }
}

std::string json_log_line(std::string_view log, std::string_view stream, std::string_view time) {
  std::string out;
  out.reserve(log.size() + 64);
  out += "{\"log\":\"";
  append_json_escaped(out, log);
  out += "\",\"stream\":\"";
  out.append(stream);
  out += "\",\"time\":\"";
  out.append(time);
  out += "\"}\n";
  return out;
}

std::string json_log_now() {
  struct timespec ts {};
  clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm {};
  gmtime_r(&ts.tv_sec, &tm);
  char buf[64];
  size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(buf + n, sizeof buf - n, ".%09ldZ", ts.tv_nsec);
  return buf;
}

namespace {

// Reads a JSON string starting after its opening quote; handles the escapes writers produce.
bool read_json_string(std::string_view line, size_t& i, std::string& out) {
  while (i < line.size()) {
    char c = line[i++];
    if (c == '"') return true;
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (i >= line.size()) return false;
    char e = line[i++];
    switch (e) {
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case '/':
      case '\\':
      case '"':
        out.push_back(e);
        break;
      case 'u': {
        if (i + 4 > line.size()) return false;
        unsigned cp = 0;
        for (int k = 0; k < 4; ++k) {
          char h = line[i++];
          cp <<= 4;
          if (h >= '0' && h <= '9')
            cp |= static_cast<unsigned>(h - '0');
          else if (h >= 'a' && h <= 'f')
            cp |= static_cast<unsigned>(h - 'a' + 10);
          else if (h >= 'A' && h <= 'F')
            cp |= static_cast<unsigned>(h - 'A' + 10);
          else
            return false;
        }
        if (cp < 0x80) {
          out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
          out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
          out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
        } else {
          out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
          out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
          out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
        }
        break;
      }
      default:
        return false;
    }
  }
  return false;
}

}  // namespace

bool parse_json_log_line(std::string_view line, LogRecord& out) {
  out = LogRecord{};
  size_t i = 0;
  auto skip_space = [&] {
    while (i < line.size() &&
           (line[i] == ' ' || line[i] == '\t' || line[i] == '\n' || line[i] == '\r'))
      ++i;
  };
  skip_space();
  if (i >= line.size() || line[i++] != '{') return false;
  for (;;) {
    skip_space();
    if (i >= line.size()) return false;
    if (line[i] == '}') return true;
    if (line[i] == ',') {
      ++i;
      continue;
    }
    if (line[i++] != '"') return false;
    std::string key, value;
    if (!read_json_string(line, i, key)) return false;
    skip_space();
    if (i >= line.size() || line[i++] != ':') return false;
    skip_space();
    if (i >= line.size() || line[i++] != '"') return false;  // all fields we write are strings
    if (!read_json_string(line, i, value)) return false;
    if (key == "log")
      out.log = std::move(value);
    else if (key == "stream")
      out.stream = std::move(value);
    else if (key == "time")
      out.time = std::move(value);
  }
}

}  // namespace berth::runtime
