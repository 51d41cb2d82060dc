#pragma once
// The server's minimal HTML: the status page listing Spaces, and the pages the proxy shows in
// place of a Space that is not serving (unknown, building, failed).
#include <string>
#include <vector>

#include "spaces/space_record.hpp"

namespace berth::server {

struct SpaceLine {
  spaces::SpaceRecord space;
  std::string url;
};

std::string status_page_html(const std::vector<SpaceLine>& spaces, const std::string& viewer);
// For a Space the proxy cannot forward to: what its stage means, and its error if any.
std::string space_unavailable_html(const spaces::SpaceRecord& space);
// For a Space that was asleep and starts again: its start's log so far; reloads itself.
std::string waking_page_html(const spaces::SpaceRecord& space,
                             const std::vector<std::string>& log_tail);
std::string no_such_space_html(const std::string& host);

}  // namespace berth::server
