#include "server/lfs/lfs_endpoint.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <vector>

#include "base/error.hpp"
#include "base/unique_fd.hpp"
#include "server/http/query.hpp"
#include "server/lfs/lfs_batch.hpp"
#include "spaces/hub_names.hpp"
#include "spaces/lfs_object_store.hpp"
#include "spaces/space_admin.hpp"

namespace berth::server {

namespace {

constexpr std::string_view kLfsJson = "application/vnd.git-lfs+json";
constexpr std::string_view kActionScheme = "Berth-LFS ";

struct LfsPath {
  std::string space_id;
  std::string rest;  // after /info/lfs: "/objects/batch", "/objects/<oid>", "/verify", …
};

std::optional<LfsPath> parse_lfs_path(std::string_view path) {
  if (!path.starts_with("/spaces/")) return std::nullopt;
  std::string_view rest = path.substr(std::string_view("/spaces/").size());
  auto slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto end = rest.find('/', slash + 1);
  if (end == std::string_view::npos) return std::nullopt;
  std::string_view name = rest.substr(slash + 1, end - slash - 1);
  if (name.ends_with(".git")) name.remove_suffix(4);
  std::string_view in_repo = rest.substr(end);
  if (!in_repo.starts_with("/info/lfs/") && in_repo != "/info/lfs") return std::nullopt;
  return LfsPath{std::string(rest.substr(0, slash)) + "/" + std::string(name),
                 std::string(in_repo.substr(std::string_view("/info/lfs").size()))};
}

// git-lfs reads {"message"}; huggingface_hub shows {"error"}.
void respond_lfs_error(Exchange& ex, http::status status, const std::string& message,
                       const std::vector<std::pair<std::string, std::string>>& extra = {}) {
  ex.respond(status, kLfsJson, Json{{"message", message}, {"error", message}}.dump(), extra);
}

void challenge(Exchange& ex) {
  respond_lfs_error(ex, http::status::unauthorized, "Authentication required",
                    {{"LFS-Authenticate", "Basic realm=\"Berth\""},
                     {"WWW-Authenticate", "Basic realm=\"Berth\""}});
}

std::optional<std::uint64_t> parse_count(std::string_view text) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::string origin_of(const Exchange& ex) {
  return "http://" + std::string(ex.request()[http::field::host]);
}

}  // namespace

struct LfsEndpoint::Target {
  spaces::SpaceRecord space;
  std::optional<spaces::Identity> who;
  spaces::LfsObjectStore store;

