#include "server/spaces_server.hpp"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <set>

#include "base/error.hpp"
#include "runtime/root_events.hpp"
#include "server/api/commit_api.hpp"
#include "server/api/hub_api.hpp"
#include "server/api/repo_files_api.hpp"
#include "server/api/space_redeploy.hpp"
#include "server/api/space_settings_api.hpp"
#include "server/git_endpoint.hpp"
#include "server/http/host_name.hpp"
#include "server/http/http_server.hpp"
#include "server/http/query.hpp"
#include "server/lfs/lfs_endpoint.hpp"
#include "server/request_auth.hpp"
#include "server/resolve_endpoint.hpp"
#include "server/server_context.hpp"
#include "server/status_page.hpp"
#include "server/web/web_ui.hpp"
#include "spaces/git/git_repository.hpp"
#include "spaces/host_memory.hpp"
#include "spaces/hub_names.hpp"
#include "spaces/lfs_garbage.hpp"
#include "spaces/local/engine_image_builder.hpp"
#include "spaces/local/engine_space_runner.hpp"
#include "spaces/space_admin.hpp"
#include "spaces/space_settings.hpp"

namespace berth::server {

namespace fs = std::filesystem;

namespace {

tcp::endpoint parse_listen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    throw InvalidArgumentError("--listen " + listen + ": expected HOST:PORT, e.g. 0.0.0.0:8080");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) host = "0.0.0.0";
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(host, ec);
  if (ec)
    throw InvalidArgumentError("--listen " + listen + ": \"" + host + "\" is not an IP address");
  int port = 0;
  try {
    size_t used = 0;
    port = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1) port = -1;
  } catch (const std::exception&) {
    port = -1;
  }
  if (port < 0 || port > 65535) {
    throw InvalidArgumentError("--listen " + listen + ": the port must be 0-65535");
  }
  return tcp::endpoint(address, static_cast<uint16_t>(port));
}

// Without an announcement, running Spaces are checked this often (a container killed together
// with its shim announces nothing).
constexpr auto kInstanceSweep = std::chrono::seconds(30);
// How often the deploys still in their first minute are probed (automatic rollback): three
// failures in a row, 10-15 s, make one count as crashed.
constexpr auto kYoungDeployProbe = std::chrono::seconds(5);
// How often unreferenced Git LFS objects are collected (spaces/lfs_garbage.hpp): as often as
// their grace period, so none outlives it by much more.
constexpr auto kLfsCollection = spaces::kLfsGarbageGrace;
// The longest a request waits for its Space to wake: a wake that takes longer has failed
// (its start gives up at the app's startup timeout, and the request gets the error page).
constexpr auto kLongestWake = std::chrono::minutes(30);

// A browser's request for a page (Accept: text/html), as opposed to an API client's.
bool accepts_html(const RequestHeader& request) {
  return request[http::field::accept].find("text/html") != std::string_view::npos;
}

// Whether a request target is the ticket path of visit passes (with any query).
bool is_visit_request(std::string_view target) {
  return target.substr(0, target.find('?')) == kVisitPath;
}

}  // namespace

struct SpacesServer::Parts {
  Parts(const ServeOptions& options, std::atomic<bool>& stopping)
      : db(options.root),
        builder(options.engine, options.trusted_registries),
        runner(options.engine, options.allow_private_egress),
        deployer(db, builder, runner, routes, deployer_options(options, deploys)),
        lifecycle(db, deployer, runner, routes, options.sleep, spaces::available_memory_bytes),
        directory(options.domain),
        http(
            http_options(options), [this](Exchange& ex) { handle(ex); },
            [this](const RequestHeader& request) { return route(request); }),
        context{db,
                deployer,
                routes,
                directory,
                deploys,
                lifecycle,
                options.root / "spaces",
                options.domain,
                http.port(),
                stopping,
                visits,
                options.lfs_quota_bytes},
        api(context),
        git(context),
        resolve(context),
        lfs(context),
        web(context) {
    api.add_area(std::make_unique<SpaceSettingsApi>(context));
    api.add_area(std::make_unique<RepoFilesApi>(
        context, [this](const spaces::SpaceRecord& space) { return api.space_info_json(space); }));
    api.add_area(std::make_unique<CommitApi>(context));
  }

