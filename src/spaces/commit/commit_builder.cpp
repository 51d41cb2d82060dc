#include "spaces/commit/commit_builder.hpp"

#include <fcntl.h>

#include <map>
#include <vector>

#include "base/fs.hpp"
#include "spaces/commit/git_patterns.hpp"
#include "spaces/commit/git_tree.hpp"
#include "spaces/commit/lfs_pointer.hpp"
#include "spaces/git/git_repository.hpp"

namespace berth::spaces {

namespace {

constexpr std::string_view kZeroId = "0000000000000000000000000000000000000000";

struct PlannedEntry {
  std::string mode;
  std::string object;           // set for entries kept from the parent
  std::ptrdiff_t content = -1;  // else the index of its new content
};

using Plan = std::map<std::string, PlannedEntry>;

struct PlannedCommit {
  Plan files;
  std::vector<std::string> contents;
};

// A .gitattributes pattern that matches exactly `path`: glob characters escaped, whitespace as
// git-lfs writes it.
std::string literal_pattern(std::string_view path) {
  std::string out;
  for (char c : path) {
    if (c == ' ') {
      out += "[[:space:]]";
    } else {
      if (c == '*' || c == '?' || c == '[' || c == '\\' || c == '#' || c == '!') out += '\\';
      out += c;
    }
  }
  return out;
}

// As the Hub does: an LFS file that the .gitattributes does not mark gets a line of its own,
// so git-lfs clones (and the Hub's own rules) see it as LFS.
void track_lfs_paths(const std::filesystem::path& repository, PlannedCommit& planned,
                     const std::vector<std::string>& lfs_paths) {
  if (lfs_paths.empty()) return;
  constexpr std::string_view kAttributes = ".gitattributes";
  std::string current;
  if (auto it = planned.files.find(std::string(kAttributes)); it != planned.files.end()) {
    if (it->second.content >= 0) {
      current = planned.contents[it->second.content];
    } else {
      current = read_blobs(repository, {it->second.object})[it->second.object];
    }
  }
  LfsAttributes attributes(current);
  std::string added;
  for (const auto& path : lfs_paths) {
    auto entry = planned.files.find(path);
    if (entry == planned.files.end() || attributes.is_lfs(path)) continue;  // deleted since
    added += literal_pattern(path) + " filter=lfs diff=lfs merge=lfs -text\n";
  }
  if (added.empty()) return;
  if (!current.empty() && current.back() != '\n') current += '\n';
  planned.contents.push_back(current + added);
  planned.files[std::string(kAttributes)] =
      PlannedEntry{"100644", "", static_cast<std::ptrdiff_t>(planned.contents.size() - 1)};
}

PlannedCommit plan_commit(const std::filesystem::path& repository,
                          const std::optional<std::string>& head, const CommitPayload& payload,
                          const LfsObjectStore& store) {
  PlannedCommit planned;
  Plan& files = planned.files;
  if (head) {
    for (auto& entry : list_tree(repository, *head)) {
      files.emplace(std::move(entry.path), PlannedEntry{entry.mode, entry.object});
    }
  }
  auto add_content = [&](const std::string& path, std::string content) {
    auto existing = files.find(path);
    // An update keeps a script executable, as git does; anything else becomes a plain file.
    std::string mode =
        existing != files.end() && existing->second.mode == "100755" ? "100755" : "100644";
    planned.contents.push_back(std::move(content));
    files[path] = PlannedEntry{mode, "", static_cast<std::ptrdiff_t>(planned.contents.size() - 1)};
  };
  std::vector<std::string> lfs_paths;
  for (const auto& operation : payload.operations) {
    if (const auto* add = std::get_if<AddFile>(&operation)) {
      add_content(add->path, add->content);
    } else if (const auto* lfs = std::get_if<AddLfsFile>(&operation)) {
      auto stored = store.size_of(lfs->oid);
      if (!stored || (lfs->size && *lfs->size != *stored)) {
        throw LfsObjectMissing(
            "Your push was rejected because an LFS pointer pointed to a file that does not "
            "exist. Upload it through the LFS batch API first. Offending file: - " +
            lfs->path + " (sha256 " + lfs->oid + ")");
      }
      add_content(lfs->path, format_lfs_pointer({lfs->oid, *stored}));
      lfs_paths.push_back(lfs->path);
    } else if (const auto* del = std::get_if<DeleteFile>(&operation)) {
      if (files.erase(del->path) == 0) {
        throw EntryNotFound("A file with this name doesn't exist: " + del->path);
      }
    } else if (const auto* folder = std::get_if<DeleteFolder>(&operation)) {
      auto first = files.lower_bound(folder->path + "/");
      auto last = files.lower_bound(folder->path + "0");  // '0' follows '/'
      if (first == last)
        throw EntryNotFound("A folder with this name doesn't exist: " + folder->path);
      files.erase(first, last);
    } else if (const auto* copy = std::get_if<CopyFile>(&operation)) {
      auto source = files.find(copy->source);
      if (source == files.end()) {
        throw EntryNotFound("A file with this name doesn't exist: " + copy->source);
      }
      PlannedEntry entry = source->second;
      files[copy->path] = std::move(entry);
    }
  }
  track_lfs_paths(repository, planned, lfs_paths);
  // A path that is a file cannot also hold files.
  for (const auto& [path, entry] : files) {
    for (auto slash = path.find('/'); slash != std::string::npos;
         slash = path.find('/', slash + 1)) {
      if (files.contains(path.substr(0, slash))) {
        throw InvalidArgumentError("\"" + path.substr(0, slash) +
                                   "\" would be both a file and a folder (of \"" + path + "\")");
      }
    }
  }
  return planned;
}

// Writes the new contents as blobs (one hash-object for all) and returns their ids in order.
std::vector<std::string> write_blobs(const std::filesystem::path& repository,
                                     const std::filesystem::path& work,
                                     const std::vector<std::string>& contents) {
  if (contents.empty()) return {};
  std::string paths;
  for (std::size_t i = 0; i < contents.size(); ++i) {
    auto file = work / ("blob-" + std::to_string(i));
    UniqueFd fd(::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!fd.valid()) throw_errno("create " + file.string());
    write_all(fd.get(), contents[i].data(), contents[i].size(), file.string());
    paths += file.string() + "\n";
  }
  std::string out = run_git_with_input_checked(
      {.args = {git_dir_option(repository), "hash-object", "-w", "--no-filters", "--stdin-paths"}},
      paths, "write the commit's files");
  std::vector<std::string> ids;
  std::size_t pos = 0;
  while (pos < out.size()) {
    std::size_t eol = out.find('\n', pos);
    if (eol == std::string::npos) eol = out.size();
    if (eol > pos) ids.push_back(out.substr(pos, eol - pos));
    pos = eol + 1;
  }
  if (ids.size() != contents.size()) throw Error("git hash-object wrote fewer blobs than asked");
  return ids;
}

std::string commit_message(const CommitHeader& header) {
  std::string message = header.summary;
  if (header.description.find_first_not_of(" \t\r\n") != std::string::npos) {
    message += "\n\n" + header.description;
  }
  return message + "\n";
}

struct Attempt {
  std::string commit;
  bool moved = false;  // update-ref refused: the branch is no longer at the head we built on
};

Attempt try_commit(const std::filesystem::path& repository, const CommitRequest& request,
                   const std::optional<std::string>& head, const LfsObjectStore& store) {
  PlannedCommit planned = plan_commit(repository, head, request.payload, store);
  TempDir work(std::filesystem::absolute(repository).parent_path(), ".commit-");
  std::vector<std::string> ids = write_blobs(repository, work.path(), planned.contents);

  std::string index_lines;
  for (const auto& [path, entry] : planned.files) {
    const std::string& object = entry.content >= 0 ? ids[entry.content] : entry.object;
    index_lines += entry.mode + " " + object + "\t" + path + '\0';
  }
  std::vector<std::string> index_env = {"GIT_INDEX_FILE=" + (work.path() / "index").string()};
  run_git_with_input_checked(
      {.args = {git_dir_option(repository), "update-index", "-z", "--index-info"},
       .environment = index_env},
      index_lines, "build the commit's index");
  std::string tree = last_line(run_git_checked(
      {.args = {git_dir_option(repository), "write-tree"}, .environment = index_env},
      "write the commit's tree"));

  std::vector<std::string> args = {git_dir_option(repository), "commit-tree", tree};
  if (head) args.insert(args.end(), {"-p", *head});
  args.insert(args.end(), {"-F", "-"});
  const CommitAuthor& author = request.author;
  std::string commit = last_line(run_git_with_input_checked(
      {.args = args,
       .environment = {"GIT_AUTHOR_NAME=" + author.name, "GIT_AUTHOR_EMAIL=" + author.email,
                       "GIT_COMMITTER_NAME=" + author.name, "GIT_COMMITTER_EMAIL=" + author.email}},
      commit_message(request.payload.header), "make the commit"));
  if (!is_object_id(commit)) throw Error("git commit-tree printed no commit id: " + commit);

  // Compare-and-swap: only from the head the commit was built on (none: the branch must not
  // exist yet).
  GitResult moved =
      run_git({.args = {git_dir_option(repository), "update-ref", "refs/heads/" + request.branch,
                        commit, head ? *head : std::string(kZeroId)}});
  if (moved.exit_code == 0) return {commit, false};
  if (resolve_ref(repository, "refs/heads/" + request.branch) != head) return {commit, true};
  throw Error("move " + request.branch + " to the new commit: " + last_line(moved.err));
}

}  // namespace

CommitOutcome commit_to_branch(const std::filesystem::path& repository,
                               const CommitRequest& request, const LfsObjectStore& store) {
  const std::string ref = "refs/heads/" + request.branch;
  const auto& parent = request.payload.header.parent_commit;
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::optional<std::string> head = resolve_ref(repository, ref);
    if (!head && default_branch(repository) != request.branch) {
      throw RevisionNotFound("Invalid rev id: " + request.branch);
    }
    if (parent && parent != head) {
      throw ParentCommitConflict("A commit has happened since. Please refresh and try again.");
    }
    Attempt result = try_commit(repository, request, head, store);
    if (!result.moved) return {result.commit, head};
    // A push or another commit moved the branch meanwhile. A client that named its parent
    // must see the conflict; otherwise the operations apply once more to the new head.
    if (parent) {
      throw ParentCommitConflict("A commit has happened since. Please refresh and try again.");
    }
  }
  throw ParentCommitConflict(request.branch +
                             " moved twice while this commit was made; please try again");
}

}  // namespace berth::spaces
