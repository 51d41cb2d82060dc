#pragma once
// GET /ui/events: what keeps a page live, on one server-sent event stream per page (browsers
// open at most six connections to a host: a stream per badge and per log would leave two Logs
// tabs room for nothing else).
//   event: stage  data: {"id": "owner/name", "stage": "RUNNING"}   one per Space on connect,
//                                                                  then one per change
//   event: build  data: {"data": …, "timestamp": …}                  a build log line
//   event: run    data: {"data": …, "timestamp": …}                  a container log line
#include "server/web/web_page.hpp"

namespace berth::server {

// `?space=owner/name` follows that Space (when the visitor may see it), and with
// `&logs=build,run` its logs from their start; without `space`, the stages of every Space the
// visitor may see.
void page_events(WebRequest& request);

}  // namespace berth::server