  // `queue` is made after the deployer (a member further down) but only used once serving.
  static spaces::DeployerOptions deployer_options(const ServeOptions& options,
                                                  spaces::DeployQueue& queue) {
    spaces::DeployerOptions d;
    d.queue_rollback = [&queue](const std::string& space_id, std::string description,
                                spaces::DeployerOptions::Job job) {
      queue.submit(space_id, std::move(description), std::move(job),
                   spaces::DeployQueue::JobKind::kOther);
    };
    d.spaces_dir = options.root / "spaces";
    d.domain = options.domain;
    d.machine = spaces::MachineFacts::probe();
    d.keep_deploys = options.keep_deploys;
    d.rollback_window = std::chrono::seconds(options.rollback_window_seconds);
    return d;
  }
  static HttpServer::Options http_options(const ServeOptions& options) {
    HttpServer::Options o;
    o.listen = parse_listen(options.listen);
    o.event_loops = options.event_loops;
    o.max_connections_per_address = options.max_connections_per_ip;
    return o;
  }

  // On the event loop: a request for a serving Space's app is proxied there.
  HttpServer::Dispatch route(const RequestHeader& request);
  // On a thread: the API, git, the web UI, and Spaces that do not serve.
  void handle(Exchange& ex);
  void handle_space(Exchange& ex, const std::string& host);
  // GET /.berth/visit?ticket=… on a Space's host: the ticket becomes a pass cookie.
  void redeem_visit_ticket(Exchange& ex, const std::string& host);
  std::vector<std::string> wake_log_tail(const spaces::SpaceRecord& space);
  // Queues the LFS garbage collection of each Space that has LFS objects, in line with its
  // deploys (a Space without any costs a stat, and no git).
  void queue_lfs_collection();
  // The Space behind a Space host name, if `who` may see it.
  std::optional<SpaceEntry> visible_space(std::string_view host, const RequestHeader& request);

  spaces::SpacesDatabase db;
  spaces::EngineImageBuilder builder;
  spaces::EngineSpaceRunner runner;
  spaces::RouteTable routes;
  VisitPasses visits;
  spaces::SpaceDeployer deployer;
  spaces::SpaceLifecycle lifecycle;
  SpaceDirectory directory;
  spaces::DeployQueue deploys;
  HttpServer http;
  ServerContext context;
  HubApi api;
  GitEndpoint git;
  ResolveEndpoint resolve;
  LfsEndpoint lfs;
  WebUi web;
};

std::optional<SpaceEntry> SpacesServer::Parts::visible_space(std::string_view host,
                                                             const RequestHeader& request) {
  auto entry = directory.find_by_host(host);
  if (!entry || !entry->is_private) return entry;
  // A private Space is indistinguishable from none to anyone but its owner.
  auto who = context.identify_visitor(request);
  if (who && spaces::same_name(who->user, entry->owner)) return entry;
  // The owner's browser sent here by the web UI, with a pass for this Space.
  if (auto pass = cookie_value(request, kVisitCookie)) {
    auto user = visits.visitor(*pass, entry->id);
    if (user && spaces::same_name(*user, entry->owner)) return entry;
  }
  return std::nullopt;
}

