#pragma once
// A Space's pages (/spaces/{owner}/{name}/…): the header every tab shares (title, live stage,
// hardware, visibility, the tabs) and the App tab, which shows the app in a frame on the
// Space's own host, or why it cannot and the log that says more.
#include "server/web/web_page.hpp"
#include "spaces/space_record.hpp"

namespace berth::server {

enum class SpaceTab { kApp, kFiles, kLogs, kSettings };

// Whether the signed-in user owns the Space (and so sees its Settings tab).
bool is_owner(const WebRequest& request, const spaces::SpaceRecord& space);

// The header and tabs; `reload_on_stage`: the page is rendered again when the stage changes.
std::string space_header(const WebRequest& request, const spaces::SpaceRecord& space,
                         SpaceTab active, bool reload_on_stage = false);

// A live log view of the Space's build or run log (the API's log streams).
std::string log_view(const spaces::SpaceRecord& space, bool build, std::string_view id,
                     bool short_view = false);

// GET /spaces/{owner}/{name}
void space_app_page(WebRequest& request, const spaces::SpaceRecord& space);

}  // namespace berth::server
