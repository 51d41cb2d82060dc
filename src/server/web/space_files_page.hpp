#pragma once
// The Files tab: a Space's git tree at a revision, one file's content, and the history.
#include <string_view>

#include "server/web/space_page.hpp"

namespace berth::server {

// `rest` is what follows /spaces/{owner}/{name}: "/tree/{rev}[/{path}]",
// "/blob/{rev}/{path}" or "/commits/{rev}". False when it is none of these.
bool space_files_page(WebRequest& request, const spaces::SpaceRecord& space, std::string_view rest);

}  // namespace berth::server
