#pragma once
// What every handler of the Hub API shares: the errors it answers on purpose (with the Hub's
// X-Error-Code and X-Error-Message headers), who is calling, and reading JSON bodies.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.hpp"
#include "base/json.hpp"
#include "server/server_context.hpp"

namespace berth::server {

// An answer the API gives on purpose: a status, the Hub's {"error": …} and, where the Hub
// sends one, its error code (huggingface_hub turns RepoNotFound, RevisionNotFound and
// EntryNotFound into its own exception types by this header).
// An Error too, so one thrown where no API handler catches it is still reported, never fatal.
struct ApiError : Error {
  ApiError(http::status status, std::string message, std::string error_code = {})
      : Error(message),
        status(status),
        message(std::move(message)),
        error_code(std::move(error_code)) {}

  http::status status;
  std::string message;
  std::string error_code;
};

inline constexpr std::string_view kRepoNotFound = "Repository not found";
inline constexpr std::string_view kInvalidCredentials =
    "Invalid credentials in Authorization header";

// 404 for a Space that does not exist or that the caller may not see: the same, as on the Hub.
ApiError repo_not_found();

// Sends `error` as the Hub does.
void respond_api_error(Exchange& ex, const ApiError& error);

// The caller, or 401 with the Hub's wording; a cookie that did not count says why.
spaces::Identity require_identity(ServerContext& ctx, const Exchange& ex);

// The caller when they own `space` with a write token; 403 naming `action` otherwise.
spaces::Identity require_owner(ServerContext& ctx, const Exchange& ex,
                               const spaces::SpaceRecord& space, std::string_view action);

// The request's JSON object body (application/json only, at most 1 MiB); 4xx otherwise.
Json parse_body(Exchange& ex);

// A field of a JSON body, of the type the Hub documents; 400 naming it otherwise.
template <typename T>
std::optional<T> field(const Json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  try {
    return it->get<T>();
  } catch (const Json::exception&) {
    throw ApiError{http::status::bad_request, std::string("\"") + name + "\" has the wrong type"};
  }
}

// A list of {"key": …, "value": …} objects (secrets and variables in create and duplicate).
std::vector<std::pair<std::string, std::string>> key_values(const Json& body, const char* name);

// "/api/spaces/{owner}/{name}[/rest]" after the "/api/spaces/" prefix.
struct SpacePath {
  std::string id;
  std::string rest;  // "" or "/runtime", "/logs/build", …
};
std::optional<SpacePath> split_space_path(std::string_view path);

}  // namespace berth::server
