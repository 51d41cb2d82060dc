#include "spaces/git/git_refs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>

#include "base/child_io.hpp"
#include "base/error.hpp"
#include "base/fs.hpp"
#include "spaces/git/git_command.hpp"
#include "spaces/git/git_names.hpp"

namespace berth::spaces {
namespace {

constexpr std::string_view kZeroId = "0000000000000000000000000000000000000000";
// A ref file holds an id and a newline; anything much longer is not one.
constexpr size_t kMaxRefFile = 256;

std::string refs_git_dir(const fs::path& repository) {
  return "--git-dir=" + repository.string();
}

// The object names a request's revision may stand for, in the order they are tried: a branch
// before a tag of the same name (git's own order is the reverse), then a commit id.
std::vector<std::string> revision_candidates(std::string_view revision) {
  std::string rev(revision);
  if (revision == "HEAD" || revision.starts_with("refs/")) return {rev};
  std::vector<std::string> out = {"refs/heads/" + rev, "refs/tags/" + rev};
  if (revision.size() >= 4 && revision.size() <= 40 &&
      std::all_of(revision.begin(), revision.end(),
                  [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); })) {
    out.push_back(rev);
  }
  return out;
}

std::optional<std::string> read_small_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text(kMaxRefFile + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxRefFile) return std::nullopt;
  return text;
}

// `git update-ref REF NEW OLD`: OLD is the zero id to create, NEW the zero id never (deletes
// use -d). Git's "exists" refusals become ConflictError.
void update_ref(const fs::path& repository, const std::string& ref, std::string_view new_id,
                std::string_view old_id, std::string_view what) {
  GitResult result = run_git({.args = {refs_git_dir(repository), "update-ref", "--no-deref", ref,
                                       std::string(new_id), std::string(old_id)}});
  if (result.exit_code == 0) return;
  std::string message = last_line(result.err);
  if (message.find("exists") != std::string::npos)
    throw ConflictError(std::string(what) + ": " + message);
  throw Error(std::string(what) + ": " + message);
}

// Deletes `prefix` + `name`, a `kind` ("branch", "tag"), if it still holds what it held when
// looked up: a ref moved meanwhile is not deleted.
void delete_ref(const fs::path& repository, std::string_view kind, std::string_view prefix,
                std::string_view name) {
  std::string ref = std::string(prefix) + std::string(name);
  std::optional<std::string> id;
  if (is_valid_ref_name(name)) {
    GitResult result = run_git({.args = {refs_git_dir(repository), "rev-parse", "--verify",
                                         "--quiet", "--end-of-options", ref}});
    if (result.exit_code == 0) id = last_line(result.out);
  }
  if (!id) {
    throw NotFoundError(fmt::format("{} \"{}\" not found", kind, name.substr(0, 300)));
  }
  run_git_checked({.args = {refs_git_dir(repository), "update-ref", "--no-deref", "-d", ref, *id}},
                  fmt::format("delete {} {}", kind, name));
}

}  // namespace

