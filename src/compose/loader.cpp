#include "compose/loader.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <unordered_set>
#include <utility>

#include "base/go_quote.hpp"
#include "compose/bounded_file.hpp"
#include "compose/compose_error.hpp"
#include "compose/dotenv.hpp"
#include "compose/file_tree.hpp"
#include "compose/interpolation.hpp"
#include "compose/limits.hpp"
#include "compose/merge.hpp"
#include "compose/project_files.hpp"
#include "compose/project_reader.hpp"
#include "compose/value_reader.hpp"
#include "compose/yaml_reader.hpp"

namespace berth::compose {
namespace {

namespace fs = std::filesystem;

using Environment = std::map<std::string, std::string, std::less<>>;

VariableLookup lookup_in(const Environment& env) {
  return [&env](std::string_view name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
}

class Loader {
 public:
  explicit Loader(const ProjectOptions& options) : options_(options) {
    auto home = options.environment.find("HOME");
    home_ = home == options.environment.end() ? "/root" : home->second;
  }

  Project load() {
    std::vector<std::string> files = compose_files();
    std::string project_dir = options_.project_directory.empty()
                                  ? fs::path(files[0]).parent_path().string()
                                  : absolute(options_.project_directory);
    Environment env = project_environment(project_dir);
    auto lookup = lookup_in(env);

    // As compose-go: every document of every file is merged in turn over all that came before,
    // so a `!reset` or `!override` in any document applies to all the earlier ones.
    Node merged = Node::make_mapping(shown(files[0]), 1);
    for (const auto& file : files) load_file(file, project_dir, env, 0, merged);

    Project project = read_project(
        merged, ProjectReadOptions{project_name(merged, env, project_dir), profiles(env), lookup});
    project.working_dir = project_dir;
    project.files = files;
    project.warnings = std::move(warnings_);
    return project;
  }

 private:
  std::string absolute(const std::string& path) const {
    return resolve_path(path, options_.working_dir, home_);
  }

  // How messages name a file: relative to the current directory when below it.
  std::string shown(const std::string& path) const {
    std::string rel = fs::path(path).lexically_relative(options_.working_dir).string();
    if (rel.empty() || rel.starts_with("..")) return path;
    return rel;
  }

  // -f, else COMPOSE_FILE (paths separated by COMPOSE_PATH_SEPARATOR, default ':').
  std::vector<std::string> given_files() const {
    if (!options_.files.empty()) return options_.files;
    auto it = options_.environment.find("COMPOSE_FILE");
    if (it == options_.environment.end() || it->second.empty()) return {};
    auto sep = options_.environment.find("COMPOSE_PATH_SEPARATOR");
    char separator =
        sep != options_.environment.end() && sep->second.size() == 1 ? sep->second[0] : ':';
    std::vector<std::string> out;
    size_t start = 0;
    const std::string& v = it->second;
    while (start <= v.size()) {
      size_t at = v.find(separator, start);
      std::string f = v.substr(start, at == std::string::npos ? at : at - start);
      if (!f.empty()) out.push_back(f);
      if (at == std::string::npos) break;
      start = at + 1;
    }
    return out;
  }

  std::vector<std::string> compose_files() {
    std::vector<std::string> files;
    for (const auto& f : given_files()) {
      if (f == "-") {
        // The file on standard input stands in the current directory, as compose has it.
        if (!options_.standard_input) throw ComposeError("-f -: no standard input was given");
        stdin_path_ = (fs::path(options_.working_dir) / "-").string();
        files.push_back(stdin_path_);
        shown_[files.back()] = std::string(1, '-');  // not "-": GCC 12 -Wrestrict
        continue;
      }
      files.push_back(absolute(f));
      shown_[files.back()] = f;
    }
    if (files.empty()) {
      std::string dir = options_.project_directory.empty() ? options_.working_dir
                                                           : absolute(options_.project_directory);
      std::string warning;
      files = find_compose_files(dir, warning);
      if (!warning.empty()) warnings_.push_back(warning);
      if (files.empty()) {
        throw ComposeError(
            "no configuration file provided: not found (compose.yaml, compose.yml, "
            "docker-compose.yaml or docker-compose.yml in this directory or a parent)");
      }
    }
    for (const auto& f : files) {
      std::error_code ec;
      if (f != stdin_path_ && !fs::is_regular_file(f, ec)) {
        throw ComposeError(fmt::format("open {}: no such file or directory", name_of(f)));
      }
    }
    return files;
  }

  std::string name_of(const std::string& path) const {
    auto it = shown_.find(path);
    return it != shown_.end() ? it->second : shown(path);
  }

  // The variables files are interpolated with: .env (or --env-file), then the process's
  // environment over them.
  Environment project_environment(const std::string& project_dir) {
    Environment env(options_.environment.begin(), options_.environment.end());
    auto lookup = lookup_in(env);
    std::vector<std::pair<std::string, std::string>> dotenv;
    if (!options_.env_files.empty()) {
      for (const auto& f : options_.env_files) {
        std::string path = absolute(f);
        std::error_code ec;
        if (!fs::is_regular_file(path, ec)) {
          throw ComposeError(fmt::format("couldn't find env file: {}", path));
        }
        for (auto& kv : read_dotenv(path, f, lookup)) dotenv.push_back(std::move(kv));
      }
    } else {
      std::string path = (fs::path(project_dir) / ".env").string();
      std::error_code ec;
      if (fs::is_regular_file(path, ec)) dotenv = read_dotenv(path, shown(path), lookup);
    }
    for (auto& [k, v] : dotenv) env.emplace(k, v);  // the process's environment wins
    return env;
  }

  static void check_size(const Node& tree) {
    if (count_nodes(tree, kMaxProjectNodes) > kMaxProjectNodes) {
      fail_at(tree, "",
              fmt::format("the project stands for more than {} YAML nodes (files merged, "
                          "extends applied)",
                          kMaxProjectNodes));
    }
  }

  void count_file(const std::string& path) {
    if (++files_read_ > kMaxFiles) {
      throw ComposeError(fmt::format("{}: more than {} compose files (include and extends)",
                                     name_of(path), kMaxFiles));
    }
  }

  std::string file_text(const std::string& path, const std::string& name) const {
    if (stdin_path_.empty() || path != stdin_path_) return read_bounded_file(path, name);
    if (options_.standard_input->size() > kMaxFileBytes) {
      fail_at(name, 0, "", fmt::format("the file is larger than {} MiB", kMaxFileBytes >> 20));
    }
    return *options_.standard_input;
  }

  // Merges the file's documents, in turn, into `into`.
  void load_file(const std::string& path, const std::string& base_dir, const Environment& env,
                 int include_depth, Node& into) {
    count_file(path);
    std::string name = name_of(path);
    std::vector<Node> documents = read_yaml_documents(file_text(path, name), name);
    if (documents.empty()) fail_at(name, 1, "", "empty compose file");
    // Each document is processed as compose does (interpolation, includes, extends within the
    // document) and merged over the previous ones, of this file and of the files before it.
    size_t interpolation_budget = kMaxExpandedBytes;
    bool warned = false;
    for (Node& root : documents) {
      if (root.is_null()) fail_at(root, "", "empty compose file");
      if (!root.is_mapping()) {
        fail_at(root, "", fmt::format("the top level must be a mapping, not {}", kind_name(root)));
      }
      if (root.find("version") != nullptr) {
        if (!std::exchange(warned, true)) {
          warnings_.push_back(
              fmt::format("{}: the attribute `version` is obsolete, it will be "
                          "ignored, please remove it to avoid potential confusion",
                          name));
        }
        root.erase("version");
      }
      interpolate_tree(root, lookup_in(env), interpolation_budget);
      canonicalize_file_tree(root, base_dir, home_);
      apply_includes(root, base_dir, env, include_depth);
      apply_extends(root, env);
      merge_into(into, root);
      check_size(into);
    }
  }

  // include: [path] or [{path, project_directory, env_file}]: the included files are a
  // project of their own (their paths relative to their own directory), whose resources join
  // this file's; a resource defined on both sides is a conflict.
  void apply_includes(Node& root, const std::string& base_dir, const Environment& env, int depth) {
    Node* include = root.find("include");
    if (include == nullptr) return;
    Node list = std::move(*include);
    root.erase("include");
    if (list.is_null()) return;
    if (depth >= kMaxIncludeDepth) {
      fail_at(list, "include",
              fmt::format("includes are nested more than {} deep", kMaxIncludeDepth));
    }
    if (!list.is_sequence()) fail_at(list, "include", "expected a list");
    for (size_t i = 0; i < list.items.size(); ++i) {
      const Node& item = list.items[i];
      std::string p = item_path("include", i);
      std::vector<std::string> paths;
      std::string project_dir;
      std::vector<std::string> env_files;
      if (item.is_scalar()) {
        paths.push_back(item.scalar);
      } else {
        expect_mapping(item, p);
        expect_keys(item, p, {"path", "project_directory", "env_file"});
        const Node* path = item.find("path");
        if (path == nullptr) fail_at(item, p, "path is required");
        paths = read_string_list(*path, p + ".path", true);
        if (const Node* d = item.find("project_directory")) {
          project_dir = resolve_path(read_string(*d, p + ".project_directory"), base_dir, home_);
        }
        if (const Node* e = item.find("env_file")) {
          for (const auto& f : read_string_list(*e, p + ".env_file", true)) {
            env_files.push_back(resolve_path(f, base_dir, home_));
          }
        }
      }
      for (auto& path : paths) path = resolve_path(path, base_dir, home_);
      if (project_dir.empty()) project_dir = fs::path(paths[0]).parent_path().string();
      Environment sub_env = env;
      if (env_files.empty()) {
        std::string dotenv = (fs::path(project_dir) / ".env").string();
        std::error_code ec;
        if (fs::is_regular_file(dotenv, ec)) env_files.push_back(dotenv);
      }
      for (const auto& f : env_files) {
        for (auto& [k, v] : read_dotenv(f, shown(f), lookup_in(env))) sub_env.emplace(k, v);
      }
      Node included = Node::make_mapping(item.file, item.line);
      for (const auto& path : paths) {
        std::error_code ec;
        if (!fs::is_regular_file(path, ec)) {
          fail_at(item, p, fmt::format("included file {} not found", path));
        }
        load_file(path, project_dir, sub_env, depth + 1, included);
      }
      join_included(root, included, item, p);
      check_size(root);
    }
  }

  static void join_included(Node& root, const Node& included, const Node& at,
                            const std::string& p) {
    for (const auto& section : included.entries) {
      if (section.key == "name" || !section.value.is_mapping()) continue;
      Node* mine = root.find(section.key);
      if (mine == nullptr || mine->is_null()) {
        root.set(section.key, section.value);
        continue;
      }
      std::unordered_set<std::string> have;
      for (const auto& e : mine->entries) have.insert(e.key);
      for (const auto& e : section.value.entries) {
        if (!have.insert(e.key).second) {
          if (section.key != "services") continue;
          fail_at(at, p, fmt::format("services.{} conflicts with an imported resource", e.key));
        }
        mine->entries.push_back(e);
      }
    }
  }

  // extends: {service, file}: the base service (resolved in turn), with this service merged
  // over it. As in compose, within one file (one document): a base service from another -f
  // file is named with extends.file.
  void apply_extends(Node& root, const Environment& env) {
    Node* services = root.find("services");
    if (services == nullptr || !services->is_mapping()) return;
    size_t total = count_nodes(root, kMaxProjectNodes);
    for (auto& e : services->entries) {
      if (e.value.find("extends") == nullptr) continue;
      std::set<std::string> chain;
      Node resolved = resolve_extends(*services, "", e.key, env, chain, 0);
      total += count_nodes(resolved, kMaxProjectNodes);
      if (total > kMaxProjectNodes) {
        fail_at(e.value, child_path("services", e.key),
                fmt::format("the project stands for more than {} YAML nodes (files merged, "
                            "extends applied)",
                            kMaxProjectNodes));
      }
      e.value = std::move(resolved);
    }
  }

  Node resolve_extends(const Node& services, const std::string& file, const std::string& name,
                       const Environment& env, std::set<std::string>& chain, int depth) {
    const Node* node = services.find(name);
    std::string p = child_path("services", name);
    if (node == nullptr)
      throw ComposeError(fmt::format("cannot extend service {}: not found", go_quote(name)));
    const Node* ext = node->is_mapping() ? node->find("extends") : nullptr;
    if (ext == nullptr) return *node;
    if (depth >= kMaxExtendsDepth) {
      fail_at(*ext, p + ".extends",
              fmt::format("extends is chained more than {} deep", kMaxExtendsDepth));
    }
    if (!chain.insert(file + "#" + name).second) {
      fail_at(*ext, p + ".extends",
              fmt::format("circular reference with extends in {}", go_quote(name)));
    }
    std::string base_name, base_file;
    if (ext->is_scalar()) {
      base_name = ext->scalar;
    } else {
      expect_mapping(*ext, p + ".extends");
      expect_keys(*ext, p + ".extends", {"service", "file"});
      const Node* s = ext->find("service");
      if (s == nullptr) fail_at(*ext, p + ".extends", "service is required");
      base_name = read_string(*s, p + ".extends.service");
      if (const Node* f = ext->find("file")) base_file = read_string(*f, p + ".extends.file");
    }
    Node base;
    if (base_file.empty() || base_file == file) {
      if (services.find(base_name) == nullptr) {
        fail_at(*ext, p + ".extends",
                fmt::format("cannot extend service {}: service {} not found", go_quote(name),
                            go_quote(base_name)));
      }
      base = resolve_extends(services, file, base_name, env, chain, depth + 1);
    } else {
      const Node& other = extends_file(base_file, *ext, p, env);
      const Node* other_services = other.find("services");
      if (other_services == nullptr || other_services->find(base_name) == nullptr) {
        fail_at(*ext, p + ".extends",
                fmt::format("cannot extend service {}: service {} not found in {}", go_quote(name),
                            go_quote(base_name), base_file));
      }
      base = resolve_extends(*other_services, base_file, base_name, env, chain, depth + 1);
    }
    chain.erase(file + "#" + name);
    Node over = *node;
    over.erase("extends");
    if (!base.is_mapping()) base = Node::make_mapping(node->file, node->line);
    base.erase("extends");
    merge_into(base, over, p);
    base.file = node->file;
    base.line = node->line;
    return base;
  }

  const Node& extends_file(const std::string& path, const Node& at, const std::string& p,
                           const Environment& env) {
    auto it = extends_files_.find(path);
    if (it != extends_files_.end()) return it->second;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
      fail_at(at, p + ".extends.file", fmt::format("file {} not found", path));
    }
    Node tree = Node::make_mapping(name_of(path), 1);
    load_file(path, fs::path(path).parent_path().string(), env, 0, tree);
    return extends_files_.emplace(path, std::move(tree)).first->second;
  }

  std::string project_name(const Node& merged, const Environment& env,
                           const std::string& project_dir) const {
    if (!options_.project_name.empty()) {
      if (!valid_project_name(options_.project_name)) {
        throw ComposeError(fmt::format(
            "invalid project name {}: must consist only of lowercase alphanumeric characters, "
            "hyphens, and underscores as well as start with a letter or number",
            go_quote(options_.project_name)));
      }
      return options_.project_name;
    }
    if (auto it = env.find("COMPOSE_PROJECT_NAME"); it != env.end() && !it->second.empty()) {
      if (!valid_project_name(it->second)) {
        throw ComposeError(
            fmt::format("invalid project name {} (COMPOSE_PROJECT_NAME)", go_quote(it->second)));
      }
      return it->second;
    }
    if (const Node* name = merged.find("name"); name != nullptr && !name->is_null()) {
      std::string n = read_string(*name, "name");
      if (!valid_project_name(n)) {
        fail_at(*name, "name",
                fmt::format("invalid project name {}: must consist only of lowercase "
                            "alphanumeric characters, hyphens, and underscores as well as "
                            "start with a letter or number",
                            go_quote(n)));
      }
      return n;
    }
    std::string n = normalize_project_name(fs::path(project_dir).filename().string());
    if (n.empty()) {
      throw ComposeError(
          fmt::format("cannot make a project name from the directory {}: use -p", project_dir));
    }
    return n;
  }

  std::vector<std::string> profiles(const Environment& env) const {
    if (!options_.profiles.empty()) return options_.profiles;
    std::vector<std::string> out;
    auto it = env.find("COMPOSE_PROFILES");
    if (it == env.end()) return out;
    size_t start = 0;
    const std::string& v = it->second;
    while (start <= v.size()) {
      size_t comma = v.find(',', start);
      std::string p = v.substr(start, comma == std::string::npos ? comma : comma - start);
      if (!p.empty()) out.push_back(p);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return out;
  }

  const ProjectOptions& options_;
  std::string home_;
  std::map<std::string, std::string> shown_;
  std::string stdin_path_;  // the stand-in path of `-f -`, when given
  std::vector<std::string> warnings_;
  std::map<std::string, Node> extends_files_;
  size_t files_read_ = 0;
};

}  // namespace

Project load_project(const ProjectOptions& options) {
  return Loader(options).load();
}

}  // namespace berth::compose
