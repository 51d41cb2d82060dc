#pragma once
// .env files (the project's .env, --env-file, a service's env_file) in compose's format:
// KEY=VALUE lines, `export ` prefixes, # comments, 'single' (literal) and "double" (escapes,
// several lines) quotes, ${VAR} interpolation in unquoted and double-quoted values (from the
// file's earlier lines, then `lookup`), and a lone KEY taken from `lookup` when set there.
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compose/interpolation.hpp"

namespace berth::compose {

using EnvPairs = std::vector<std::pair<std::string, std::string>>;

// `file` names the file in errors ("FILE:LINE: ...").
EnvPairs parse_dotenv(std::string_view text, const std::string& file, const VariableLookup& lookup);

// Reads and parses a file (at most kMaxFileBytes); ComposeError when it cannot be read.
EnvPairs read_dotenv(const std::string& path, const std::string& shown,
                     const VariableLookup& lookup);

}  // namespace berth::compose
