#include "registry/credentials.hpp"

#include <cstdlib>

#include "base/base64.hpp"
#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/json.hpp"
#include "base/process.hpp"

namespace berth::registry {

namespace fs = std::filesystem;

namespace {

// docker-credential-<helper> get, with the server on stdin: {"Username":…,"Secret":…}.
std::optional<Credentials> from_helper(const std::string& helper, const std::string& server) {
  std::string program = "docker-credential-" + helper;
  auto result = run_process({program, "get"}, {.stdin_data = server, .search_path = true});
  if (result.exit_code == 127) throw Error("credential helper " + program + " is not installed");
  if (result.exit_code != 0) {
    // Helpers say "credentials not found in native keychain" for an unknown server.
    if (result.output.find("credentials not found") != std::string::npos) return std::nullopt;
    throw Error(program + " get " + server + ": " + result.output);
  }
  try {
    Json j = Json::parse(result.output);
    return Credentials{j.value("Username", ""), j.value("Secret", "")};
  } catch (const Json::exception& e) {
    throw Error(program + " get " + server + ": its answer is not JSON: " + e.what());
  }
}

// Every auths key that names this registry: docker login writes the bare host, older ones
// "https://host/v1/", Docker Hub's is "https://index.docker.io/v1/".
std::vector<std::string> auth_keys(const Json& auths, const RegistryEndpoint& endpoint) {
  std::vector<std::string> keys;
  for (const auto& [key, entry] : auths.items()) {
    std::string_view host = key;
    if (host.starts_with("https://")) host.remove_prefix(8);
    if (host.starts_with("http://")) host.remove_prefix(7);
    host = host.substr(0, host.find('/'));
    bool hub = endpoint.domain == "docker.io" &&
               (host == "index.docker.io" || host == "docker.io" || host == "registry-1.docker.io");
    if (host == endpoint.domain || hub) keys.push_back(key);
  }
  return keys;
}

std::optional<Credentials> from_auths(const Json& auths, const RegistryEndpoint& endpoint,
                                      const fs::path& config) {
  for (const auto& key : auth_keys(auths, endpoint)) {
    const Json& entry = auths[key];
    if (!entry.is_object()) continue;
    if (entry.contains("auth") && entry["auth"].is_string()) {
      auto decoded = decode_base64(entry["auth"].get<std::string>());
      auto colon = decoded ? decoded->find(':') : std::string::npos;
      if (colon == std::string::npos) {
        throw Error(config.string() + ": the auth of " + key + " is not base64 of user:password");
      }
      return Credentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
    }
    if (entry.contains("username") && entry.contains("password")) {
      return Credentials{entry.value("username", ""), entry.value("password", "")};
    }
  }
  return std::nullopt;
}

Json read_config(const fs::path& config) {
  std::error_code ec;
  if (!fs::exists(config, ec)) return Json::object();
  Json j;
  try {
    j = Json::parse(read_file(config));
  } catch (const Json::exception& e) {
    throw Error(config.string() + ": not valid JSON: " + e.what());
  }
  if (!j.is_object()) throw Error(config.string() + ": not a JSON object");
  return j;
}

std::string creds_store(const Json& j) {
  auto store = j.find("credsStore");
  return store != j.end() && store->is_string() ? store->get<std::string>() : "";
}

void run_helper(const std::string& helper, const std::string& verb, const std::string& input) {
  std::string program = "docker-credential-" + helper;
  auto result = run_process({program, verb}, {.stdin_data = input, .search_path = true});
  if (result.exit_code == 127) throw Error("credential helper " + program + " is not installed");
  if (result.exit_code != 0) throw Error(program + " " + verb + ": " + result.output);
}

}  // namespace

std::string store_credentials(const RegistryEndpoint& endpoint, const Credentials& credentials,
                              const fs::path& config) {
  Json j = read_config(config);
  std::string helper = creds_store(j);
  if (!helper.empty()) {
    Json entry = {{"ServerURL", endpoint.config_key()},
                  {"Username", credentials.username},
                  {"Secret", credentials.password}};
    run_helper(helper, "store", entry.dump());
    return "";
  }
  if (!j.contains("auths") || !j["auths"].is_object()) j["auths"] = Json::object();
  for (const auto& key : auth_keys(j["auths"], endpoint)) j["auths"].erase(key);
  j["auths"][endpoint.config_key()] = {
      {"auth", encode_base64(credentials.username + ":" + credentials.password)}};
  ensure_directory(config.parent_path(), 0700);
  write_file_atomic(config, j.dump(1, '\t') + "\n", 0600);
  return config.string();
}

bool erase_credentials(const RegistryEndpoint& endpoint, const fs::path& config) {
  Json j = read_config(config);
  bool removed = false;
  if (std::string helper = creds_store(j); !helper.empty()) {
    try {
      run_helper(helper, "erase", endpoint.config_key());
      removed = true;
    } catch (const Error&) {
      // Not logged in with the helper; auths may still hold an older login.
    }
  }
  if (j.contains("auths") && j["auths"].is_object()) {
    for (const auto& key : auth_keys(j["auths"], endpoint)) {
      j["auths"].erase(key);
      removed = true;
    }
    if (removed) write_file_atomic(config, j.dump(1, '\t') + "\n", 0600);
  }
  return removed;
}

fs::path docker_config_path() {
  if (const char* dir = std::getenv("DOCKER_CONFIG"); dir && *dir)
    return fs::path(dir) / "config.json";
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : "/root") / ".docker" / "config.json";
}

std::optional<Credentials> find_credentials(const RegistryEndpoint& endpoint,
                                            const fs::path& config) {
  Json j = read_config(config);
  std::string server = endpoint.config_key();
  if (auto helpers = j.find("credHelpers"); helpers != j.end() && helpers->is_object()) {
    if (auto h = helpers->find(endpoint.domain); h != helpers->end() && h->is_string())
      return from_helper(h->get<std::string>(), server);
  }
  if (auto store = j.find("credsStore");
      store != j.end() && store->is_string() && !store->get<std::string>().empty()) {
    return from_helper(store->get<std::string>(), server);
  }
  if (auto auths = j.find("auths"); auths != j.end() && auths->is_object())
    return from_auths(*auths, endpoint, config);
  return std::nullopt;
}

}  // namespace berth::registry
