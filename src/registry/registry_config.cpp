#include "registry/registry_config.hpp"

#include <algorithm>
#include <cstdlib>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/json.hpp"

namespace berth::registry {

namespace fs = std::filesystem;

namespace {

Mirror parse_mirror(const Json& value, const std::string& where) {
  if (!value.is_string()) throw Error(where + ": a mirror is a URL string");
  std::string url = value.get<std::string>();
  Mirror m;
  if (url.starts_with("https://")) {
    url.erase(0, 8);
  } else if (url.starts_with("http://")) {
    url.erase(0, 7);
    m.plain_http = true;
  } else {
    throw Error(where + ": mirror \"" + url + "\" must start with https:// or http://");
  }
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (url.empty() || url.find('/') != std::string::npos) {
    throw Error(where + ": mirror \"" + value.get<std::string>() +
                "\" must name a host (and port), not a path");
  }
  m.host = url;
  return m;
}

std::vector<Mirror> parse_mirrors(const Json& list, const std::string& where) {
  if (!list.is_array()) throw Error(where + ": expected a list of URLs");
  std::vector<Mirror> out;
  for (const auto& v : list) out.push_back(parse_mirror(v, where));
  return out;
}

}  // namespace

fs::path RegistryConfig::default_path() {
  if (const char* p = std::getenv("BERTH_REGISTRY_CONFIG"); p && *p) return p;
  return "/etc/berth/registries.json";
}

RegistryConfig RegistryConfig::load(const fs::path& file) {
  RegistryConfig config;
  std::error_code ec;
  if (!fs::exists(file, ec)) return config;
  Json j;
  try {
    j = Json::parse(read_file(file));
  } catch (const Json::exception& e) {
    throw Error(file.string() + ": not valid JSON: " + e.what());
  }
  if (!j.is_object()) throw Error(file.string() + ": expected a JSON object");
  for (const auto& [key, value] : j.items()) {
    std::string where = file.string() + ": " + key;
    if (key == "registry-mirrors") {
      auto& hub = config.mirrors["docker.io"];
      for (auto& m : parse_mirrors(value, where)) hub.push_back(m);
    } else if (key == "mirrors") {
      if (!value.is_object()) throw Error(where + ": expected {\"REGISTRY\": [URL, …]}");
      for (const auto& [registry, list] : value.items()) {
        auto& mirrors = config.mirrors[registry];
        for (auto& m : parse_mirrors(list, where + "." + registry)) mirrors.push_back(m);
      }
    } else if (key == "insecure-registries") {
      if (!value.is_array()) throw Error(where + ": expected a list of HOST[:PORT]");
      for (const auto& v : value) {
        if (!v.is_string()) throw Error(where + ": expected a list of HOST[:PORT]");
        config.insecure.push_back(v.get<std::string>());
      }
    } else {
      throw Error(where +
                  ": unknown setting (known: registry-mirrors, mirrors, "
                  "insecure-registries)");
    }
  }
  return config;
}

bool RegistryConfig::is_insecure(const std::string& host) const {
  return std::find(insecure.begin(), insecure.end(), host) != insecure.end();
}

}  // namespace berth::registry
