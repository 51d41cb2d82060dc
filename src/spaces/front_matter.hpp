#pragma once
// Finds a README's YAML front matter the way the Hub reads a Space's configuration: the lines
// between a first line "---" and the next line "---".
#include <string_view>

namespace berth::spaces {

struct FrontMatter {
  enum class Status {
    kFound,
    kMissing,   // the README does not start with a "---" line
    kUnclosed,  // it does, but no later "---" line ends the header
  };
  Status status = Status::kMissing;
  std::string_view yaml;  // the text between the two "---" lines: a view into the README
  int yaml_line = 0;      // README line (1-based) of yaml's first line, to map YAML marks back
  int closing_line = 0;   // README line of the closing "---"
};

// A UTF-8 byte order mark before the first "---", trailing blanks after either "---" and CRLF
// line ends are allowed: editors add them and the Hub accepts them.
FrontMatter find_front_matter(std::string_view readme);

}  // namespace berth::spaces