HttpServer::Dispatch SpacesServer::Parts::route(const RequestHeader& request) {
  std::string_view host = request[http::field::host];
  if (directory.is_server_host(host)) return {};  // the API and git stay on their threads
  HttpServer::Dispatch dispatch;
  // A Space that does not serve yet gets its page from the handler; the browser's next try
  // on this connection may find it serving.
  dispatch.back_to_loop = true;
  // A pass's ticket is Berth's to redeem, never the app's to see.
  if (is_visit_request(request.target())) return dispatch;
  auto entry = visible_space(host, request);
  if (!entry) return dispatch;
  auto visit = routes.visit(entry->id);
  if (visit.route) {
    boost::system::error_code ec;
    auto address = boost::asio::ip::make_address(visit.route->address, ec);
    if (!ec) dispatch.proxy_to = tcp::endpoint(address, visit.route->port);
    dispatch.hold = std::move(visit.hold);
    return dispatch;
  }
  const bool asleep =
      visit.dormancy == spaces::Dormancy::kFrozen || visit.dormancy == spaces::Dormancy::kStopped;
  if (asleep) lifecycle.wake(entry->id);
  if (!asleep && !lifecycle.waking(entry->id)) return dispatch;  // the handler says why
  // A thaw takes milliseconds: every request waits for it, as if the Space never slept. A
  // start takes as long as the app: a browser gets the waking page at once (the handler's),
  // other clients wait for the app's answer, or until the wake gave up.
  if (visit.dormancy == spaces::Dormancy::kStopped && accepts_html(request)) return dispatch;
  dispatch.retry_until = std::chrono::steady_clock::now() + kLongestWake;
  return dispatch;
}

void SpacesServer::Parts::handle(Exchange& ex) {
  std::string host(ex.request()[http::field::host]);
  if (!directory.is_server_host(host)) return handle_space(ex, host);
  std::string_view path = ex.path();
  if (path.starts_with("/api/")) return api.handle(ex);
  if (lfs.handle(ex)) return;
  if (git.handle(ex)) return;
  if (resolve.handle(ex)) return;
  web.handle(ex);
}

void SpacesServer::Parts::handle_space(Exchange& ex, const std::string& host) {
  if (is_visit_request(ex.request().target())) return redeem_visit_ticket(ex, host);
  auto entry = visible_space(host, ex.request());
  auto space =
      entry ? db.with([&](spaces::SpaceStore& s, spaces::UserStore&) { return s.find(entry->id); })
            : std::nullopt;
  if (!space) {
    ex.respond(http::status::not_found, "text/html; charset=utf-8",
               no_such_space_html(host_without_port(host)));
    return;
  }
  if (lifecycle.waking(space->id) && (space->stage == spaces::SpaceStage::kSleeping ||
                                      space->stage == spaces::SpaceStage::kAppStarting)) {
    ex.respond(http::status::service_unavailable, "text/html; charset=utf-8",
               waking_page_html(*space, wake_log_tail(*space)), {{"Retry-After", "1"}});
    return;
  }
  // Also when the route appeared since route() looked: the browser's retry is proxied.
  ex.respond(http::status::service_unavailable, "text/html; charset=utf-8",
             space_unavailable_html(*space), {{"Retry-After", "5"}});
}

void SpacesServer::Parts::redeem_visit_ticket(Exchange& ex, const std::string& host) {
  auto entry = directory.find_by_host(host);
  auto params = parse_query(ex.query());
  auto pass = entry ? visits.redeem(params["ticket"], entry->id) : std::nullopt;
  if (!pass) {
    // The same page as for no Space at all: a wrong ticket tells nothing of a private Space.
    ex.respond(http::status::not_found, "text/html; charset=utf-8",
               no_such_space_html(host_without_port(host)));
    return;
  }
  // Host-only and HttpOnly. The UI frames the app from another site unless it is served on
  // the Spaces' domain itself, and browsers that block third-party cookies keep, in a frame,
  // only Partitioned ones (CHIPS: kept per top-level site), which must be SameSite=None and
  // Secure. Browsers take Secure cookies over plain HTTP from localhost names only, so
  // elsewhere (unless a TLS proxy says the visit is HTTPS) the pass is a Lax cookie: it works
  // for a full-page visit, and in the frame when the UI is same-site with the Spaces.
  const bool secure_context = host_without_port(host).ends_with(".localhost") ||
                              ex.request()["X-Forwarded-Proto"] == "https";
  std::string cookie =
      std::string(kVisitCookie) + "=" + *pass + "; Path=/; HttpOnly; Max-Age=" +
      std::to_string(
          std::chrono::duration_cast<std::chrono::seconds>(VisitPasses::kPassLifetime).count()) +
      (secure_context ? "; SameSite=None; Secure; Partitioned" : "; SameSite=Lax");
  ex.respond(http::status::see_other, "text/plain; charset=utf-8", "See /\n",
             {{"Location", "/"}, {"Set-Cookie", cookie}, {"Cache-Control", "no-store"}});
}

