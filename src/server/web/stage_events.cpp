#include "server/web/stage_events.hpp"

#include <chrono>
#include <map>
#include <thread>

#include "base/json.hpp"
#include "server/http/query.hpp"

namespace berth::server {

namespace {

// How often the stages are read: a stage change reaches the page within this. Reading a
// hundred rows takes well under a millisecond of the database's lock.
constexpr auto kStageCheck = std::chrono::milliseconds(500);
constexpr auto kKeepAlive = std::chrono::seconds(15);

}  // namespace

void stage_events(WebRequest& request) {
  auto& ex = request.ex;
  auto params = parse_query(ex.query());
  const std::string only = params["space"];
  const auto who = request.identity();
  auto read_stages = [&] {
    std::map<std::string, spaces::SpaceStage> stages;
    request.ctx.db.with([&](spaces::SpaceStore& store, spaces::UserStore&) {
      if (!only.empty()) {
        auto space = store.find(only);
        if (space && ServerContext::can_read(*space, who)) stages[space->id] = space->stage;
      } else {
        spaces::SpaceFilter filter;
        filter.visible_to = who ? who->user : "";
        for (const auto& space : store.list(filter)) stages[space.id] = space.stage;
      }
      return 0;
    });
    return stages;
  };

  ResponseHeader header;
  header.result(http::status::ok);
  header.version(ex.request().version());
  header.set(http::field::content_type, "text/event-stream");
  header.set(http::field::cache_control, "no-store");
  ex.begin_stream(std::move(header));
  // A browser on the server's own machine loses its connections whenever a deploy adds a
  // network interface (Chromium's ERR_NETWORK_CHANGED): it should come back at once, and is
  // sent every stage again when it does.
  ex.write_chunk("retry: 1000\n\n");
  std::map<std::string, spaces::SpaceStage> sent;
  auto last_write = std::chrono::steady_clock::now();
  // Until the page goes away (a write fails and throws) or the server stops.
  while (!request.ctx.stopping) {
    std::string events;
    for (const auto& [id, stage] : read_stages()) {
      auto it = sent.find(id);
      if (it != sent.end() && it->second == stage) continue;
      sent[id] = stage;
      events +=
          "data: " + Json{{"id", id}, {"stage", std::string(spaces::to_string(stage))}}.dump() +
          "\n\n";
    }
    const auto now = std::chrono::steady_clock::now();
    if (events.empty() && now - last_write > kKeepAlive) events = ": keep-alive\n\n";
    if (!events.empty()) {
      ex.write_chunk(events);
      last_write = now;
    }
    std::this_thread::sleep_for(kStageCheck);
  }
  ex.end_stream();
}

}  // namespace berth::server
