#pragma once
// The pages the proxy shows in place of a Space that is not serving (unknown, building, failed,
// waking). The web UI (server/web) is the API host's.
#include <string>
#include <vector>

#include "spaces/space_record.hpp"

namespace berth::server {

// For a Space the proxy cannot forward to: what its stage means, and its error if any.
std::string space_unavailable_html(const spaces::SpaceRecord& space);
// For a Space that was asleep and starts again: its start's log so far; reloads itself.
std::string waking_page_html(const spaces::SpaceRecord& space,
                             const std::vector<std::string>& log_tail);
std::string no_such_space_html(const std::string& host);

}  // namespace berth::server