std::vector<std::string> SpacesServer::Parts::wake_log_tail(const spaces::SpaceRecord& space) {
  // A wake from the stopped tier is a restart: its log is the restart's.
  std::vector<std::string> lines;
  std::ifstream log(deployer.space_dir(space.id) / "restart.log");
  for (std::string line; std::getline(log, line);) {
    lines.push_back(std::move(line));
    if (lines.size() > 20) lines.erase(lines.begin());
  }
  return lines;
}

void SpacesServer::Parts::queue_lfs_collection() {
  auto list = db.with([](spaces::SpaceStore& s, spaces::UserStore&) { return s.list(); });
  for (const auto& space : list) {  // previews have no repository, nor objects, of their own
    auto repository = spaces::repository_of(context.spaces_dir, space);
    std::error_code ec;
    if (!fs::exists(spaces::lfs_store_of_repository(repository).objects_dir(), ec)) continue;
    std::string id = space.id;
    deploys.submit(
        id, "LFS garbage collection of " + id,
        [repository, id] {
          auto report = spaces::collect_lfs_garbage(repository);
          if (report.removed > 0) {
            std::cerr << "berth serve: " << id << ": removed " << report.removed
                      << " unreferenced LFS objects (" << report.freed_bytes << " bytes)\n";
          }
        },
        spaces::DeployQueue::JobKind::kOther);
  }
}

SpacesServer::SpacesServer(const ServeOptions& options)
    : parts_(std::make_unique<Parts>(options, stopping_)),
      engine_(options.engine),
      sleep_check_(options.sleep.check_interval),
      sweep_every_(kInstanceSweep) {
  fs::create_directories(options.root / "spaces");
  // Containers exiting and the CLI's Space changes (create, rm, restart) are announced
  // (runtime/root_events): the Spaces and the Host directory are checked at once then, and
  // otherwise only in a slow sweep that catches what no one announced (a container killed
  // with its shim, a Space created by an older berth). The sleeper and the young-deploy
  // probe say when they are next due, and a Space that begins to serve interrupts the wait,
  // so an idle server sleeps until its next deadline: no wake-up in between. Set up here,
  // before run() starts deploys that set routes and before stop() may read events_.
  try {
    events_ = std::make_shared<runtime::RootEventListener>(engine_.run_dir, engine_.root);
    parts_->routes.on_serve([this, events = events_] {
      began_serving_ = true;
      events->interrupt();
    });
    parts_->lifecycle.on_sleep_time_changed([this, events = events_] {
      sleep_time_changed_ = true;
      events->interrupt();
    });
  } catch (const Error& e) {
    sweep_every_ = std::chrono::seconds(2);
    std::cerr << "berth serve: no exit announcements (" << e.what()
              << "); checking the Spaces every 2 s\n";
  }
}

SpacesServer::~SpacesServer() {
  stop();
  if (maintenance_.joinable()) maintenance_.join();
}

uint16_t SpacesServer::port() const {
  return parts_->http.port();
}

void SpacesServer::run() {
  // Deploys a killed server left half-done go again, from the commit that was pushed.
  for (const auto& interrupted : parts_->deployer.recover()) {
    auto& deployer = parts_->deployer;
    auto repo = spaces::repository_of(parts_->context.spaces_dir, interrupted.space);
    std::string id = interrupted.space.id, commit = interrupted.commit;
    parts_->deploys.submit(
        id, "redeploy of " + id + " at " + commit, [&deployer, repo, id, commit] {
          deployer.deploy(id, commit,
                          [&](const fs::path& into) { spaces::export_tree(repo, commit, into); });
        });
  }
  parts_->context.refresh_directory();
  maintenance_ = std::thread([this] { maintain(events_, sweep_every_); });
  parts_->http.run();
}

