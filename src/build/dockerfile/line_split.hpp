#pragma once
// How BuildKit's parser cuts one logical line into its keyword, --flags and arguments, before
// any instruction-specific parsing.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::build {

struct SplitLine {
  std::string keyword;             // as written ("run", "COPY", ...)
  std::vector<std::string> flags;  // leading "--name[=value]" words, quotes removed
  std::string rest;                // the arguments after the flags, trimmed
};

SplitLine split_line(std::string_view line);

// Whitespace-separated words with quotes and escapes kept in them (they are removed when the
// word is expanded): `a="b c" d` gives {`a="b c"`, `d`}. For ENV, LABEL and ARG.
std::vector<std::string> split_words_keeping_quotes(std::string_view text, char escape);

// Splits at runs of blanks (space, tab, \v, \f, \r), at most `limit` parts (0: no limit).
std::vector<std::string> split_blanks(std::string_view text, std::size_t limit = 0);

// The JSON array of strings at the start of `text` (what follows it is ignored, as Go's
// decoder does); nullopt when `text` is not a JSON array, i.e. shell form. Throws
// InvalidArgumentError when it is a JSON array of something other than strings.
std::optional<std::vector<std::string>> parse_json_string_array(std::string_view text);

}  // namespace berth::build
