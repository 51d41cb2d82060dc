#include "server/api/hub_api.hpp"

#include <chrono>
#include <thread>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/time_format.hpp"
#include "server/api/api_support.hpp"
#include "server/api/log_follower.hpp"
#include "server/api/repo_revision.hpp"
#include "server/api/run_log_follower.hpp"
#include "server/api/space_runtime.hpp"
#include "server/http/query.hpp"
#include "spaces/git/git_refs.hpp"
#include "spaces/hardware.hpp"
#include "spaces/hub_names.hpp"
#include "spaces/space_admin.hpp"
#include "spaces/space_log.hpp"

namespace berth::server {

HubApi::HubApi(ServerContext& context) : ctx_(context) {}

HubApi::~HubApi() = default;

void HubApi::add_area(std::unique_ptr<ApiArea> area) {
  areas_.push_back(std::move(area));
}

void HubApi::handle(Exchange& ex) {
  try {
    if (!dispatch(ex)) {
      ex.respond_error(http::status::not_found,
                       "Sorry, we can't find the page you are looking for: " +
                           std::string(ex.request().method_string()) + " " +
                           std::string(ex.path()));
    }
  } catch (const ApiError& e) {
    respond_api_error(ex, e);
  } catch (const spaces::SpaceExistsError& e) {
    std::string host(ex.request()[http::field::host]);
    ex.respond(http::status::conflict, "application/json",
               Json{{"error", std::string(spaces::SpaceExistsError::kHubMessage)},
                    {"url", "http://" + host + "/spaces/" + e.space_id()}}
                   .dump());
  } catch (const InvalidArgumentError& e) {
    ex.respond_error(http::status::bad_request, e.what());
  } catch (const NotFoundError& e) {
    ex.respond_error(http::status::not_found, e.what());
  } catch (const ConflictError& e) {
    ex.respond_error(http::status::conflict, e.what());
  }
}

bool HubApi::dispatch(Exchange& ex) {
  std::string_view path = ex.path();
  auto method = ex.request().method();
  if (path == "/api/whoami-v2" && method == http::verb::get) return whoami(ex), true;
  if (path == "/api/repos/create" && method == http::verb::post) return create_repo(ex), true;
  if (path == "/api/repos/delete" && method == http::verb::delete_) return delete_repo(ex), true;
  if (path == "/api/spaces" && method == http::verb::get) return list_spaces(ex), true;
  if (path == "/api/spaces/hardware" && method == http::verb::get) return hardware(ex), true;
  if (path.starts_with("/api/spaces/")) {
    if (auto parts = split_space_path(path.substr(std::string_view("/api/spaces/").size()))) {
      auto who = ctx_.identify(ex);
      auto space = ctx_.db.with(
          [&](spaces::SpaceStore& s, spaces::UserStore&) { return s.find(parts->id); });
      // Unknown and private-to-someone-else look the same, as on the Hub.
      if (!space || !ServerContext::can_read(*space, who)) throw repo_not_found();
      if (handle_space(ex, *space, parts->rest)) return true;
      for (const auto& area : areas_) {
        if (area->handle_space(ex, *space, parts->rest)) return true;
      }
      return false;
    }
  }
  for (const auto& area : areas_) {
    if (area->handle_other(ex, path)) return true;
  }
  return false;
}

bool HubApi::handle_space(Exchange& ex, const spaces::SpaceRecord& space, std::string_view rest) {
  auto method = ex.request().method();
  // /revision/{rev} is RepoFilesApi's.
  if (rest.empty() && method == http::verb::get) return space_info(ex, space), true;
  if (rest == "/runtime" && method == http::verb::get) return runtime(ex, space), true;
  if (rest == "/logs/build" && method == http::verb::get) return stream_log(ex, space, true), true;
  if (rest == "/logs/run" && method == http::verb::get) return stream_log(ex, space, false), true;
  return false;
}

void HubApi::whoami(Exchange& ex) {
  auto who = require_identity(ctx_, ex);
  auto user = ctx_.db.with(
      [&](spaces::SpaceStore&, spaces::UserStore& users) { return users.find_user(who.user); });
  if (!user) throw ApiError{http::status::unauthorized, std::string(kInvalidCredentials)};
  ex.respond_json(http::status::ok,
                  Json{{"type", "user"},
                       {"id", user->id},
                       {"name", user->name},
                       {"fullname", user->name},
                       {"isPro", false},
                       {"orgs", Json::array()},
                       {"auth",
                        {{"type", "access_token"},
                         {"accessToken", {{"displayName", who.token_name}, {"role", who.role}}}}}});
}

void HubApi::create_repo(Exchange& ex) {
  auto who = require_identity(ctx_, ex);
  Json body = parse_body(ex);
  auto type = field<std::string>(body, "type").value_or("model");
  if (type != "space") {
    throw ApiError{http::status::bad_request,
                   "Berth hosts Spaces only: \"type\" must be \"space\", not \"" + type + "\""};
  }
  spaces::SpaceCreateRequest request;
  auto name = field<std::string>(body, "name");
  if (!name || name->empty()) throw ApiError{http::status::bad_request, "\"name\" is required"};
  request.name = *name;
  request.owner = field<std::string>(body, "organization").value_or(who.user);
  if (!spaces::same_name(request.owner, who.user)) {
    throw ApiError{http::status::forbidden,
                   "You don't have the rights to create a space under the namespace \"" +
                       request.owner + "\""};
  }
  if (!who.can_write()) {
    throw ApiError{http::status::forbidden,
                   "This token has read access only; a write token is needed"};
  }
  request.owner = who.user;
  auto sdk = field<std::string>(body, "sdk").value_or("docker");
  if (sdk != "docker") {
    throw ApiError{
        http::status::bad_request,
        "sdk \"" + sdk + "\" is not supported: Berth runs Docker Spaces only (sdk: docker)"};
  }
  if (auto visibility = field<std::string>(body, "visibility")) {
    if (*visibility != "public" && *visibility != "private") {
      throw ApiError{http::status::bad_request, "\"visibility\" must be \"public\" or \"private\""};
    }
    request.is_private = *visibility == "private";
  }
  if (auto is_private = field<bool>(body, "private")) request.is_private = *is_private;
  if (auto hw = field<std::string>(body, "hardware")) request.hardware = *hw;
  request.sleep_time_seconds = field<int64_t>(body, "sleepTimeSeconds");
  // huggingface_hub's create_repo(space_storage=…) sends "storageTier".
  request.storage = field<std::string>(body, "storageTier");
  if (!request.storage) request.storage = field<std::string>(body, "storage");
  request.variables = key_values(body, "variables");
  request.secrets = key_values(body, "secrets");
  auto space = spaces::create_space(ctx_.db, ctx_.spaces_dir, request);
  ctx_.refresh_directory();
  std::string host(ex.request()[http::field::host]);
  ex.respond_json(http::status::ok, Json{{"url", "http://" + host + "/spaces/" + space.id},
                                         {"name", space.id},
                                         {"id", space.id}});
}

void HubApi::delete_repo(Exchange& ex) {
  auto who = require_identity(ctx_, ex);
  Json body = parse_body(ex);
  auto name = field<std::string>(body, "name");
  if (!name || name->empty()) throw ApiError{http::status::bad_request, "\"name\" is required"};
  std::string owner = field<std::string>(body, "organization").value_or(who.user);
  std::string id = owner + "/" + *name;
  auto space = ctx_.db.with([&](spaces::SpaceStore& s, spaces::UserStore&) { return s.find(id); });
  if (!space || !ServerContext::can_read(*space, who)) throw repo_not_found();
  if (!spaces::same_name(space->owner, who.user) || !who.can_write()) {
    throw ApiError{http::status::forbidden, "You don't have the rights to delete " + space->id};
  }
  spaces::delete_space(ctx_.db, ctx_.deployer, space->id);
  ctx_.refresh_directory();
  ex.respond(http::status::ok, "text/plain", "");
}

Json HubApi::summary_json(const spaces::SpaceRecord& space) {
  // Read from the ref files, no git started: list_spaces asks this of every Space.
  auto sha = spaces::default_branch_head(space_repository(ctx_, space));
  return Json{{"_id", space.id},
              {"id", space.id},
              {"author", space.owner},
              {"private", space.is_private},
              {"sdk", "docker"},
              {"likes", 0},
              {"tags", Json::array({"docker"})},
              {"createdAt", space.created},
              {"lastModified", space.last_modified},
              // The head of main, as on the Hub; what serves is the runtime's business.
              {"sha", sha ? Json(*sha) : Json()}};
}

void HubApi::list_spaces(Exchange& ex) {
  auto params = parse_query(ex.query());
  spaces::SpaceFilter filter;
  filter.previews = false;  // GET /api/spaces/{id}/previews lists those
  if (auto it = params.find("author"); it != params.end()) filter.author = it->second;
  if (auto it = params.find("search"); it != params.end()) filter.search = it->second;
  if (auto it = params.find("limit"); it != params.end()) {
    try {
      size_t used = 0;
      filter.limit = std::stoll(it->second, &used);
      if (used != it->second.size() || *filter.limit < 0) throw std::invalid_argument("limit");
    } catch (const std::exception&) {
      throw ApiError{http::status::bad_request, "\"limit\" must be a non-negative integer"};
    }
  }
  auto who = ctx_.identify(ex);
  filter.visible_to = who ? who->user : "";
  auto list =
      ctx_.db.with([&](spaces::SpaceStore& s, spaces::UserStore&) { return s.list(filter); });
  Json out = Json::array();
  for (const auto& space : list) out.push_back(summary_json(space));
  ex.respond_json(http::status::ok, out);
}

void HubApi::hardware(Exchange& ex) {
  Json out = Json::array();
  for (const auto& spec : spaces::flavor_specs()) {
    // An object or null, as huggingface_hub's JobHardwareInfo reads it.
    Json accelerator;
    if (!spec.gpu_model.empty()) {
      accelerator = {{"type", "gpu"},
                     {"model", std::string(spec.gpu_model)},
                     {"quantity", "1"},
                     {"vram", std::to_string(spec.gpu_vram_gb) + " GB"},
                     {"manufacturer", "Nvidia"}};
    }
    out.push_back({{"name", spec.name},
                   {"prettyName", spec.pretty_name},
                   {"cpu", std::to_string(spec.cpus) + " vCPU"},
                   {"ram", std::to_string(spec.memory_gib) + " GB"},
                   {"ephemeralStorage", std::to_string(spec.disk_gib) + " GB"},
                   {"accelerator", accelerator},
                   {"unitCostMicroUSD", 0},
                   {"unitCostUSD", 0},
                   {"unitLabel", "hour"},
                   {"available", spec.accelerator.empty()}});
  }
  ex.respond_json(http::status::ok, out);
}

Json HubApi::runtime_json(const spaces::SpaceRecord& space) {
  return space_runtime_json(ctx_, space);
}

Json HubApi::space_info_json(const spaces::SpaceRecord& space) {
  Json out = summary_json(space);
  out["subdomain"] = space.subdomain;
  out["host"] = ctx_.space_url(space);
  out["disabled"] = false;
  out["gated"] = false;
  out["runtime"] = runtime_json(space);
  Json card = {{"sdk", "docker"}};
  if (space.deployed) {
    card["app_port"] = space.deployed->app_port;
    if (!space.deployed->title.empty()) card["title"] = space.deployed->title;
  }
  // What the last deploy read from the README header, as the Hub's cardData has it.
  const std::pair<const char*, const std::string*> card_fields[] = {
      {"title", &space.card.title},
      {"emoji", &space.card.emoji},
      {"colorFrom", &space.card.color_from},
      {"colorTo", &space.card.color_to},
      {"short_description", &space.card.short_description}};
  for (const auto& [key, value] : card_fields) {
    if (!value->empty()) card[key] = *value;
  }
  out["cardData"] = card;
  return out;
}

void HubApi::space_info(Exchange& ex, const spaces::SpaceRecord& space) {
  Json out = space_info_json(space);
  auto sha = out["sha"].is_string() ? std::optional<std::string>(out["sha"].get<std::string>())
                                    : std::nullopt;
  add_revision_info(out, space_repository(ctx_, space), sha,
                    query_flag(parse_query(ex.query()), "blobs"));
  ex.respond_json(http::status::ok, out);
}

void HubApi::runtime(Exchange& ex, const spaces::SpaceRecord& space) {
  ex.respond_json(http::status::ok, runtime_json(space));
}

void HubApi::stream_log(Exchange& ex, const spaces::SpaceRecord& space, bool build) {
  // The build log is one file per Space; the run log is each new instance's (a restart, a
  // deploy or a wake starts another container), followed as the Space moves on.
  std::unique_ptr<LogFollower> build_log;
  std::unique_ptr<RunLogFollower> run_log;
  if (build) {
    build_log = std::make_unique<LogFollower>(ctx_.deployer.build_log_path(space.id));
  } else {
    run_log = std::make_unique<RunLogFollower>(ctx_, space.id);
  }
  ResponseHeader header;
  header.result(http::status::ok);
  header.version(ex.request().version());
  header.set(http::field::content_type, "text/event-stream");
  header.set(http::field::cache_control, "no-cache");
  ex.begin_stream(std::move(header));
  // `?follow=false` (or 0): the history only, so a client that asks for what is there now is
  // not kept waiting for its read timeout. By default the stream follows, as the Hub's does.
  auto params = parse_query(ex.query());
  auto follow_param = params.find("follow");
  const bool follow = follow_param == params.end() ||
                      (follow_param->second != "false" && follow_param->second != "0");
  auto last_write = std::chrono::steady_clock::now();
  // History, then follow until the client leaves (a write fails) or the server stops.
  while (!ctx_.stopping) {
    auto batch = build ? build_log->read() : run_log->read();
    std::string events;
    for (const auto& line : batch.lines) {
      const std::string data = space_log_event_data(line, build);
      events += "data: " + data + "\n\n";
    }
    if (!events.empty()) {
      ex.write_chunk(events);
      last_write = std::chrono::steady_clock::now();
    } else if (std::chrono::steady_clock::now() - last_write > std::chrono::seconds(15)) {
      ex.write_chunk(": keep-alive\n\n");  // also how a departed client is noticed
      last_write = std::chrono::steady_clock::now();
    }
    if (!batch.more && !follow) break;
    if (!batch.more) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ex.end_stream();
}

}  // namespace berth::server
