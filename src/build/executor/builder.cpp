#include "build/executor/builder.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <list>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/process.hpp"
#include "base/safe_fs/mkdir_all.hpp"
#include "base/safe_fs/path_clean.hpp"
#include "base/time_format.hpp"
#include "build/context/context.hpp"
#include "build/context/curl_fetcher.hpp"
#include "build/dockerfile/dockerfile.hpp"
#include "build/dockerfile/octal_mode.hpp"
#include "build/executor/build_cache.hpp"
#include "build/executor/cache_scope.hpp"
#include "build/executor/config_instructions.hpp"
#include "build/executor/git_checkout.hpp"
#include "build/executor/image_visibility.hpp"
#include "build/executor/step_rootfs.hpp"
#include "image/publish.hpp"
#include "network/network_record.hpp"
#include "registry/image_puller.hpp"
#include "runtime/rootfs.hpp"

namespace berth::build {

namespace {

using Clock = std::chrono::steady_clock;

// The state of a stage between two instructions: its image config (the whole document, with
// history) and its layers. Plus what only the build knows: ARG values and the cache key.
struct StageState {
  Json config;  // full image config document
  std::vector<image::ImageLayer> layers;
  std::map<std::string, std::string> args;  // ARGs declared in the stage, with their values
  Digest key;                               // cache key of the state so far
  size_t stage = 0;                         // COPY --from / from= resolve relative to it
};

Json& runtime_config(StageState& s) {
  if (!s.config.contains("config") || !s.config["config"].is_object()) {
    s.config["config"] = Json::object();
  }
  return s.config["config"];
}

std::vector<std::string> stage_shell(const StageState& s) {
  const Json& c = s.config.value("config", Json::object());
  if (c.contains("Shell") && c["Shell"].is_array() && !c["Shell"].empty()) {
    return c["Shell"].get<std::vector<std::string>>();
  }
  return {"/bin/sh", "-c"};
}

std::string stage_workdir(const StageState& s) {
  const Json& c = s.config.value("config", Json::object());
  std::string w = c.value("WorkingDir", "");
  return w.empty() ? "/" : w;
}

std::string stage_user(const StageState& s) {
  return s.config.value("config", Json::object()).value("User", "");
}

Digest chain_key(const Digest& parent, const Json& step) {
  return Digest::sha256_of(parent.str() + "\n" + step.dump());
}

std::string now_text() {
  return format_rfc3339_nano(std::chrono::system_clock::now());
}

void add_history(StageState& s, const std::string& created_by, bool empty_layer) {
  if (!s.config.contains("history") || !s.config["history"].is_array()) {
    s.config["history"] = Json::array();
  }
  Json h = {
      {"created", now_text()}, {"created_by", created_by}, {"comment", "buildkit.dockerfile.v0"}};
  if (empty_layer) h["empty_layer"] = true;
  s.config["history"].push_back(h);
  s.config["created"] = h["created"];
}

// Cleans a WORKDIR argument against the current working directory, as Docker does.
std::string resolve_workdir(const std::string& current, const std::string& path) {
  std::filesystem::path p =
      path.starts_with("/") ? std::filesystem::path(path) : std::filesystem::path(current) / path;
  std::string out = p.lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

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

Json layers_json(const std::vector<image::ImageLayer>& layers) {
  Json a = Json::array();
  for (const auto& l : layers)
    a.push_back({{"blob", image::to_json(l.blob)}, {"diff_id", l.layer.diff_id.str()}});
  return a;
}

std::string secret_value(const SecretSource& s) {
  if (s.value) return *s.value;
  if (s.env) {
    const char* v = std::getenv(s.env->c_str());
    if (!v)
      throw InvalidArgumentError("secret " + s.id + ": environment variable " + *s.env +
                                 " is not set");
    return v;
  }
  return read_file(*s.file);
}

// 24 random hex digits: a name for a build's network attachment.
std::string random_hex24() {
  std::random_device rd;
  std::uniform_int_distribution<int> nibble(0, 15);
  std::string s;
  for (int i = 0; i < 24; ++i) s.push_back("0123456789abcdef"[nibble(rd)]);
  return s;
}

// The source of a RUN --mount=type=bind,rw: writable for the RUN, unchanged afterwards.
class WritableBind {
 public:
  WritableBind(const std::filesystem::path& scratch, const std::filesystem::path& source)
      : dir_((ensure_directory(scratch, 0700), scratch), "bind-rw-") {
    if (std::filesystem::is_directory(source)) {
      runtime::mount_rootfs(runtime::RootfsLayout::in(dir_.path()), {source}, true);
      path_ = runtime::RootfsLayout::in(dir_.path()).merged;
      mounted_ = true;
    } else {
      path_ = dir_.path() / source.filename();
      std::filesystem::copy_file(source, path_);
    }
  }
  ~WritableBind() {
    if (!mounted_) return;
    try {
      runtime::unmount_rootfs(runtime::RootfsLayout::in(dir_.path()));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "warning: %s\n", e.what());
    }
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  TempDir dir_;
  std::filesystem::path path_;
  bool mounted_ = false;
};

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

struct Builder::Impl {
  image::ImageStore& images;
  const BuildContext& context;
  std::filesystem::path root;
  RunnerOptions runner;
  runtime::OverlayMounter overlay;
  std::ostream& progress;
  BuildCache cache;

  const BuildOptions* options = nullptr;
  std::optional<Dockerfile> dockerfile;
  std::map<std::string, std::string> global_args;
  // Independent stages build in parallel threads; this guards what they share.
  std::mutex mu;
  std::mutex pull_mu;  // one pull at a time; each reference once per build
  std::set<std::string> pulled;
  std::condition_variable stage_done;
  std::map<size_t, StageState> built;          // finished stages
  std::map<size_t, std::thread::id> building;  // stage -> the thread building it
  std::set<std::string> used_build_args;
  int step_number = 0;

  Impl(image::ImageStore& i, const BuildContext& c, std::filesystem::path r, RunnerOptions ro,
       std::ostream& p)
      : images(i),
        context(c),
        root(std::move(r)),
        runner(std::move(ro)),
        progress(p),
        cache(i.db()) {}

  std::filesystem::path scratch() const { return root / "build" / "steps"; }
  runtime::RootfsMounter& mounter() { return runner.mounter ? *runner.mounter : overlay; }
  // Secrets live on the run dir's tmpfs (/run/berth), never on disk.
  std::filesystem::path run_dir() const {
    auto dir = runner.runtime_root.parent_path();
    ensure_directory(dir, 0700);
    return dir;
  }

  // --- progress, in BuildKit's plain format -----------------------------------------------
  struct Step {
    int number;
    Clock::time_point start;
  };
  void emit(const std::string& line) {
    std::lock_guard lock(mu);
    progress << line << "\n" << std::flush;
  }
  Step begin(const std::string& title) {
    std::lock_guard lock(mu);
    Step s{++step_number, Clock::now()};
    progress << "#" << s.number << " " << title << "\n" << std::flush;
    return s;
  }
  void done(const Step& s) {
    double seconds = std::chrono::duration<double>(Clock::now() - s.start).count();
    char text[32];
    std::snprintf(text, sizeof text, "%.1fs", seconds);
    emit("#" + std::to_string(s.number) + " DONE " + text);
  }
  void cached(const Step& s) { emit("#" + std::to_string(s.number) + " CACHED"); }

  std::string stage_title(const Stage& stage, size_t position, size_t count) {
    std::string name = stage.name.empty() ? "stage-" + std::to_string(stage.index) : stage.name;
    bool several = dockerfile->stages.size() > 1;
    return "[" + (several ? name + " " : "") + std::to_string(position) + "/" +
           std::to_string(count) + "]";
  }

  // --- cache ------------------------------------------------------------------------------
  // Restores a cached state; nullopt when missing or when its layers are gone.
  std::optional<StageState> from_cache(const Digest& key, const StageState& current) {
    if (options->no_cache) return std::nullopt;
    auto entry = cache.find(scoped_cache_key(options->policy.cache_scope(), key));
    if (!entry) return std::nullopt;
    StageState s = current;
    s.key = key;
    s.config = (*entry)["config"];
    s.layers.clear();
    try {
      std::optional<Digest> parent;
      for (const auto& l : (*entry)["layers"]) {
        image::Descriptor blob = image::parse_descriptor(l["blob"], "build cache");
        Digest diff_id = Digest::parse(l["diff_id"].get<std::string>());
        if (!images.blobs().has(blob.digest)) return std::nullopt;
        image::ImageLayer layer{images.ensure_layer(parent, blob, diff_id), blob};
        parent = layer.layer.chain_id;
        s.layers.push_back(layer);
      }
    } catch (const Error&) {
      return std::nullopt;  // its layers were garbage collected: build the step again
    }
    return s;
  }
  void to_cache(const StageState& s) {
    // The scope goes into the state too, so a deleted Space's entries can be pruned.
    cache.put(scoped_cache_key(options->policy.cache_scope(), s.key),
              {{"config", s.config},
               {"layers", layers_json(s.layers)},
               {"scope", options->policy.cache_scope()}});
  }

  // The upper dir of a step becomes a layer on top of the state's layers.
  void commit_layer(StageState& s, const StepRootfs& rootfs, const std::string& created_by) {
    if (!rootfs.changed()) {
      add_history(s, created_by, true);
      return;
    }
    auto stored = image::store_directory_as_layer(images, rootfs.upper());
    std::optional<Digest> parent;
    if (!s.layers.empty()) parent = s.layers.back().layer.chain_id;
    s.layers.push_back({images.ensure_layer(parent, stored.blob, stored.diff_id), stored.blob});
    s.config["rootfs"]["diff_ids"].push_back(stored.diff_id.str());
    add_history(s, created_by, false);
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
    Step step = begin("[internal] pull " + ref.str());
    registry::PullPolicy policy{
        options->policy.public_pulls_only(ref.domain()),
        options->policy.tenant_build() ? options->policy.max_pull_bytes : 0};
    registry::pull_image(
        images, ref,
        [&](const std::string& line) { emit("#" + std::to_string(step.number) + " " + line); },
        policy);
    done(step);
    pulled.insert(ref.str());
  }

  std::string image_not_found(const std::string& prefix, const std::string& name) {
    if (options->policy.tenant_build()) {
      auto ref = image::Reference::try_parse(name);
      return image_not_visible_message(ref ? ref->str() : name);
    }
    return prefix + name + ": image not found";
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
      s = build_stage(ref.stage);
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

  // The finished state of a stage: built now in this thread, or awaited from the thread that
  // builds it.
  StageState build_stage(size_t index) {
    const Stage& stage = dockerfile->stages.at(index);
    {
      std::unique_lock lock(mu);
      for (;;) {
        if (auto it = built.find(index); it != built.end()) return it->second;
        auto b = building.find(index);
        if (b == building.end()) break;
        if (b->second == std::this_thread::get_id()) {
          throw SourceError(stage.from.where,
                            "circular dependency detected on stage: " +
                                (stage.name.empty() ? std::to_string(index) : stage.name));
        }
        stage_done.wait(lock);
      }
      building[index] = std::this_thread::get_id();
    }
    try {
      StageState s = run_stage(stage);
      std::lock_guard lock(mu);
      building.erase(index);
      built[index] = s;
      stage_done.notify_all();
      return s;
    } catch (...) {
      std::lock_guard lock(mu);
      building.erase(index);
      stage_done.notify_all();
      throw;
    }
  }

  StageState run_stage(const Stage& stage) {
    StageState s;
    auto from_start = Clock::now();
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
    Step from_step = begin(stage_title(stage, position, count) + " " + stage.from.text);
    from_step.start = from_start;
    done(from_step);
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
      auto step = begin(stage_title(stage, position, count) + " " + raw.text);
      try {
        if (const auto* run = inst.as<RunInstruction>()) {
          run_step(s, inst, *run, step);
        } else if (const auto* copy = inst.as<CopyInstruction>()) {
          copy_step(s, inst, *copy, step);
        } else if (const auto* add = inst.as<AddInstruction>()) {
          add_step(s, inst, *add, step);
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
        std::lock_guard lock(mu);
        used_build_args.insert(def.name);
      } else if (def.default_value) {
        s.args[def.name] = expand(*def.default_value, lookup(s), dockerfile->escape);
      } else if (auto g = global_args.find(def.name); g != global_args.end()) {
        s.args[def.name] = g->second;  // a global ARG (or a platform ARG) without a default
      }
    }
  }

  void config_step(StageState& s, const Instruction& inst) {
    Json before = s.config.value("config", Json::object());
    auto& config = runtime_config(s);
    apply_config_instruction(config, inst, stage_shell(s));
    if (const auto* m = inst.as<MaintainerInstruction>()) s.config["author"] = m->name;
    Digest key = chain_key(s.key, {{"config", config}, {"author", s.config.value("author", "")}});
    if (auto hit = from_cache(key, s)) {
      s = *hit;
      return;
    }
    s.key = key;
    add_history(s, history_text(inst, stage_shell(s)), true);
    to_cache(s);
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
    r.bridge_network = bridge_network();
    const StepLimits& limits = options->policy.step_limits;
    r.limits.memory_bytes = limits.memory_bytes;
    if (limits.memory_bytes) r.limits.memory_swap_bytes = limits.memory_bytes;  // no swap
    r.limits.pids_limit = limits.pids;
    r.limits.cpus = limits.cpus;
    r.wall_time = limits.wall_time;

    // Secret values are read now: a keyed hash of each goes into the key, so a changed
    // secret misses the cache and the key says nothing about the value.
    std::map<std::string, std::string> secret_values;
    for (const auto& m : run.mounts) {
      if (m.type != MountType::kSecret) continue;
      std::string id = m.id.empty() ? std::filesystem::path(m.target).filename().string() : m.id;
      auto source = options->secrets.find(id);
      if (source == options->secrets.end()) {
        if (m.required) throw Error("secret " + id + ": not found");
        continue;
      }
      if (!secret_values.count(id)) secret_values[id] = secret_value(source->second);
    }

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
    if (auto hit = from_cache(key, s)) {
      cached(step);
      s = *hit;
      return;
    }

    StepRootfs rootfs(images, scratch(), s.layers, mounter());
    if (script_file) {
      auto host = rootfs.dir() / ("heredoc-" + script_file->name);
      write_file_replace(host, script_file->content, 0755);
      r.mounts.push_back({"bind", host.string(), r.argv[0], true, {"rbind"}});
    }
    std::optional<TempDir> secrets_dir;
    std::vector<std::unique_ptr<StepRootfs>> mounted_stages;
    std::vector<UniqueFd> cache_locks;  // held until the RUN ends
    std::vector<std::unique_ptr<WritableBind>> writable_binds;
    std::list<TempDir> private_caches;  // sharing=private when the cache was busy
    for (const auto& m : run.mounts) {
      switch (m.type) {
        case MountType::kSecret: {
          std::string id =
              m.id.empty() ? std::filesystem::path(m.target).filename().string() : m.id;
          auto found = secret_values.find(id);
          if (found == secret_values.end()) continue;  // optional and not given
          const std::string& value = found->second;
          if (!secrets_dir) secrets_dir.emplace(run_dir(), "build-secrets-");
          auto file = secrets_dir->path() / id;
          write_file_replace(file, value, m.mode.value_or(0400));
          if (::chown(file.c_str(), m.uid.value_or(0), m.gid.value_or(0)) != 0) {
            throw_errno("chown secret " + id);
          }
          std::string target = m.target.empty() ? "/run/secrets/" + id : m.target;
          if (!target.starts_with("/")) target = "/" + target;
          r.mounts.push_back({"bind", file.string(), target, true, {"rbind"}});
          if (m.env) r.env.push_back(*m.env + "=" + value);
          break;
        }
        case MountType::kCache: {
          std::string id = m.id.empty() ? m.target : m.id;
          // Each scope (the admin's builds, each Space) has cache mounts of its own.
          auto dir = cache_mounts_of_scope(root, options->policy.cache_scope()) /
                     Digest::sha256_of(id).hex();
          ensure_directory(dir.parent_path().parent_path(), 0700);
          ensure_directory(dir.parent_path(), 0700);
          // sharing=shared: any number of RUNs at once; locked: one at a time (the others
          // wait); private: a RUN that finds the cache in use gets a fresh one of its own.
          // flock on <dir>.lock, held until the RUN ends (the kernel drops it if we die).
          UniqueFd lock(
              ::open((dir.string() + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
          if (lock.get() < 0) throw_errno("cache mount " + id + ": open lock");
          bool private_copy = false;
          if (m.sharing == CacheSharing::kShared) {
            if (::flock(lock.get(), LOCK_SH) != 0) throw_errno("cache mount " + id + ": lock");
          } else if (m.sharing == CacheSharing::kLocked) {
            if (::flock(lock.get(), LOCK_EX) != 0) throw_errno("cache mount " + id + ": lock");
          } else if (::flock(lock.get(), LOCK_EX | LOCK_NB) != 0) {
            if (errno != EWOULDBLOCK) throw_errno("cache mount " + id + ": lock");
            private_copy = true;
          }
          cache_locks.push_back(std::move(lock));
          if (private_copy) {
            private_caches.emplace_back(scratch(), "private-cache-");
            dir = private_caches.back().path();
            ::chmod(dir.c_str(), m.mode.value_or(0755));
            if (::chown(dir.c_str(), m.uid.value_or(0), m.gid.value_or(0)) != 0) {
              throw_errno("chown cache mount " + id);
            }
          } else if (!std::filesystem::exists(dir)) {
            ensure_directory(dir, m.mode.value_or(0755));
            if (::chown(dir.c_str(), m.uid.value_or(0), m.gid.value_or(0)) != 0) {
              throw_errno("chown cache mount " + id);
            }
          }
          r.mounts.push_back(
              {"bind", dir.string(), resolve_workdir(r.workdir, m.target), false, {"rbind"}});
          break;
        }
        case MountType::kTmpfs: {
          std::vector<std::string> opts;
          if (m.size) opts.push_back("size=" + std::to_string(*m.size));
          r.mounts.push_back({"tmpfs", "", resolve_workdir(r.workdir, m.target), false, opts});
          break;
        }
        case MountType::kBind: {
          std::filesystem::path base;
          if (m.from.empty()) {
            base = context.root();
          } else {
            auto ref = resolve_from_flag(*dockerfile, s.stage, m.from, inst.where);
            mounted_stages.push_back(mount_source(ref, inst));
            base = mounted_stages.back()->merged();
          }
          UniqueFd base_fd(::open(base.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
          auto resolved = resolve_in_context(
              base_fd.get(),
              std::filesystem::path(m.source.empty() ? "." : m.source).lexically_normal().string());
          if (!resolved) throw Error("--mount=type=bind: source " + m.source + " not found");
          std::filesystem::path source = base / *resolved;
          if (!m.readonly) {
            // rw: the RUN may write there, and what it writes is thrown away (BuildKit): a
            // directory gets an overlay with a scratch upper dir, a file a scratch copy.
            writable_binds.push_back(std::make_unique<WritableBind>(scratch(), source));
            source = writable_binds.back()->path();
          }
          r.mounts.push_back({"bind",
                              source.string(),
                              resolve_workdir(r.workdir, m.target),
                              m.readonly,
                              {"rbind"}});
          break;
        }
        case MountType::kSsh:
          throw Error("RUN --mount=type=ssh is not supported yet");
      }
    }
    int code = run_in_rootfs(rootfs, r, runner, [&](std::string_view line) {
      double t = std::chrono::duration<double>(Clock::now() - step.start).count();
      char stamp[32];
      std::snprintf(stamp, sizeof stamp, "%.3f", t);
      emit("#" + std::to_string(step.number) + " " + stamp + " " + std::string(line));
    });
    if (code != 0) {
      std::string shown;
      for (const auto& a : r.argv) shown += (shown.empty() ? "" : " ") + a;
      throw Error("process \"" + shown +
                  "\" did not complete successfully: exit code: " + std::to_string(code));
    }
    s.key = key;
    commit_layer(s, rootfs, history_text(inst, shell));
    done(step);
    to_cache(s);
  }

  // The filesystem of another stage or an image, mounted for COPY --from / --mount from=.
  std::unique_ptr<StepRootfs> mount_source(const SourceRef& ref, const Instruction& inst) {
    if (ref.kind == SourceRef::Kind::kStage) {
      return std::make_unique<StepRootfs>(images, scratch(), build_stage(ref.stage).layers,
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

  Digest source_identity(const SourceRef& ref, const SourceLocation& where) {
    if (ref.kind == SourceRef::Kind::kStage) return build_stage(ref.stage).key;
    if (ref.kind == SourceRef::Kind::kScratch) return Digest::sha256_of("scratch");
    auto record =
        find_image_at(expand(ref.image, lookup_in(global_args), dockerfile->escape), where);
    return record ? record->id : Digest::sha256_of("missing " + ref.image);
  }

  // --- COPY / ADD -------------------------------------------------------------------------
  void copy_files(StageState& s, const Instruction& inst, const std::vector<std::string>& sources,
                  const std::vector<Heredoc>& inline_sources, const std::string& destination,
                  const std::string& from, const std::string& chown, std::optional<uint32_t> mode,
                  const std::vector<std::string>& excludes, bool parents, bool is_add,
                  const Step& step, std::vector<CopySource> downloaded = {},
                  const BuildContext* other_context = nullptr) {
    std::unique_ptr<StepRootfs> source_fs;
    std::optional<BuildContext> stage_context;
    const BuildContext* ctx = other_context ? other_context : &context;
    Digest from_identity = Digest::sha256_of(other_context ? "git" : "context");
    if (!from.empty()) {
      auto ref = resolve_from_flag(*dockerfile, s.stage, from, inst.where);
      from_identity = source_identity(ref, inst.where);
      source_fs = mount_source(ref, inst);
      stage_context.emplace(BuildContext::from_directory(source_fs->merged(), std::nullopt));
      ctx = &*stage_context;
    }
    std::vector<CopySource> resolved;
    if (!sources.empty()) resolved = resolve_sources(*ctx, sources, {excludes, parents});
    for (const auto& h : inline_sources) resolved.push_back(inline_source(h.name, h.content));
    for (auto& d : downloaded) resolved.push_back(std::move(d));
    if (resolved.empty() && sources.empty() && inline_sources.empty() && downloaded.empty()) {
      throw InvalidArgumentError("no source files were specified");
    }
    Digest content = digest_sources(*ctx, resolved);
    Digest key = chain_key(s.key, {{is_add ? "add" : "copy", content.str()},
                                   {"from", from_identity.str()},
                                   {"dest", destination},
                                   {"workdir", stage_workdir(s)},
                                   {"chown", chown},
                                   {"chmod", mode.value_or(0xffffffff)},
                                   {"parents", parents}});
    if (auto hit = from_cache(key, s)) {
      cached(step);
      s = *hit;
      return;
    }
    StepRootfs rootfs(images, scratch(), s.layers, mounter());
    CopyOptions copy_options;
    if (!chown.empty()) copy_options.chown = resolve_chown_in_rootfs(chown, rootfs.merged());
    copy_options.chmod = mode;
    copy_options.unpack_archives = is_add;
    copy_into_rootfs(*ctx, resolved, {rootfs.merged(), stage_workdir(s), destination},
                     copy_options);
    s.key = key;
    commit_layer(s, rootfs, history_text(inst, stage_shell(s)));
    done(step);
    to_cache(s);
  }

  void copy_step(StageState& s, const Instruction& inst, const CopyInstruction& c,
                 const Step& step) {
    copy_files(s, inst, c.sources, c.inline_sources, c.destination, c.from, c.chown, c.mode,
               c.excludes, c.parents, false, step);
  }

  void add_step(StageState& s, const Instruction& inst, const AddInstruction& a, const Step& step) {
    validate_checksum_flag(true, a.sources, a.checksum);
    // URLs are downloaded now (every build, as BuildKit does); the cache key then covers
    // their content like any other source.
    std::vector<std::string> local;
    std::vector<CopySource> downloaded;
    std::optional<TempDir> downloads;
    std::optional<TempDir> git_work;
    std::optional<BuildContext> git_context;
    for (const auto& src : a.sources) {
      switch (classify_source(src)) {
        case SourceKind::kLocal:
          local.push_back(src);
          break;
        case SourceKind::kGit: {
          // Checked out on every build, like a download; the content digest keys the cache.
          if (a.sources.size() != 1) {
            throw Error("ADD " + src +
                        ": a git repository with other sources is not supported yet");
          }
          auto git = parse_git_source(src);
          git_work.emplace(fetch_git(git, a.keep_git_dir));
          git_context.emplace(
              BuildContext::from_directory(git_work->path() / "repo", std::nullopt));
          local.push_back(git.subdir);
          break;
        }
        case SourceKind::kUrl: {
          if (!downloads)
            downloads.emplace((ensure_directory(scratch(), 0700), scratch()), "download-");
          CurlFetcher fetcher(options->policy.public_fetches_only() ? FetchPolicy::for_tenant()
                                                                    : FetchPolicy{});
          std::optional<std::string> checksum;
          if (!a.checksum.empty()) checksum = a.checksum;
          downloaded.push_back(resolve_url_source(fetcher, src, checksum, downloads->path()));
          break;
        }
      }
    }
    copy_files(s, inst, local, a.inline_sources, a.destination, "", a.chown, a.mode, a.excludes,
               false, !git_context, step, std::move(downloaded),
               git_context ? &*git_context : nullptr);
  }

  // The network RUN steps and a Space's git fetch join: the reserved build network, closed to
  // private addresses and the host, unless the admin allowed this build network.private.
  std::string bridge_network() const {
    return options->policy.public_fetches_only() ? network::kBuildNetworkName : "bridge";
  }

  // A Space's git fetch runs in a network namespace of the build network's (not the host's:
  // its loopback and the server stay out of reach) and only towards public addresses; the
  // admin's runs on the host's network, as BuildKit's does. Both as nobody (git_checkout.hpp).
  TempDir fetch_git(const GitSource& git, bool keep_git_dir) {
    GitFetchSandbox sandbox;
    sandbox.public_addresses_only = options->policy.public_fetches_only();
    sandbox.pass_proxy_environment = !options->policy.tenant_build();
    if (!options->policy.tenant_build()) return checkout_git(git, keep_git_dir, sandbox);
    if (!runner.networks || options->default_network != "bridge") {
      throw Error(
          "ADD of a git repository in a Space build needs the build network (it is "
          "not supported with --network " +
          options->default_network + ")");
    }
    std::string id = random_hex24();
    auto networking =
        runner.networks->connect_container(id, "build-git-" + id, {{bridge_network(), {}, ""}}, {});
    struct Release {
      network::NetworkManager* networks;
      std::string id;
      ~Release() {
        try {
          networks->disconnect_container(id);
        } catch (const std::exception& e) {
          std::fprintf(stderr, "warning: release the network of a git fetch: %s\n", e.what());
        }
      }
    } release{runner.networks, id};
    sandbox.netns = networking.netns;
    return checkout_git(git, keep_git_dir, sandbox);
  }

  // --- WORKDIR ----------------------------------------------------------------------------
  void workdir_step(StageState& s, const Instruction& inst, const WorkdirInstruction& w,
                    const Step& step) {
    std::string path = resolve_workdir(stage_workdir(s), w.path);
    runtime_config(s)["WorkingDir"] = path;
    Digest key = chain_key(s.key, {{"workdir", path}, {"user", stage_user(s)}});
    if (auto hit = from_cache(key, s)) {
      cached(step);
      s = *hit;
      return;
    }
    StepRootfs rootfs(images, scratch(), s.layers, mounter());
    std::optional<Ownership> owner;
    if (!stage_user(s).empty()) owner = resolve_chown_in_rootfs(stage_user(s), rootfs.merged());
    make_directories_in_rootfs(rootfs.merged(), path, owner);
    s.key = key;
    commit_layer(s, rootfs, history_text(inst, stage_shell(s)));
    done(step);
    to_cache(s);
  }

  // --- stage graph ---------------------------------------------------------------------
  // The earlier stages a stage uses (FROM, COPY --from, RUN --mount from=).
  std::set<size_t> stage_dependencies(size_t index) {
    std::set<size_t> deps;
    for (const auto& ref : dockerfile->references()) {
      if (ref.stage != index) continue;
      SourceRef target;
      if (ref.kind == StageReference::Kind::kFrom) {
        target = resolve_base(*dockerfile, index,
                              expand(ref.name, lookup_in(global_args), dockerfile->escape));
      } else {
        target = resolve_from_flag(*dockerfile, index, ref.name, ref.where);
      }
      if (target.kind == SourceRef::Kind::kStage) deps.insert(target.stage);
    }
    return deps;
  }

  void build_dependencies_in_parallel(size_t target) {
    std::map<size_t, std::set<size_t>> needed;
    std::vector<size_t> todo = {target};
    while (!todo.empty()) {
      size_t i = todo.back();
      todo.pop_back();
      if (needed.count(i)) continue;
      needed[i] = stage_dependencies(i);
      for (size_t d : needed[i]) todo.push_back(d);
    }
    needed.erase(target);
    std::set<size_t> done;
    while (!needed.empty()) {
      std::vector<size_t> wave;
      for (const auto& [i, deps] : needed) {
        bool ready = true;
        for (size_t d : deps) ready = ready && done.count(d);
        if (ready) wave.push_back(i);
      }
      if (wave.empty()) {
        const Stage& s = dockerfile->stages.at(needed.begin()->first);
        throw SourceError(s.from.where, "circular dependency detected on stage: " +
                                            (s.name.empty() ? std::to_string(s.index) : s.name));
      }
      std::vector<std::thread> threads;
      std::vector<std::exception_ptr> errors(wave.size());
      for (size_t w = 0; w < wave.size(); ++w) {
        threads.emplace_back([this, &wave, &errors, w] {
          try {
            build_stage(wave[w]);
          } catch (...) {
            errors[w] = std::current_exception();
          }
        });
      }
      for (auto& t : threads) t.join();
      for (auto& e : errors) {
        if (e) std::rethrow_exception(e);
      }
      for (size_t i : wave) {
        done.insert(i);
        needed.erase(i);
      }
    }
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
      progress << "#0 note: # syntax=" << *dockerfile->directives.syntax
               << " is ignored: berth has its own Dockerfile frontend\n";
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

    // Only the stages the target needs are built, each as soon as the stages it uses are
    // done, independent ones in parallel.
    build_dependencies_in_parallel(target->index);
    StageState final_state = build_stage(target->index);

    auto step = begin("exporting to image");
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
    if (!doc.contains("created")) doc["created"] = now_text();
    std::vector<image::Descriptor> blobs;
    for (const auto& l : final_state.layers) blobs.push_back(l.blob);
    Digest id = image::publish_image(images, doc, blobs, opts.tags);
    progress << "#" << step.number << " writing image " << id.str() << " done\n";
    for (const auto& t : opts.tags) {
      progress << "#" << step.number << " naming to " << t.str() << " done\n";
    }
    done(step);

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