std::optional<std::string> resolve_revision(const fs::path& repository, std::string_view revision) {
  if (!is_valid_revision(revision)) return std::nullopt;
  // One cat-file for every candidate: its input lines are object names, never options.
  UniqueFd input = make_memfd("berth-git-revisions");
  std::string lines;
  for (const auto& candidate : revision_candidates(revision)) lines += candidate + "^{commit}\n";
  write_all(input.get(), lines.data(), lines.size(), "git's input");
  if (::lseek(input.get(), 0, SEEK_SET) != 0) throw Error("rewinding git's input failed");
  UniqueFd out = make_memfd("berth-git-out");
  UniqueFd err = make_memfd("berth-git-err");
  GitProcess git({.args = {refs_git_dir(repository), "cat-file", "--batch-check"}},
                 {.in = input.get(), .out = out.get(), .err = err.get()});
  int status = git.wait();
  if (status != 0) {
    throw Error(fmt::format("resolve {} in {}: {}", revision, repository.string(),
                            last_line(read_from_start(err.get(), "git's errors"))));
  }
  std::string text = read_from_start(out.get(), "git's output");
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    // "<id> commit <size>" when found; "<name> missing" or "<name> ambiguous" otherwise.
    if (line.size() > 41 && line.substr(40).starts_with(" commit ") &&
        is_full_commit_id(line.substr(0, 40))) {
      return std::string(line.substr(0, 40));
    }
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<std::string> branch_head(const fs::path& repository, std::string_view branch) {
  if (!is_valid_ref_name(branch)) return std::nullopt;
  std::string ref = "refs/heads/" + std::string(branch);
  // A loose ref wins over packed-refs, as in git.
  if (auto loose = read_small_file(repository / ref)) {
    std::string_view id(*loose);
    if (id.ends_with('\n')) id.remove_suffix(1);
    if (is_full_commit_id(id)) return std::string(id);
    return resolve_revision(repository, ref);  // a symbolic ref: let git follow it
  }
  std::ifstream packed(repository / "packed-refs");
  std::string line;
  while (std::getline(packed, line)) {
    // "<id> <ref>"; '#' starts the header, '^' a peeled tag line.
    if (line.size() == 41 + ref.size() && line.compare(41, std::string::npos, ref) == 0 &&
        line[40] == ' ' && is_full_commit_id(std::string_view(line).substr(0, 40))) {
      return line.substr(0, 40);
    }
  }
  return std::nullopt;
}

std::optional<std::string> default_branch_head(const fs::path& repository) {
  if (auto main = branch_head(repository, "main")) return main;
  return branch_head(repository, "master");
}

GitRefList list_refs(const fs::path& repository, size_t max_refs) {
  std::string out = run_git_checked(
      {.args = {refs_git_dir(repository), "for-each-ref",
                "--format=%(refname)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*"
                "objectname)",
                "refs/heads/", "refs/tags/"}},
      "list the refs of " + repository.string());
  GitRefList refs;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    std::string_view line(out.data() + start, end - start);
    start = end + 1;
    std::vector<std::string_view> fields;
    for (size_t from = 0;;) {
      size_t nul = line.find('\0', from);
      fields.push_back(line.substr(from, nul - from));
      if (nul == std::string_view::npos) break;
      from = nul + 1;
    }
    if (fields.size() != 5) continue;
    // A tag on a tree or a blob is no revision the Hub shows.
    std::string_view target = fields[1] == "commit"   ? fields[2]
                              : fields[3] == "commit" ? fields[4]
                                                      : std::string_view();
    if (target.empty()) continue;
    GitRef ref{.name = {}, .ref = std::string(fields[0]), .target_commit = std::string(target)};
    auto& list = ref.ref.starts_with("refs/heads/") ? refs.branches : refs.tags;
    ref.name = ref.ref.substr(ref.ref.starts_with("refs/heads/") ? 11 : 10);
    if (list.size() >= max_refs) {
      throw Error(
          fmt::format("{} has more than {} branches or tags", repository.string(), max_refs));
    }
    list.push_back(std::move(ref));
  }
  return refs;
}

void create_branch(const fs::path& repository, std::string_view name, std::string_view commit) {
  if (!is_valid_ref_name(name)) {
    throw InvalidArgumentError("invalid branch name \"" + std::string(name.substr(0, 300)) + "\"");
  }
  if (!is_full_commit_id(commit)) {
    throw InvalidArgumentError("a branch starts at a commit id, not \"" + std::string(commit) +
                               "\"");
  }
  update_ref(repository, "refs/heads/" + std::string(name), commit, kZeroId,
             "create branch " + std::string(name));
}

void delete_branch(const fs::path& repository, std::string_view name) {
  delete_ref(repository, "branch", "refs/heads/", name);
}

void delete_tag(const fs::path& repository, std::string_view name) {
  delete_ref(repository, "tag", "refs/tags/", name);
}

void create_tag(const fs::path& repository, std::string_view name, std::string_view commit,
                const std::optional<std::string>& message, const GitPerson& tagger) {
  if (!is_valid_ref_name(name)) {
    throw InvalidArgumentError("invalid tag name \"" + std::string(name.substr(0, 300)) + "\"");
  }
  if (!is_full_commit_id(commit)) {
    throw InvalidArgumentError("a tag points at a commit id, not \"" + std::string(commit) + "\"");
  }
  std::string what = "create tag " + std::string(name);
  if (!message) {
    update_ref(repository, "refs/tags/" + std::string(name), commit, kZeroId, what);
    return;
  }
  if (message->find('\0') != std::string::npos) {
    throw InvalidArgumentError("a tag message cannot hold a NUL character");
  }
  // The tagger is git's committer identity. The name was checked: it does not start with '-'.
  GitResult result =
      run_git({.args = {refs_git_dir(repository), "tag", "--annotate", "--cleanup=verbatim",
                        "--message=" + *message, std::string(name), std::string(commit)},
               .environment = {"GIT_COMMITTER_NAME=" + tagger.name,
                               "GIT_COMMITTER_EMAIL=" + tagger.email}});
  if (result.exit_code == 0) return;
  std::string error = last_line(result.err);
  if (error.find("already exists") != std::string::npos) throw ConflictError(what + ": " + error);
  throw Error(what + ": " + error);
}

}  // namespace berth::spaces
