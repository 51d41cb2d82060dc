#include "server/web/page_events.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <thread>

#include "base/json.hpp"
#include "server/api/log_follower.hpp"
#include "server/api/run_log_follower.hpp"
#include "server/http/query.hpp"

namespace berth::server {

namespace {

// How often the stages and the logs are read: a change reaches the page within this. Reading
// a hundred rows takes well under a millisecond of the database's lock.
constexpr auto kCheckEvery = std::chrono::milliseconds(200);
constexpr auto kKeepAlive = std::chrono::seconds(15);

}  // namespace

void page_events(WebRequest& request) {
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

  // The logs only of a Space the visitor may see, as the API's log streams.
  const auto initial = read_stages();
  const std::optional<std::string> space_id =
      !only.empty() && !initial.empty() ? std::optional(initial.begin()->first) : std::nullopt;
  const std::string wanted = "," + params["logs"] + ",";
  std::unique_ptr<LogFollower> build_log;
  if (space_id && wanted.find(",build,") != std::string::npos) {
    build_log = std::make_unique<LogFollower>(request.ctx.deployer.build_log_path(*space_id));
  }
  // The container's log is another file for each instance (a deploy, a restart, a wake), and
  // none before the first: RunLogFollower moves to each new one.
  std::unique_ptr<RunLogFollower> run_log;
  if (space_id && wanted.find(",run,") != std::string::npos) {
    run_log = std::make_unique<RunLogFollower>(request.ctx, *space_id);
  }

  ResponseHeader header;
  header.result(http::status::ok);
  header.version(ex.request().version());
  header.set(http::field::content_type, "text/event-stream");
  header.set(http::field::cache_control, "no-store");
  ex.begin_stream(std::move(header));
  // A browser on the server's own machine loses its connections whenever a deploy adds a
  // network interface (Chromium's ERR_NETWORK_CHANGED): it should come back at once, and is
  // sent everything again when it does.
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
      events += "event: stage\ndata: " +
                Json{{"id", id}, {"stage", std::string(spaces::to_string(stage))}}.dump() + "\n\n";
    }
    bool more = false;
    auto add_lines = [&](auto& log, std::string_view event, bool build) {
      if (!log) return;
      auto batch = log->read();
      more = more || batch.more;
      for (const auto& line : batch.lines) {
        events += "event: " + std::string(event) + "\ndata: " + space_log_event_data(line, build) +
                  "\n\n";
      }
    };
    add_lines(build_log, "build", true);
    add_lines(run_log, "run", false);
    const auto now = std::chrono::steady_clock::now();
    if (events.empty() && now - last_write > kKeepAlive) events = ": keep-alive\n\n";
    if (!events.empty()) {
      ex.write_chunk(events);
      last_write = now;
    }
    if (!more) std::this_thread::sleep_for(kCheckEvery);
  }
  ex.end_stream();
}

}  // namespace berth::server
