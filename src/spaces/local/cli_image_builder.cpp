#include "spaces/local/cli_image_builder.hpp"

#include <unistd.h>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/parent_death.hpp"

namespace berth::spaces {

namespace {
// Secrets reach `berth build` as environment variables under a prefix, so a secret named
// PATH cannot change how the build process finds its tools.
constexpr std::string_view kSecretEnvPrefix = "BERTH_SPACE_SECRET_";
}  // namespace

std::string CliImageBuilder::build(const SpaceBuildRequest& request, const LogLineSink& log) {
  auto iidfile = request.context.parent_path() /
                 (".iid-" + std::to_string(::getpid()) + "-" + request.context.filename().string());
  if (request.space_id.empty()) throw Error("a Space build needs the Space's id");
  std::vector<std::string> args = {"build",         "--progress", "plain",          "-t",
                                   request.tag,     "--iidfile",  iidfile.string(), "--tenant",
                                   request.space_id};
  for (const auto& registry : trusted_registries_) {
    args.insert(args.end(), {"--allow-registry", registry});
  }
  // Killed with the server: a restarted server redeploys what was pushed (recover()).
  std::map<std::string, std::string> env = {
      {std::string(kDieWithParentEnv), std::to_string(::getpid())}};
  for (const auto& [key, value] : request.build_args) {
    args.insert(args.end(), {"--build-arg", key + "=" + value});
  }
  for (const auto& [key, value] : request.secrets) {
    std::string var = std::string(kSecretEnvPrefix) + key;
    args.insert(args.end(), {"--secret", "id=" + key + ",env=" + var});
    env[var] = value;
  }
  args.push_back(request.context.string());

  std::string last_line;
  auto result = berth_.run(args, env, [&](std::string_view line) {
    if (!line.empty()) last_line = line;
    log(line);
  });
  if (result.exit_code != 0) {
    std::filesystem::remove(iidfile);
    throw BuildFailed(last_line.empty()
                          ? "the build failed with exit code " + std::to_string(result.exit_code)
                          : last_line);
  }
  std::string image_id = read_file(iidfile);
  std::filesystem::remove(iidfile);
  return image_id;
}

void CliImageBuilder::remove_image(const std::string& tag) {
  auto result = berth_.run({"rmi", tag});
  if (result.exit_code != 0 && result.output.find("No such image") == std::string::npos) {
    throw Error("removing image " + tag + ": " + result.output);
  }
}

void CliImageBuilder::forget_space(const std::string& space_id) {
  auto result = berth_.run({"builder", "prune", "--force", "--tenant", space_id});
  if (result.exit_code != 0) {
    throw Error("removing the build cache of " + space_id + ": " + result.output);
  }
}

}  // namespace berth::spaces
