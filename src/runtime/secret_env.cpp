#include "runtime/secret_env.hpp"

#include <set>

#include "base/error.hpp"
#include "base/secret_box.hpp"

namespace berth::runtime {

namespace {

std::set<std::string> secret_names(const ContainerRequest& request) {
  std::set<std::string> names;
  auto it = request.labels.find(std::string(kSecretEnvLabel));
  if (it == request.labels.end()) return names;
  std::string_view list = it->second;
  while (!list.empty()) {
    auto comma = list.find(',');
    auto name = list.substr(0, comma);
    if (!name.empty()) names.emplace(name);
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  return names;
}

}  // namespace

void seal_secret_env(ContainerRequest& request, const std::filesystem::path& root) {
  auto names = secret_names(request);
  if (names.empty()) return;
  SecretBox box(root);
  std::vector<std::string> plain;
  std::set<std::string> sealed;
  for (auto& entry : request.env) {
    auto eq = entry.find('=');
    std::string name = entry.substr(0, eq);
    if (eq == std::string::npos || !names.count(name)) {
      plain.push_back(std::move(entry));
      continue;
    }
    request.sealed_env.push_back(name + "=" + box.seal(std::string_view(entry).substr(eq + 1)));
    sealed.insert(name);
  }
  request.env = std::move(plain);
  for (const auto& name : names) {
    if (!sealed.count(name)) {
      throw InvalidArgumentError(
          "label " + std::string(kSecretEnvLabel) + " names " + name + ", which no --env sets",
          125);
    }
  }
}

std::vector<std::string> open_secret_env(const ContainerRequest& request,
                                         const std::filesystem::path& root) {
  std::vector<std::string> out;
  if (request.sealed_env.empty()) return out;
  SecretBox box(root);
  for (const auto& entry : request.sealed_env) {
    auto eq = entry.find('=');
    if (eq == std::string::npos) throw Error("a sealed environment entry has no name");
    out.push_back(entry.substr(0, eq + 1) + box.open(std::string_view(entry).substr(eq + 1)));
  }
  return out;
}

}  // namespace berth::runtime
