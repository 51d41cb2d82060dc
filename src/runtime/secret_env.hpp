#pragma once
// Environment variables given as secrets (a Space's HF_TOKEN): named in the container's
// berth.secret_env label, their values are kept sealed with the root's key (SecretBox,
// <root>/secrets.key) in the container's record, never in plain text in berth.db, and are
// opened only into the runtime spec, which then lives on tmpfs (/run/berth). `inspect` shows
// the names (in the label), never the values: unlike Docker's Env, which shows every value.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/container_request.hpp"

namespace berth::runtime {

// Comma-separated names of variables in the request's env that are secrets.
inline constexpr std::string_view kSecretEnvLabel = "berth.secret_env";

// Moves the env entries the label names into sealed_env, their values sealed with the key
// of `root`. InvalidArgumentError when the label names a variable the env does not set.
void seal_secret_env(ContainerRequest& request, const std::filesystem::path& root);

// The sealed entries, opened ("NAME=value" each); empty when there are none.
std::vector<std::string> open_secret_env(const ContainerRequest& request,
                                         const std::filesystem::path& root);

}  // namespace berth::runtime
