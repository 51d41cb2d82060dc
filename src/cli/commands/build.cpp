// `berth build [OPTIONS] PATH | -` and `berth builder prune`.
#include <unistd.h>

#include <cctype>
#include <fstream>
#include <iostream>
#include <sstream>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/human_format.hpp"
#include "base/parent_death.hpp"
#include "build/context/build_context.hpp"
#include "build/executor/build_cache.hpp"
#include "build/executor/builder.hpp"
#include "build/executor/cache_scope.hpp"
#include "cli/commands/command.hpp"
#include "engine/build_cache_pruning.hpp"
#include "engine/image_build.hpp"
#include "network/network_manager.hpp"

namespace berth::cli {

namespace {

struct BuildFlags {
  std::string context;
  std::vector<std::string> tags;
  std::string file;
  std::vector<std::string> build_args;
  std::vector<std::string> labels;
  std::vector<std::string> secrets;
  std::string target;
  std::string iidfile;
  std::string progress = "auto";
  std::string network = "default";
  std::string platform;
  std::string tenant;
  std::vector<std::string> allow;
  std::vector<std::string> trusted_registries;
  bool no_cache = false;
  bool quiet = false;
  bool pull = false;
};

std::pair<std::string, std::string> split_pair(const std::string& text) {
  auto eq = text.find('=');
  return {text.substr(0, eq), eq == std::string::npos ? "" : text.substr(eq + 1)};
}

// --secret id=X[,src=FILE|,source=FILE|,env=VAR][,type=file|env], as BuildKit parses it.
build::SecretSource parse_secret(const std::string& spec) {
  build::SecretSource s;
  std::string type;
  std::stringstream fields(spec);
  std::string field;
  while (std::getline(fields, field, ',')) {
    auto [key, value] = split_pair(field);
    if (key == "id") {
      s.id = value;
    } else if (key == "src" || key == "source") {
      s.file = value;
    } else if (key == "env") {
      s.env = value;
    } else if (key == "type") {
      type = value;
    } else {
      throw InvalidArgumentError("invalid secret " + spec + ": unexpected key '" + key + "'");
    }
  }
  if (s.id.empty()) throw InvalidArgumentError("invalid secret " + spec + ": id is required");
  if (type == "env" && s.file) {
    s.env = s.file->string();
    s.file.reset();
  }
  if (!s.file && !s.env) {
    // BuildKit: with neither, the id names an environment variable, else a file.
    if (std::getenv(s.id.c_str())) {
      s.env = s.id;
    } else {
      s.file = s.id;
    }
  }
  if (s.file && !std::filesystem::is_regular_file(*s.file)) {
    throw InvalidArgumentError("failed to stat " + s.file->string() + ": no such file (secret " +
                               s.id + ")");
  }
  return s;
}

// A Space is "owner/name", each part a plain name: it becomes a cache scope and a label.
void check_tenant(const std::string& tenant) {
  auto slash = tenant.find('/');
  bool ok = slash != std::string::npos && slash > 0 && slash + 1 < tenant.size() &&
            tenant.find('/', slash + 1) == std::string::npos;
  for (char c : tenant) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '-' || c == '_' ||
                c == '.');
  }
  if (!ok) throw InvalidArgumentError("--tenant " + tenant + ": expected OWNER/NAME");
}

// --allow ENTITLEMENT (buildx's flag): network.host lets RUN --network=host run; network.private
// lets a Space build's downloads and git fetches reach private addresses.
build::BuildPolicy build_policy(const BuildFlags& f) {
  build::BuildPolicy policy;
  if (!f.tenant.empty()) {
    check_tenant(f.tenant);
    policy.tenant = f.tenant;
    policy.step_limits = build::default_tenant_step_limits();
  }
  policy.trusted_registries = f.trusted_registries;
  for (const auto& a : f.allow) {
    if (a == "network.host") {
      if (policy.tenant_build()) {
        throw InvalidArgumentError("--allow network.host: not allowed in a Space build");
      }
      policy.allow_network_host = true;
    } else if (a == "network.private") {
      policy.allow_private_network = true;
    } else {
      throw InvalidArgumentError("invalid entitlement: " + a +
                                 " (network.host and network.private are known)");
    }
  }
  return policy;
}