void SpacesServer::maintain(std::shared_ptr<runtime::RootEventListener> events,
                            std::chrono::milliseconds sweep_every) {
  using clock = std::chrono::steady_clock;
  const auto never = clock::time_point::max();
  auto next_sweep = clock::now() + sweep_every;
  auto next_directory = next_sweep;
  auto next_sleep_check = clock::now() + sleep_check_;
  auto next_young_probe = clock::now() + kYoungDeployProbe;
  auto next_lfs_collection = clock::now() + kLfsCollection;
  while (!stopping_) {
    auto due = std::min(
        {next_sweep, next_directory, next_sleep_check, next_young_probe, next_lfs_collection});
    auto timeout = std::chrono::ceil<std::chrono::milliseconds>(
        std::max(due - clock::now(), clock::duration::zero()));
    bool announced = false;
    if (events) {
      auto messages = events->wait(timeout);
      announced = !messages.empty();
      redeploy_announced_changes(messages);
    } else {  // no one can interrupt: a short sleep keeps stop() prompt
      std::this_thread::sleep_for(
          std::min<std::chrono::milliseconds>(timeout, std::chrono::milliseconds(500)));
    }
    if (stopping_) break;
    auto now = clock::now();
    if (began_serving_.exchange(false)) {  // its sleep and first-minute probes are due later
      next_sleep_check = now;
      next_young_probe = std::min(next_young_probe, now + kYoungDeployProbe);
    }
    // A sleep time set here (the API) or by the CLI (announced) may make a sleep due sooner.
    if (sleep_time_changed_.exchange(false) || announced) next_sleep_check = now;
    try {
      if (announced || now >= next_sweep) {
        // A Space a deploy held was not looked at: an exit announced meanwhile is not lost.
        bool all_checked = parts_->deployer.check_instances();
        next_sweep = clock::now() + (all_checked ? sweep_every : std::chrono::seconds(1));
      }
      if (announced || now >= next_directory) {
        parts_->context.refresh_directory();
        next_directory = clock::now() + sweep_every;
      }
      if (now >= next_sleep_check) {
        // Between the check interval (the sleep time's precision) and the sweep (a safety net
        // for what no one announced), converted from the wall clock the sleeper keeps.
        auto wall_due = parts_->lifecycle.tick();
        auto wall_now = std::chrono::system_clock::now();
        auto wait = wall_due == std::chrono::system_clock::time_point::max()
                        ? std::chrono::duration_cast<clock::duration>(sweep_every)
                        : std::chrono::duration_cast<clock::duration>(wall_due - wall_now);
        next_sleep_check =
            clock::now() + std::clamp<clock::duration>(wait, sleep_check_, sweep_every);
      }
      if (now >= next_young_probe) {
        bool watching = parts_->deployer.probe_young_deploys();
        next_young_probe = watching ? clock::now() + kYoungDeployProbe : never;
      }
      if (now >= next_lfs_collection) {
        parts_->queue_lfs_collection();
        next_lfs_collection = clock::now() + kLfsCollection;
      }
    } catch (const std::exception& e) {
      std::cerr << "berth serve: checking Spaces: " << e.what() << "\n";
    }
  }
}

void SpacesServer::redeploy_announced_changes(const std::vector<std::string>& messages) {
  std::set<std::string> changed;  // several changes of one Space: one redeploy
  for (const auto& message : messages) {
    if (message.starts_with(spaces::kSettingsChangedAnnouncement)) {
      changed.insert(message.substr(spaces::kSettingsChangedAnnouncement.size()));
    }
  }
  for (const auto& id : changed) {
    try {
      redeploy_after_settings_change(parts_->context, id);
    } catch (const NotFoundError&) {
      // A hint about a Space that is gone (or never was): nothing to redeploy.
    }
  }
}

void SpacesServer::stop() {
  if (stopping_.exchange(true)) return;
  if (events_) events_->interrupt();
  parts_->http.stop();
  // Deploys finish their current step: a half-made container would only be cleaned up later.
  parts_->deploys.wait_idle();
}

}  // namespace berth::server
