#include "registry/auth_challenge.hpp"

#include <cctype>

#include "base/error.hpp"

namespace berth::registry {

namespace {

bool is_tchar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

class ChallengeParser {
 public:
  explicit ChallengeParser(std::string_view text) : text_(text) {}

  std::vector<AuthChallenge> parse() {
    std::vector<AuthChallenge> out;
    for (;;) {
      skip_separators();
      if (at_end()) break;
      std::string token = read_token();
      skip_spaces();
      if (!at_end() && text_[pos_] == '=') {
        // auth-param of the current challenge; token68 values (`Basic abc==`) never come from
        // registries, and an '=' right after a scheme is taken as one of those params.
        if (out.empty()) fail("a parameter before any scheme");
        ++pos_;
        skip_spaces();
        auto& params = out.back().params;
        params[lowercase(token)] = read_value();
      } else {
        out.push_back({lowercase(token), {}});
      }
    }
    if (out.empty()) fail("no challenge");
    return out;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  void skip_spaces() {
    while (!at_end() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  void skip_separators() {
    while (!at_end() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == ',')) ++pos_;
  }
  std::string read_token() {
    size_t start = pos_;
    while (!at_end() && is_tchar(text_[pos_])) ++pos_;
    if (pos_ == start) fail("unexpected character '" + std::string(1, text_[pos_]) + "'");
    return std::string(text_.substr(start, pos_ - start));
  }
  std::string read_value() {
    if (at_end()) fail("a parameter without a value");
    if (text_[pos_] != '"') return read_token();
    ++pos_;
    std::string value;
    while (!at_end() && text_[pos_] != '"') {
      if (text_[pos_] == '\\') {
        ++pos_;
        if (at_end()) break;
      }
      value.push_back(text_[pos_++]);
    }
    if (at_end()) fail("an unterminated quoted value");
    ++pos_;  // the closing quote
    return value;
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw InvalidArgumentError("malformed WWW-Authenticate header: " + what);
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

std::vector<AuthChallenge> parse_www_authenticate(std::string_view header) {
  if (header.size() > kMaxChallengeBytes) {
    throw InvalidArgumentError("malformed WWW-Authenticate header: longer than " +
                               std::to_string(kMaxChallengeBytes) + " bytes");
  }
  return ChallengeParser(header).parse();
}

}  // namespace berth::registry