void run_build(Context& ctx, const BuildFlags& f) {
  if (!f.platform.empty() && f.platform != "linux/amd64") {
    throw InvalidArgumentError("--platform " + f.platform + ": only linux/amd64 is supported yet");
  }
  build::BuildOptions options;
  for (const auto& t : f.tags) options.tags.push_back(image::Reference::parse(t));
  for (const auto& a : f.build_args) {
    auto [key, value] = split_pair(a);
    if (a.find('=') == std::string::npos) {
      // `--build-arg NAME` takes the value from the environment, or leaves it unset.
      const char* env = std::getenv(key.c_str());
      if (!env) continue;
      value = env;
    }
    options.build_args[key] = value;
  }
  for (const auto& l : f.labels) options.labels.insert(split_pair(l));
  for (const auto& s : f.secrets) {
    auto secret = parse_secret(s);
    options.secrets[secret.id] = secret;
  }
  options.target = f.target;
  options.no_cache = f.no_cache;
  options.pull_always = f.pull;
  options.policy = build_policy(f);
  if (options.policy.tenant_build() && f.network == "host") {
    throw InvalidArgumentError("--network host: network.host is not allowed in a Space build");
  }
  // BuildKit's default: each RUN step in its own namespace, on the bridge, with NAT out.
  if (f.network == "none" || f.network == "host") {
    options.default_network = f.network;
  } else if (f.network == "default" || network::NetworkManager::is_default_name(f.network)) {
    options.default_network = "bridge";
  } else {
    throw InvalidArgumentError("--network " + f.network +
                               ": only default, host and none are supported yet");
  }

  auto scratch = ctx.root() / "build" / "contexts";
  ensure_directory(scratch, 0700);
  std::optional<build::BuildContext> context;
  if (f.context == "-") {
    auto input = build::read_build_stdin(STDIN_FILENO, scratch);
    context.emplace(std::move(input.context));
    if (input.dockerfile) {
      options.dockerfile_text = *input.dockerfile;
    } else {
      auto name = f.file.empty() ? std::string("Dockerfile") : f.file;
      auto text = context->read_unfiltered(name);
      if (!text) throw NotFoundError("the build context on stdin has no " + name);
      options.dockerfile_text = *text;
      options.dockerfile_name = name;
    }
  } else {
    std::filesystem::path dir = f.context;
    if (!std::filesystem::is_directory(dir)) {
      throw NotFoundError("unable to prepare context: path \"" + f.context + "\" not found");
    }
    std::filesystem::path dockerfile =
        f.file.empty() ? dir / "Dockerfile" : std::filesystem::path(f.file);
    if (f.file == "-") {
      std::stringstream in;
      in << std::cin.rdbuf();
      options.dockerfile_text = in.str();
      context.emplace(build::BuildContext::from_directory(dir, std::nullopt));
    } else {
      if (!std::filesystem::is_regular_file(dockerfile)) {
        throw NotFoundError("failed to read dockerfile: open " + dockerfile.string() +
                            ": no such file or directory");
      }
      options.dockerfile_text = read_file(dockerfile);
      options.dockerfile_name = dockerfile.filename().string();
      context.emplace(build::BuildContext::from_directory(dir, dockerfile));
    }
  }

  std::ofstream null_stream;
  std::ostream& progress = f.quiet ? null_stream : std::cerr;
  auto result = engine::build_image(ctx.core(), *context, options, progress);
  if (!result.unused_build_args.empty()) {
    std::string names;
    for (const auto& n : result.unused_build_args) names += (names.empty() ? "" : " ") + n;
    std::cerr << "[Warning] One or more build-args [" << names << "] were not consumed\n";
  }
  if (!f.iidfile.empty()) write_output_file(f.iidfile, result.image_id.str(), 0644);
  if (f.quiet) std::cout << result.image_id.str() << "\n";
}

}  // namespace