  bool readable() const { return ServerContext::can_read(space, who); }
  bool writable() const {
    return who && spaces::same_name(who->user, space.owner) && who->can_write();
  }
};

bool LfsEndpoint::handle(Exchange& ex) {
  auto path = parse_lfs_path(ex.path());
  if (!path) return false;
  auto space = ctx_.db.with(
      [&](spaces::SpaceStore& s, spaces::UserStore&) { return s.find(path->space_id); });
  std::optional<spaces::Identity> who;
  auto authorization = ex.request()[http::field::authorization];
  // A signed action is no user's token: it is checked by the handler that accepts it.
  if (!authorization.starts_with(kActionScheme)) who = ctx_.identify(ex);
  if (!space) {
    if (!who) return challenge(ex), true;
    respond_lfs_error(ex, http::status::not_found, "Repository not found");
    return true;
  }
  Target target{
      *space, who,
      spaces::LfsObjectStore(spaces::repository_of(ctx_.spaces_dir, *space).parent_path())};
  auto method = ex.request().method();
  const std::string& rest = path->rest;
  try {
    if (rest == "/objects/batch" && method == http::verb::post) {
      batch(ex, target);
    } else if (rest.starts_with("/objects/") && rest.size() == 9 + 64 &&
               (method == http::verb::put || method == http::verb::get ||
                method == http::verb::head)) {
      std::string oid = rest.substr(9);
      if (!spaces::is_lfs_oid(oid)) {
        respond_lfs_error(ex, http::status::not_found, "Object does not exist");
      } else if (method == http::verb::put) {
        upload(ex, target, oid);
      } else {
        download(ex, target, oid);
      }
    } else if (rest == "/verify" && method == http::verb::post) {
      verify(ex, target);
    } else if (rest.starts_with("/locks")) {
      if (!target.readable()) {
        respond_lfs_error(ex, http::status::not_found, "Repository not found");
      } else {
        respond_lfs_error(ex, http::status::not_implemented,
                          "Git LFS file locking is not supported yet");
      }
    } else {
      respond_lfs_error(ex, http::status::not_found, "Not found");
    }
  } catch (const PayloadTooLarge&) {
    throw;
  } catch (const spaces::LfsContentError& e) {
    respond_lfs_error(ex, http::status::bad_request, e.what());
  }
  return true;
}

bool LfsEndpoint::has_action(const Exchange& ex, const Target& target, std::string_view operation,
                             const std::string& oid, std::uint64_t size) const {
  LfsAction action{std::string(operation), target.space.id, oid, size};
  auto now = std::chrono::system_clock::now();
  auto authorization = ex.request()[http::field::authorization];
  if (authorization.starts_with(kActionScheme) &&
      signer_.verify(action, authorization.substr(kActionScheme.size()), now)) {
    return true;
  }
  auto query = parse_query(ex.query());
  auto token = query.find("token");
  return token != query.end() && signer_.verify(action, token->second, now);
}

void LfsEndpoint::batch(Exchange& ex, const Target& target) {
  if (!target.readable()) {
    if (!target.who) return challenge(ex);
    return respond_lfs_error(ex, http::status::not_found, "Repository not found");
  }
  std::string body = ex.read_body_all(kMaxBatchBody);
  LfsBatchRequest request;
  try {
    request = parse_lfs_batch_request(body);
  } catch (const LfsBatchError& e) {
    return respond_lfs_error(ex, static_cast<http::status>(e.status), e.message);
  }
  if (request.operation == "upload" && !target.writable()) {
    if (!target.who) return challenge(ex);
    return respond_lfs_error(
        ex, http::status::forbidden,
        target.who->can_write() || !spaces::same_name(target.who->user, target.space.owner)
            ? "You are not allowed to push to " + target.space.id
            : "This token has read access only; uploading needs a write token");
  }
  std::string origin = origin_of(ex);
  auto now = std::chrono::system_clock::now();
  auto link = [&](std::string_view action, const std::string& oid, std::uint64_t size) {
    std::string token = signer_.sign({std::string(action), target.space.id, oid, size}, now);
    std::string base = origin + "/spaces/" + target.space.id + ".git/info/lfs";
    std::string href = action == "verify" ? base + "/verify?token=" + token
                                          : base + "/objects/" + oid +
                                                "?size=" + std::to_string(size) + "&token=" + token;
    return Json{{"href", href},
                {"header", {{"Authorization", std::string(kActionScheme) + token}}},
                {"expires_in", LfsActionSigner::kLifetime.count()}};
  };
  Json response;
  try {
    response = lfs_batch_response(request, target.store, link, ctx_.lfs_quota_bytes);
  } catch (const LfsBatchError& e) {
    return respond_lfs_error(ex, static_cast<http::status>(e.status), e.message);
  }
  ex.respond(http::status::ok, kLfsJson, response.dump());
}

void LfsEndpoint::upload(Exchange& ex, const Target& target, const std::string& oid) {
  auto query = parse_query(ex.query());
  auto size_param = query.find("size");
  auto size = size_param == query.end() ? std::nullopt : parse_count(size_param->second);
  if (!size || !has_action(ex, target, "upload", oid, *size)) {
    return respond_lfs_error(ex, http::status::unauthorized,
                             "This upload link is invalid or expired: ask the batch API again");
  }
  if (auto length = ex.parser().content_length(); length && *length != *size) {
    return respond_lfs_error(ex, http::status::bad_request,
                             "Content-Length " + std::to_string(*length) +
                                 " is not the object's size " + std::to_string(*size));
  }
  if (target.store.size_of(oid) == *size) {
    // Already here (another upload won): the body is not needed.
    ex.respond(http::status::ok, "text/plain", "");
    return;
  }
  // The batch answer checked the quota, but uploads of several batches may run at once.
  if (auto over = lfs_quota_exceeded(target.store.used_bytes(), *size, ctx_.lfs_quota_bytes)) {
    return respond_lfs_error(ex, http::status::insufficient_storage, *over);
  }
  auto writer = target.store.begin_write(oid, *size);
  std::vector<char> buffer(1 << 16);
  while (std::size_t n = ex.read_body(buffer.data(), buffer.size())) {
    writer->write(std::string_view(buffer.data(), n));
  }
  writer->commit();
  ex.respond(http::status::ok, "text/plain", "");
}

void LfsEndpoint::download(Exchange& ex, const Target& target, const std::string& oid) {
  auto stored = target.store.size_of(oid);
  bool allowed = target.readable() || (stored && has_action(ex, target, "download", oid, *stored));
  if (!allowed) {
    if (!target.who) return challenge(ex);
    return respond_lfs_error(ex, http::status::not_found, "Repository not found");
  }
  if (!stored) return respond_lfs_error(ex, http::status::not_found, "Object does not exist");
  UniqueFd fd(::open(target.store.path_of(oid).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd.valid()) return respond_lfs_error(ex, http::status::not_found, "Object does not exist");
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw_errno("stat LFS object " + oid);
  ResponseHeader header;
  header.result(http::status::ok);
  header.version(ex.request().version());
  header.set(http::field::content_type, "application/octet-stream");
  header.set(http::field::content_length, std::to_string(st.st_size));
  ex.begin_stream(std::move(header));
  std::vector<char> buffer(1 << 16);
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno("read LFS object " + oid);
    if (n == 0) break;
    ex.write_chunk(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
  }
  ex.end_stream();
}

void LfsEndpoint::verify(Exchange& ex, const Target& target) {
  Json body = Json::parse(ex.read_body_all(4096), nullptr, false);
  std::string oid;
  std::int64_t size = -1;
  if (body.is_object()) {
    if (auto it = body.find("oid"); it != body.end() && it->is_string()) {
      oid = it->get<std::string>();
    }
    if (auto it = body.find("size"); it != body.end() && it->is_number_integer()) {
      size = it->get<std::int64_t>();
    }
  }
  if (!spaces::is_lfs_oid(oid) || size < 0) {
    return respond_lfs_error(ex, http::status::unprocessable_entity,
                             "verify needs {\"oid\": sha256, \"size\": bytes}");
  }
  auto usize = static_cast<std::uint64_t>(size);
  if (!target.writable() && !has_action(ex, target, "verify", oid, usize)) {
    if (!target.who) return challenge(ex);
    if (!target.readable()) {
      return respond_lfs_error(ex, http::status::not_found, "Repository not found");
    }
    return respond_lfs_error(ex, http::status::forbidden,
                             "You are not allowed to push to " + target.space.id);
  }
  if (target.store.size_of(oid) != usize) {
    return respond_lfs_error(
        ex, http::status::not_found,
        "Object " + oid + " of " + std::to_string(usize) + " bytes was not uploaded");
  }
  ex.respond(http::status::ok, kLfsJson, "{}");
}

}  // namespace berth::server
