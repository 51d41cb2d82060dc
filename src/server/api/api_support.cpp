#include "server/api/api_support.hpp"

#include "server/request_auth.hpp"
#include "spaces/hub_names.hpp"

namespace berth::server {

namespace {

// The media type of a Content-Type value, "application/json" in "Application/JSON; charset=utf-8".
bool is_json_content_type(std::string_view content_type) {
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && (media.front() == ' ' || media.front() == '\t')) media.remove_prefix(1);
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.remove_suffix(1);
  return beast::iequals(media, "application/json");
}

// A header value holds no line break or other control character.
std::string header_safe(std::string_view text) {
  std::string out;
  for (char c : text) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
  return out;
}

}  // namespace

ApiError repo_not_found() {
  return ApiError{http::status::not_found, std::string(kRepoNotFound), "RepoNotFound"};
}

void respond_api_error(Exchange& ex, const ApiError& error) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!error.error_code.empty()) {
    headers.emplace_back("X-Error-Code", error.error_code);
    headers.emplace_back("X-Error-Message", header_safe(error.message));
  }
  ex.respond(error.status, "application/json", Json{{"error", error.message}}.dump(), headers);
}

spaces::Identity require_identity(ServerContext& ctx, const Exchange& ex) {
  if (auto who = ctx.identify(ex)) return *who;
  if (ServerContext::cookie_not_accepted(ex.request())) {
    throw ApiError{http::status::unauthorized,
                   "The token cookie authenticates GET and HEAD requests only: send " +
                       std::string(ex.request().method_string()) +
                       " requests with the token in an Authorization header"};
  }
  if (!presented_credential(ex.request()) && !is_safe_method(ex.request().method()) &&
      ctx.web_session(ex.request())) {
    throw ApiError{http::status::forbidden,
                   "A web session's " + std::string(ex.request().method_string()) +
                       " request must carry the page's CSRF token in " + std::string(kCsrfHeader)};
  }
  throw ApiError{http::status::unauthorized, std::string(kInvalidCredentials)};
}

spaces::Identity require_owner(ServerContext& ctx, const Exchange& ex,
                               const spaces::SpaceRecord& space, std::string_view action) {
  auto who = require_identity(ctx, ex);
  if (!spaces::same_name(who.user, space.owner) || !who.can_write()) {
    throw ApiError{http::status::forbidden,
                   "You don't have the rights to " + std::string(action) + " " + space.id};
  }
  return who;
}

// Hub clients send their JSON as application/json (huggingface_hub's json=, huggingface.js's
// explicit header). A form or text/plain body, which any site's page can make a browser send
// without asking, is refused before it is read.
Json parse_body(Exchange& ex) {
  if (!is_json_content_type(ex.request()[http::field::content_type])) {
    throw ApiError{http::status::unsupported_media_type,
                   "Content-Type must be application/json, not \"" +
                       std::string(ex.request()[http::field::content_type]) + "\""};
  }
  std::string body = ex.read_body_all(1 << 20);
  Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded()) throw ApiError{http::status::bad_request, "Invalid JSON in request body"};
  if (!j.is_object()) {
    throw ApiError{http::status::bad_request, "Request body must be a JSON object"};
  }
  return j;
}

std::vector<std::pair<std::string, std::string>> key_values(const Json& body, const char* name) {
  std::vector<std::pair<std::string, std::string>> out;
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array()) {
    throw ApiError{http::status::bad_request, std::string("\"") + name + "\" must be a list"};
  }
  for (const auto& item : *it) {
    if (!item.is_object() || !item.contains("key") || !item["key"].is_string() ||
        (item.contains("value") && !item["value"].is_string())) {
      throw ApiError{http::status::bad_request,
                     std::string("each of \"") + name + "\" must be {\"key\": …, \"value\": …}"};
    }
    out.emplace_back(item["key"].get<std::string>(), item.value("value", ""));
  }
  return out;
}

std::optional<SpacePath> split_space_path(std::string_view path) {
  auto slash = path.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto second = path.find('/', slash + 1);
  SpacePath out;
  out.id = std::string(path.substr(0, second));
  if (second != std::string_view::npos) out.rest = std::string(path.substr(second));
  return out;
}

}  // namespace berth::server
