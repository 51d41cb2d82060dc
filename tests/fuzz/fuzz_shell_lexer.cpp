// Variable expansion and word splitting (BuildKit's shell lexer) and its patterns. The first
// byte picks the options; A is set to the rest of the first line, B is empty, others unset.
#include <optional>
#include <string>

#include "base/error.hpp"
#include "build/dockerfile/heredoc.hpp"
#include "build/dockerfile/shell_lexer.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  using namespace berth::build;
  uint8_t flags = data[0];
  auto [value, word] = berth::fuzz::split_first_line(berth::fuzz::text_of(data + 1, size - 1));
  std::string a(value);
  VariableLookup lookup = [&](std::string_view name) -> std::optional<std::string> {
    if (name == "A") return a;
    if (name == "B") return std::string();
    return std::nullopt;
  };
  ShellLexerOptions options{.escape = (flags & 1) ? '`' : '\\',
                            .raw_quotes = (flags & 2) != 0,
                            .raw_escapes = (flags & 4) != 0,
                            .skip_process_quotes = (flags & 8) != 0,
                            .skip_unset = (flags & 16) != 0};
  try {
    (void)shell_process(word, lookup, options);
  } catch (const berth::InvalidArgumentError&) {
  }
  try {
    (void)heredocs_in_line(word);
  } catch (const berth::InvalidArgumentError&) {
  }
  return 0;
}