CLI::App* add_build(CLI::App& parent, Context& ctx, const std::string& name) {
  auto f = std::make_shared<BuildFlags>();
  auto* cmd = parent.add_subcommand(name, "Build an image from a Dockerfile");
  cmd->add_option("PATH", f->context, "Build context: a directory, or - for stdin")->required();
  cmd->add_option("-t,--tag", f->tags, "Name and optionally a tag (format: \"name:tag\")");
  cmd->add_option("-f,--file", f->file, "Name of the Dockerfile (default: \"PATH/Dockerfile\")");
  cmd->add_option("--build-arg", f->build_args, "Set build-time variables");
  cmd->add_option("--label", f->labels, "Set metadata for an image");
  cmd->add_option("--secret", f->secrets,
                  "Secret to expose to the build (format: \"id=mysecret[,src=/local/secret]\")");
  cmd->add_option("--target", f->target, "Set the target build stage to build");
  cmd->add_option("--iidfile", f->iidfile, "Write the image ID to the file");
  cmd->add_option("--progress", f->progress,
                  "Set type of progress output (auto, plain, tty, quiet)")
      ->check(CLI::IsMember({"auto", "plain", "tty", "quiet", "rawjson"}));
  cmd->add_option("--network", f->network, "Networking mode for the RUN instructions");
  cmd->add_option("--platform", f->platform, "Set target platform for build");
  cmd->add_option("--allow-registry", f->trusted_registries,
                  "With --tenant: a registry (HOST[:PORT]) the build may pull from although it "
                  "is at a private or loopback address");
  cmd->add_option("--allow", f->allow,
                  "Allow extra privileged entitlement (network.host, network.private)");
  cmd->add_option("--tenant", f->tenant,
                  "Build for a Space (OWNER/NAME): its own cache, only allowed base images, no "
                  "host network, public downloads only, step limits");
  cmd->add_flag("--no-cache", f->no_cache, "Do not use cache when building the image");
  cmd->add_flag("-q,--quiet", f->quiet, "Suppress the build output and print image ID on success");
  cmd->add_flag("--pull", f->pull, "Always attempt to pull all referenced images");
  cmd->callback([&ctx, f] {
    die_with_parent_if_asked();  // a Space build started by `berth serve`
    BuildFlags flags = *f;
    if (flags.progress == "quiet") flags.quiet = true;
    run_build(ctx, flags);
  });
  return cmd;
}

CLI::App* add_builder(CLI::App& app, Context& ctx) {
  auto* builder = app.add_subcommand("builder", "Manage builds");
  builder->require_subcommand(1);
  auto* prune = builder->add_subcommand("prune", "Remove build cache");
  auto force = std::make_shared<bool>(false);
  auto all = std::make_shared<bool>(false);
  prune->add_flag("-f,--force", *force, "Do not prompt for confirmation");
  prune->add_flag("-a,--all", *all, "Remove all unused build cache, not just dangling ones");
  auto tenant = std::make_shared<std::string>();
  prune->add_option("--tenant", *tenant,
                    "Remove only the build cache and cache mounts of a Space (OWNER/NAME)");
  prune->callback([&ctx, tenant] {
    if (!tenant->empty()) check_tenant(*tenant);
    auto report = engine::prune_build_cache(
        ctx.core(), tenant->empty() ? std::nullopt : std::optional<std::string>(*tenant));
    const auto& gc = report.garbage;
    std::cout << "Deleted build cache objects: " << report.steps << " steps, "
              << report.cache_mounts << " cache mounts, " << gc.removed_layers.size()
              << " layers\n";
    std::cout << "Total reclaimed space: " << human_size(gc.reclaimed_bytes) << "\n";
  });
  return builder;
}

}  // namespace berth::cli
