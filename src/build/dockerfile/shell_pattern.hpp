#pragma once
// The patterns of ${V#p}, ${V%p} and ${V/p/r}: `*` matches any run of characters, `?` any one
// character, and a backslash makes `*`, `?` or `\` literal (BuildKit has no bracket expressions).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace berth::build {

class ShellPattern {
 public:
  // Throws InvalidArgumentError ("invalid escape '\x'") for an escape of anything else.
  explicit ShellPattern(std::string_view text);

  // The value without the shortest (or longest) prefix / suffix the pattern matches.
  std::string trim_prefix(const std::string& value, bool longest) const;
  std::string trim_suffix(const std::string& value, bool longest) const;
  // The value with the first (or every) leftmost-longest match replaced.
  std::string replace(const std::string& value, const std::string& replacement, bool all) const;

 private:
  enum class Kind { kLiteral, kAnyOne, kAnyRun };
  struct Token {
    Kind kind;
    char literal = 0;
  };
  ShellPattern() = default;
  void close(std::vector<std::size_t>& starts) const;
  bool step(std::vector<std::size_t>& starts, char c, std::size_t& budget) const;
  std::vector<std::size_t> anchored_ends(std::string_view text) const;
  ShellPattern reversed() const;
  std::optional<std::pair<std::size_t, std::size_t>> find(std::string_view text, std::size_t from,
                                                          std::size_t no_empty_at,
                                                          std::size_t& budget) const;

  std::vector<Token> tokens_;
};

}  // namespace berth::build
