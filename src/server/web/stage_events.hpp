#pragma once
// GET /ui/stages: server-sent events with the stages of the Spaces a page shows, so that its
// badges change as deploys, crashes and sleep change them. One event per Space on connect,
// then one per change: data: {"id": "owner/name", "stage": "RUNNING"}.
#include "server/web/web_page.hpp"

namespace berth::server {

// `?space=owner/name` follows that Space (when the visitor may see it); without it, every
// Space the visitor may see.
void stage_events(WebRequest& request);

}  // namespace berth::server
