#include "build/executor/builder.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <mutex>
#include <set>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/safe_fs/mkdir_all.hpp"
#include "base/safe_fs/path_clean.hpp"
#include "base/time_format.hpp"
#include "build/context/context.hpp"
#include "build/dockerfile/dockerfile.hpp"
#include "build/executor/bind_mount.hpp"
#include "build/executor/build_network.hpp"
#include "build/executor/build_progress.hpp"
#include "build/executor/cache_mount.hpp"
#include "build/executor/cache_scope.hpp"
#include "build/executor/config_instructions.hpp"
#include "build/executor/copy_step.hpp"
#include "build/executor/image_visibility.hpp"
#include "build/executor/secret_mount.hpp"
#include "build/executor/stage_scheduler.hpp"
#include "build/executor/stage_sources.hpp"
#include "build/executor/stage_state.hpp"
#include "build/executor/step_cache.hpp"
#include "build/executor/step_rootfs.hpp"
#include "build/executor/tmpfs_mount.hpp"
#include "image/publish.hpp"
#include "registry/image_puller.hpp"
#include "runtime/rootfs.hpp"

namespace berth::build {

namespace {

// mkdir -p of `path` inside `rootfs`, every component resolved in the rootfs; created
// directories get `owner`.
void make_directories_in_rootfs(const std::filesystem::path& rootfs, const std::string& path,
                                std::optional<Ownership> owner) {
  UniqueFd root(::open(rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (root.get() < 0) throw_errno("open " + rootfs.string());
  with_context("WORKDIR " + path, [&] {
    make_dirs_in_root(root.get(), clamp_to_root(path), 0755, [&](int dir, const char* name) {
      if (owner && ::fchownat(dir, name, owner->uid, owner->gid, AT_SYMLINK_NOFOLLOW) != 0) {
        throw_errno(std::string("chown ") + name);
      }
    });
  });
}

// The platform ARGs BuildKit predefines; Berth builds for this machine only.
const std::map<std::string, std::string>& platform_args() {
  static const std::map<std::string, std::string> args = {{"BUILDPLATFORM", "linux/amd64"},
                                                          {"BUILDOS", "linux"},
                                                          {"BUILDARCH", "amd64"},
                                                          {"BUILDVARIANT", ""},
                                                          {"TARGETPLATFORM", "linux/amd64"},
                                                          {"TARGETOS", "linux"},
                                                          {"TARGETARCH", "amd64"},
                                                          {"TARGETVARIANT", ""}};
  return args;
}

}  // namespace

// The coordinator: parses the Dockerfile, runs each stage's instructions in order through the
// pieces that do the work (stage_scheduler, step_cache, copy_step, the RUN mount preparers,
// build_progress), resolves the images the Dockerfile names, and exports the target.
struct Builder::Impl : StageSources {
  using Step = BuildProgress::Step;

  image::ImageStore& images;
  const BuildContext& context;
  std::filesystem::path root;
  RunnerOptions runner;
  runtime::OverlayMounter overlay;
  BuildProgress progress;

  // Set by build(), for its duration.
  const BuildOptions* options = nullptr;
  std::optional<Dockerfile> dockerfile;
  std::map<std::string, std::string> global_args;
  std::optional<StepCache> cache;
  std::optional<StageScheduler> stages;
  std::optional<CopyStep> copier;

  std::mutex pull_mu;  // one pull at a time; each reference once per build
  std::set<std::string> pulled;
  std::mutex args_mu;  // stages built in parallel threads all note the build args they use
  std::set<std::string> used_build_args;

  Impl(image::ImageStore& i, const BuildContext& c, std::filesystem::path r, RunnerOptions ro,
       std::ostream& p)
      : images(i), context(c), root(std::move(r)), runner(std::move(ro)), progress(p) {}

  std::filesystem::path scratch() const { return root / "build" / "steps"; }
  runtime::RootfsMounter& mounter() { return runner.mounter ? *runner.mounter : overlay; }
  StepTools tools() { return {images, scratch(), mounter(), *cache, progress}; }

  std::string stage_title(const Stage& stage, size_t position, size_t count) {
    std::string name = stage.name.empty() ? "stage-" + std::to_string(stage.index) : stage.name;
    bool several = dockerfile->stages.size() > 1;
    return "[" + (several ? name + " " : "") + std::to_string(position) + "/" +
           std::to_string(count) + "]";
  }

  // --- images ---------------------------------------------------------------------------
  // An image named in the Dockerfile. A Space build resolves only references (never short
  // or full IDs) to images it may see; the admin's build resolves as `docker run` does.
  std::optional<image::ImageRecord> find_image(const std::string& name) {
    if (!options->policy.tenant_build()) return find_or_pull(name);
    if (image::Reference::looks_like_full_id(name)) return std::nullopt;
    auto ref = image::Reference::try_parse(name);
    if (!ref) return std::nullopt;
    // The canonical form: a tag or digest lookup, never a prefix of an ID.
    auto record = visible_image(*ref);
    if (record) return record;
    // Pulled when it is neither here nor visible: what the registry answers (or why it could
    // not be asked) is the same whatever the store holds, so it reveals nothing of it.
    try {
      pull(*ref);
    } catch (const Error& e) {
      throw Error(image_not_visible_message(ref->str()) + ": " + e.what());
    }
    return visible_image(*ref);
  }

  // find_image with a failed pull reported at the Dockerfile's line.
  std::optional<image::ImageRecord> find_image_at(const std::string& name,
                                                  const SourceLocation& where) {
    try {
      return find_image(name);
    } catch (const SourceError&) {
      throw;
    } catch (const Error& e) {
      throw SourceError(where, e.what());
    }
  }

  std::optional<image::ImageRecord> visible_image(const image::Reference& ref) {
    auto record = images.try_resolve(ref.str());
    if (!record) return std::nullopt;
    std::optional<std::string> label;
    auto image_config = images.config(*record);  // doc() refers into it: keep it alive
    const Json& config = image_config.doc();
    if (auto c = config.find("config"); c != config.end() && c->is_object()) {
      if (auto l = c->find("Labels"); l != c->end() && l->is_object()) {
        if (auto v = l->find(kSpaceImageLabel); v != l->end() && v->is_string()) {
          label = v->get<std::string>();
        }
      }
    }
    std::vector<std::string> tags;
    for (const auto& t : record->tags) tags.push_back(t.str());
    if (!image_visible_to_tenant(options->policy.tenant, label, tags)) return std::nullopt;
    return record;
  }
  // The admin's build: the store's image, pulled when missing (or always with --pull), once
  // per build whichever stages name it.
  std::optional<image::ImageRecord> find_or_pull(const std::string& name) {
    auto ref = image::Reference::try_parse(name);
    if (!ref || image::Reference::looks_like_full_id(name)) return images.try_resolve(name);
    auto record = images.try_resolve(ref->str());
    if (record && !options->pull_always) return record;
    // BuildKit's words for a base image it cannot fetch.
    with_context("failed to resolve source metadata for " + ref->str(), [&] { pull(*ref); });
    return images.try_resolve(ref->str());
  }

  // One pull at a time, each reference once per build whichever stages name it; a Space
  // build's only from public addresses unless the admin trusts the registry.
  void pull(const image::Reference& ref) {
    std::lock_guard lock(pull_mu);
    if (pulled.count(ref.str())) return;
    Step step = progress.begin("[internal] pull " + ref.str());
    registry::PullPolicy policy{
        options->policy.public_pulls_only(ref.domain()),
        options->policy.tenant_build() ? options->policy.max_pull_bytes : 0};
    registry::pull_image(
        images, ref, [&](const std::string& line) { progress.line(step, line); }, policy);
    progress.done(step);
    pulled.insert(ref.str());
  }

  std::string image_not_found(const std::string& prefix, const std::string& name) {
    if (options->policy.tenant_build()) {
      auto ref = image::Reference::try_parse(name);
      return image_not_visible_message(ref ? ref->str() : name);
    }
    return prefix + name + ": image not found";
  }

  // --- other stages and images as sources (StageSources) ----------------------------------
  std::unique_ptr<StepRootfs> mount(const SourceRef& ref, const Instruction& inst) override {
    if (ref.kind == SourceRef::Kind::kStage) {
      return std::make_unique<StepRootfs>(images, scratch(), stages->stage(ref.stage).layers,
                                          mounter());
    }
    if (ref.kind == SourceRef::Kind::kScratch) {
      return std::make_unique<StepRootfs>(images, scratch(), std::vector<image::ImageLayer>{},
                                          mounter());
    }
    std::string name = expand(ref.image, lookup_in(global_args), dockerfile->escape);
    auto record = find_image_at(name, inst.where);
    if (!record) throw SourceError(inst.where, image_not_found("", name));
    return std::make_unique<StepRootfs>(images, scratch(), record->layers, mounter());
  }

  Digest identity(const SourceRef& ref, const SourceLocation& where) override {
    if (ref.kind == SourceRef::Kind::kStage) return stages->stage(ref.stage).key;
    if (ref.kind == SourceRef::Kind::kScratch) return Digest::sha256_of("scratch");
    auto record =
        find_image_at(expand(ref.image, lookup_in(global_args), dockerfile->escape), where);
    return record ? record->id : Digest::sha256_of("missing " + ref.image);
  }

  // --- variables --------------------------------------------------------------------------
  // What $VAR means in a stage: its ENV, then its ARGs.
  VariableLookup lookup(const StageState& s) {
    Json config = s.config.value("config", Json::object());
    std::map<std::string, std::string> args = s.args;
    return [config, args](std::string_view name) -> std::optional<std::string> {
      if (auto v = env_value(config, std::string(name))) return v;
      auto it = args.find(std::string(name));
      if (it != args.end()) return it->second;
      return std::nullopt;
    };
  }

  // --- stages -----------------------------------------------------------------------------
  StageState base_state(const Stage& stage) {
    auto expanded_from = expanded(stage.from, lookup_in(global_args), dockerfile->escape);
    const auto& from = *expanded_from.as<FromInstruction>();
    if (!from.platform.empty() && from.platform != "linux/amd64") {
      throw SourceError(stage.from.where,
                        "FROM --platform=" + from.platform + ": only linux/amd64 is supported yet");
    }
    auto ref = resolve_base(*dockerfile, stage.index, from.image);
    StageState s;
    if (ref.kind == SourceRef::Kind::kStage) {
      s = stages->stage(ref.stage);
      s.args.clear();
      return s;
    }
    if (ref.kind == SourceRef::Kind::kScratch) {
      s.config = {{"architecture", "amd64"},
                  {"os", "linux"},
                  {"config", Json::object()},
                  {"rootfs", {{"type", "layers"}, {"diff_ids", Json::array()}}},
                  {"history", Json::array()}};
      s.key = Digest::sha256_of("scratch");
      return s;
    }
    auto record = find_image_at(ref.image, stage.from.where);
    if (!record) throw SourceError(stage.from.where, image_not_found("FROM ", ref.image));
    s.config = images.config(*record).doc();
    s.config.erase("container");
    s.config.erase("container_config");
    s.layers = record->layers;
    s.key = Digest::sha256_of("image " + record->id.str());
    return s;
  }

  StageState run_stage(const Stage& stage) {
    StageState s;
    auto from_start = BuildProgress::Clock::now();
    s = base_state(stage);
    s.stage = stage.index;
    // As BuildKit: a stage always has a PATH, so `ENV PATH=/x:$PATH` keeps the system dirs.
    if (!env_value(runtime_config(s), "PATH")) {
      set_env(runtime_config(s), "PATH",
              "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    }
    // The base image's ONBUILD triggers run first, and the new image does not inherit them.
    std::vector<Instruction> program = onbuild_triggers(s, stage);
    program.insert(program.end(), stage.instructions.begin(), stage.instructions.end());
    size_t count = 1;
    for (const auto& i : program) {
      if (i.as<RunInstruction>() || i.as<CopyInstruction>() || i.as<AddInstruction>() ||
          i.as<WorkdirInstruction>())
        ++count;
    }
    size_t position = 1;
    Step from_step = progress.begin(stage_title(stage, position, count) + " " + stage.from.text);
    from_step.start = from_start;
    progress.done(from_step);
    for (const auto& raw : program) {
      if (const auto* arg = raw.as<ArgInstruction>()) {
        declare_args(s, *arg);
        continue;
      }
      Instruction inst =
          raw.as<OnbuildInstruction>() ? raw : expanded(raw, lookup(s), dockerfile->escape);
      bool filesystem = inst.as<RunInstruction>() || inst.as<CopyInstruction>() ||
                        inst.as<AddInstruction>() || inst.as<WorkdirInstruction>();
      if (!filesystem) {
        config_step(s, inst);
        continue;
      }
      ++position;
      auto step = progress.begin(stage_title(stage, position, count) + " " + raw.text);
      try {
        if (const auto* run = inst.as<RunInstruction>()) {
          run_step(s, inst, *run, step);
        } else if (const auto* copy = inst.as<CopyInstruction>()) {
          copier->copy(s, inst, *copy, step);
        } else if (const auto* add = inst.as<AddInstruction>()) {
          copier->add(s, inst, *add, step);
        } else {
          workdir_step(s, inst, *inst.as<WorkdirInstruction>(), step);
        }
      } catch (const SourceError&) {
        throw;
      } catch (const Error& e) {
        throw SourceError(raw.where, e.what());
      }
    }
    return s;
  }

  std::vector<Instruction> onbuild_triggers(StageState& s, const Stage& stage) {
    auto& config = runtime_config(s);
    if (!config.contains("OnBuild") || !config["OnBuild"].is_array() || config["OnBuild"].empty()) {
      config.erase("OnBuild");
      return {};
    }
    std::string text = "FROM scratch\n";
    for (const auto& t : config["OnBuild"]) text += t.get<std::string>() + "\n";
    config.erase("OnBuild");
    try {
      return parse_dockerfile(text, "ONBUILD trigger").stages.at(0).instructions;
    } catch (const Error& e) {
      throw SourceError(stage.from.where,
                        std::string("the base image's ONBUILD triggers: ") + e.what());
    }
  }

  void declare_args(StageState& s, const ArgInstruction& arg) {
    for (const auto& def : arg.args) {
      auto provided = options->build_args.find(def.name);
      if (provided != options->build_args.end()) {
        s.args[def.name] = provided->second;
        std::lock_guard lock(args_mu);
        used_build_args.insert(def.name);
      } else if (def.default_value) {
        s.args[def.name] = expand(*def.default_value, lookup(s), dockerfile->escape);
      } else if (auto g = global_args.find(def.name); g != global_args.end()) {
        s.args[def.name] = g->second;  // a global ARG (or a platform ARG) without a default
      }
    }
  }

  void config_step(StageState& s, const Instruction& inst) {
    auto& config = runtime_config(s);
    apply_config_instruction(config, inst, stage_shell(s));
    if (const auto* m = inst.as<MaintainerInstruction>()) s.config["author"] = m->name;
    Digest key = chain_key(s.key, {{"config", config}, {"author", s.config.value("author", "")}});
    if (auto hit = cache->find(key, s)) {
      s = *hit;
      return;
    }
    s.key = key;
    add_history(s, history_text(inst, stage_shell(s)), true);
    cache->store(s);
  }

  // --- RUN --------------------------------------------------------------------------------
  void run_step(StageState& s, const Instruction& inst, const RunInstruction& run,
                const Step& step) {
    auto shell = stage_shell(s);
    RunStep r;
    r.argv = command_argv(run.command, shell);
    std::optional<Heredoc> script_file;
    // A lone heredoc is the script itself. Otherwise, as BuildKit does, the shell gets the
    // command line followed by the heredoc bodies and their terminators, and handles them
    // itself: several heredocs, `3<<EOF`, quoted delimiters (no expansion) all work.
    if (!run.heredocs.empty()) {
      std::string text = run.command.args.empty() ? "" : run.command.args[0];
      auto first = text.find_first_not_of(" \t");
      auto trimmed = first == std::string::npos ? std::string() : text.substr(first);
      while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t'))
        trimmed.pop_back();
      bool only_heredoc = run.heredocs.size() == 1 && trimmed.starts_with("<<") &&
                          trimmed.find(' ') == std::string::npos;
      r.argv = shell;
      if (only_heredoc && run.heredocs[0].content.starts_with("#!")) {
        // A script with its own interpreter runs as a file, at BuildKit's path for it.
        script_file = run.heredocs[0];
        r.argv = {"/dev/pipes/" + script_file->name};
      } else if (only_heredoc) {
        r.argv.push_back(run.heredocs[0].content);
      } else {
        std::string script = text + "\n";
        for (const auto& doc : run.heredocs) script += doc.content + doc.name + "\n";
        r.argv.push_back(script);
      }
    }
    Json config = s.config.value("config", Json::object());
    // ARGs reach RUN as environment variables (ENV wins over an ARG of the same name).
    std::map<std::string, std::string> env;
    for (const auto& [k, v] : s.args) env[k] = v;
    if (config.contains("Env")) {
      for (const auto& e : config["Env"]) {
        auto text = e.get<std::string>();
        auto eq = text.find('=');
        env[text.substr(0, eq)] = eq == std::string::npos ? "" : text.substr(eq + 1);
      }
    }
    for (const auto& [k, v] : env) r.env.push_back(k + "=" + v);
    r.user = stage_user(s);
    r.workdir = stage_workdir(s);
    if (run.network == NetworkMode::kHost) {
      // BuildKit's entitlement: never for a Space, for the admin only when asked for.
      if (options->policy.tenant_build()) throw Error("network.host is not allowed");
      if (!options->policy.allow_network_host) {
        throw Error(
            "network.host is not allowed: RUN --network=host needs `berth build --allow "
            "network.host`");
      }
    }
    r.network = run.network == NetworkMode::kNone   ? "none"
                : run.network == NetworkMode::kHost ? "host"
                                                    : options->default_network;
    r.bridge_network = build_bridge_network(options->policy);
    const StepLimits& limits = options->policy.step_limits;
    r.limits.memory_bytes = limits.memory_bytes;
    if (limits.memory_bytes) r.limits.memory_swap_bytes = limits.memory_bytes;  // no swap
    r.limits.pids_limit = limits.pids;
    r.limits.cpus = limits.cpus;
    r.wall_time = limits.wall_time;

    // Secret values are read now: a keyed hash of each goes into the key, so a changed
    // secret misses the cache and the key says nothing about the value.
    auto secret_values = read_secret_values(run.mounts, options->secrets);

    // The key: everything that decides what the step does; of a secret, only its keyed hash.
    Json key_secrets = Json::object();
    for (const auto& [id, value] : secret_values) {
      key_secrets[id] = secret_fingerprint(root, id, value);
    }
    Json key_mounts = Json::array();
    for (const auto& m : run.mounts) {
      key_mounts.push_back({{"type", static_cast<int>(m.type)},
                            {"target", m.target},
                            {"source", m.source},
                            {"from", m.from},
                            {"id", m.id},
                            {"readonly", m.readonly},
                            {"mode", m.mode.value_or(0)}});
    }
    Digest key = chain_key(s.key, {{"run", r.argv},
                                   {"env", r.env},
                                   {"user", r.user},
                                   {"workdir", r.workdir},
                                   {"network", r.network},
                                   {"script", script_file ? script_file->content : ""},
                                   {"mounts", key_mounts},
                                   {"secrets", key_secrets}});
    if (auto hit = cache->find(key, s)) {
      progress.cached(step);
      s = *hit;
      return;
    }

    StepRootfs rootfs(images, scratch(), s.layers, mounter());
    if (script_file) {
      auto host = rootfs.dir() / ("heredoc-" + script_file->name);
      write_file_replace(host, script_file->content, 0755);
      r.mounts.push_back({"bind", host.string(), r.argv[0], true, {"rbind"}});
    }
    // Each preparer holds what its mounts need until the RUN ends (they outlive run_in_rootfs).
    // Secrets live on the run dir's tmpfs (/run/berth), never on disk.
    SecretMountPreparer secrets(runner.runtime_root.parent_path(), secret_values);
    CacheMountPreparer caches(root, options->policy.cache_scope(), scratch());
    TmpfsMountPreparer tmpfs;
    BindMountPreparer binds(context.root(), scratch(), [&](const std::string& from) {
      return mount(resolve_from_flag(*dockerfile, s.stage, from, inst.where), inst);
    });
    for (const auto& m : run.mounts) {
      switch (m.type) {
        case MountType::kSecret:
          secrets.prepare(m, r);
          break;
        case MountType::kCache:
          caches.prepare(m, r);
          break;
        case MountType::kTmpfs:
          tmpfs.prepare(m, r);
          break;
        case MountType::kBind:
          binds.prepare(m, r);
          break;
        case MountType::kSsh:
          throw Error("RUN --mount=type=ssh is not supported yet");
      }
    }
    int code = run_in_rootfs(rootfs, r, runner,
                             [&](std::string_view line) { progress.output(step, line); });
    if (code != 0) {
      std::string shown;
      for (const auto& a : r.argv) shown += (shown.empty() ? "" : " ") + a;
      throw Error("process \"" + shown +
                  "\" did not complete successfully: exit code: " + std::to_string(code));
    }
    s.key = key;
    cache->commit_layer(s, rootfs, history_text(inst, shell));
    progress.done(step);
    cache->store(s);
  }

  // --- WORKDIR ----------------------------------------------------------------------------
  void workdir_step(StageState& s, const Instruction& inst, const WorkdirInstruction& w,
                    const Step& step) {
    std::string path = resolve_workdir(stage_workdir(s), w.path);
    runtime_config(s)["WorkingDir"] = path;
    Digest key = chain_key(s.key, {{"workdir", path}, {"user", stage_user(s)}});
    if (auto hit = cache->find(key, s)) {
      progress.cached(step);
      s = *hit;
      return;
    }
    StepRootfs rootfs(images, scratch(), s.layers, mounter());
    std::optional<Ownership> owner;
    if (!stage_user(s).empty()) owner = resolve_chown_in_rootfs(stage_user(s), rootfs.merged());
    make_directories_in_rootfs(rootfs.merged(), path, owner);
    s.key = key;
    cache->commit_layer(s, rootfs, history_text(inst, stage_shell(s)));
    progress.done(step);
    cache->store(s);
  }

  // --- the whole build --------------------------------------------------------------------
  BuildResult build(const BuildOptions& opts) {
    options = &opts;
    if (opts.policy.tenant_build()) {
      if (opts.default_network == "host") throw Error("network.host is not allowed");
      if (opts.policy.allow_network_host) {
        throw InvalidArgumentError("network.host is not allowed in a Space build");
      }
    }
    dockerfile = parse_dockerfile(opts.dockerfile_text, opts.dockerfile_name);
    remove_abandoned_steps(scratch());
    if (dockerfile->directives.syntax) {
      progress.emit("#0 note: # syntax=" + *dockerfile->directives.syntax +
                    " is ignored: berth has its own Dockerfile frontend");
    }
    // BuildKit's platform ARGs: usable in FROM without a declaration, and in a stage once
    // declared with ARG.
    auto with_platform = opts.build_args;
    for (const auto& [k, v] : platform_args()) with_platform.emplace(k, v);
    global_args = global_arg_values(*dockerfile, with_platform);
    for (const auto& [k, v] : platform_args()) global_args.emplace(k, v);
    for (const auto& a : dockerfile->global_args) {
      for (const auto& def : a.as<ArgInstruction>()->args) {
        if (opts.build_args.count(def.name)) used_build_args.insert(def.name);
      }
    }
    const Stage* target =
        opts.target.empty() ? &dockerfile->stages.back() : dockerfile->find_stage(opts.target);
    if (!target)
      throw InvalidArgumentError("target stage \"" + opts.target + "\" could not be found");

    cache.emplace(images, opts.policy.cache_scope(), opts.no_cache);
    stages.emplace(
        *dockerfile, [this](size_t i) { return stage_dependencies(*dockerfile, global_args, i); },
        [this](size_t i) { return run_stage(dockerfile->stages.at(i)); });
    copier.emplace(tools(), context, *dockerfile, *this,
                   opts.policy.public_fetches_only() ? FetchPolicy::for_tenant() : FetchPolicy{},
                   [this](const GitSource& git, bool keep_git_dir) {
                     return fetch_git_for_build(git, keep_git_dir, options->policy,
                                                options->default_network, runner.networks);
                   });

    // Only the stages the target needs are built, each as soon as the stages it uses are
    // done, independent ones in parallel.
    stages->build_dependencies(target->index);
    StageState final_state = stages->stage(target->index);

    auto step = progress.begin("exporting to image");
    Json doc = final_state.config;
    auto labels_to_set = opts.labels;
    // A Space's image carries its mark last, over any LABEL of the same name: other Spaces'
    // builds never see it (image_visibility.hpp).
    if (opts.policy.tenant_build()) labels_to_set[kSpaceImageLabel] = opts.policy.tenant;
    if (!labels_to_set.empty()) {
      auto& labels = doc["config"]["Labels"];
      if (!labels.is_object()) labels = Json::object();
      for (const auto& [k, v] : labels_to_set) labels[k] = v;
    }
    if (!doc.contains("created")) doc["created"] = rfc3339_now();
    std::vector<image::Descriptor> blobs;
    for (const auto& l : final_state.layers) blobs.push_back(l.blob);
    Digest id = image::publish_image(images, doc, blobs, opts.tags);
    progress.line(step, "writing image " + id.str() + " done");
    for (const auto& t : opts.tags) progress.line(step, "naming to " + t.str() + " done");
    progress.done(step);

    BuildResult result{id, {}};
    for (const auto& [name, _] : opts.build_args) {
      if (!used_build_args.count(name)) result.unused_build_args.push_back(name);
    }
    return result;
  }
};

Builder::Builder(image::ImageStore& images, const BuildContext& context, std::filesystem::path root,
                 RunnerOptions runner, std::ostream& progress)
    : impl_(std::make_unique<Impl>(images, context, std::move(root), std::move(runner), progress)) {
}

Builder::~Builder() = default;

BuildResult Builder::build(const BuildOptions& options) {
  return impl_->build(options);
}

}  // namespace berth::build
