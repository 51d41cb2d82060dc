#pragma once
// The Logs tab (build and run logs, live) and the Settings tab (the owner's: visibility,
// hardware, sleep time, storage, variables, write-only secrets, restart, pause, duplicate,
// rename, delete). Settings forms call the Hub JSON API from the page's script.
#include "server/web/space_page.hpp"

namespace berth::server {

// GET /spaces/{owner}/{name}/logs
void space_logs_page(WebRequest& request, const spaces::SpaceRecord& space);
// GET /spaces/{owner}/{name}/settings
void space_settings_page(WebRequest& request, const spaces::SpaceRecord& space);

}  // namespace berth::server
