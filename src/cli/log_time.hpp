#pragma once
// The times `logs --since/--until` accept, as Docker does: RFC 3339, Unix seconds, or a
// duration back from now ("10m", "2h", "30s").
#include <string>

#include "base/time_format.hpp"

namespace berth::cli {

TimePoint parse_log_time(const std::string& text);

}  // namespace berth::cli
