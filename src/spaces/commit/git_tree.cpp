#include "spaces/commit/git_tree.hpp"

#include <unistd.h>

#include <algorithm>

#include "base/child_io.hpp"
#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::spaces {

std::string git_dir_option(const std::filesystem::path& repository) {
  return "--git-dir=" + std::filesystem::absolute(repository).string();
}

bool is_object_id(std::string_view text) {
  return text.size() == 40 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

GitResult run_git_with_input(const GitInvocation& invocation, std::string_view input) {
  UniqueFd in = make_memfd("berth-git-in");
  write_all(in.get(), input.data(), input.size(), "git's input");
  if (::lseek(in.get(), 0, SEEK_SET) != 0) throw_errno("rewind git's input");
  UniqueFd out = make_memfd("berth-git-out");
  UniqueFd err = make_memfd("berth-git-err");
  GitProcess git(invocation, {.in = in.get(), .out = out.get(), .err = err.get()});
  GitResult result;
  result.exit_code = git.wait();
  result.out = read_from_start(out.get(), "git's output");
  result.err = read_from_start(err.get(), "git's errors");
  return result;
}

std::string run_git_with_input_checked(const GitInvocation& invocation, std::string_view input,
                                       std::string_view what) {
  GitResult result = run_git_with_input(invocation, input);
  if (result.exit_code != 0) {
    std::string message = last_line(result.err);
    if (message.empty()) message = "git exited with status " + std::to_string(result.exit_code);
    throw Error(std::string(what) + ": " + message);
  }
  return std::move(result.out);
}

std::vector<TreeFile> list_tree(const std::filesystem::path& repository, std::string_view commit) {
  std::string out =
      run_git_checked({.args = {git_dir_option(repository), "ls-tree", "-r", "-l", "-z",
                                "--full-tree", "--end-of-options", std::string(commit)}},
                      "list the files of " + std::string(commit));
  std::vector<TreeFile> entries;
  std::size_t start = 0;
  while (start < out.size()) {
    std::size_t end = out.find('\0', start);
    if (end == std::string::npos) end = out.size();
    std::string_view line(out.data() + start, end - start);
    start = end + 1;
    // "<mode> SP <type> SP <object> SP+ <size> TAB <path>"
    auto tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    std::string_view meta = line.substr(0, tab);
    TreeFile entry;
    entry.path = std::string(line.substr(tab + 1));
    auto first = meta.find(' ');
    auto second = meta.find(' ', first + 1);
    auto third = meta.find(' ', second + 1);
    if (first == std::string_view::npos || second == std::string_view::npos ||
        third == std::string_view::npos) {
      throw Error("unexpected ls-tree line: " + std::string(line.substr(0, 200)));
    }
    entry.mode = std::string(meta.substr(0, first));
    entry.type = std::string(meta.substr(first + 1, second - first - 1));
    entry.object = std::string(meta.substr(second + 1, third - second - 1));
    std::string_view size = meta.substr(third + 1);
    while (!size.empty() && size.front() == ' ') size.remove_prefix(1);
    if (!size.empty() && size != "-") entry.size = std::stoull(std::string(size));
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::map<std::string, std::string> read_blobs(const std::filesystem::path& repository,
                                              const std::vector<std::string>& objects) {
  std::map<std::string, std::string> blobs;
  if (objects.empty()) return blobs;
  std::string input;
  for (const auto& object : objects) {
    if (!is_object_id(object)) throw InvalidArgumentError("not an object id: " + object);
    input += object + "\n";
  }
  std::string out = run_git_with_input_checked(
      {.args = {git_dir_option(repository), "cat-file", "--batch"}}, input, "read blobs");
  // "<object> <type> <size>\n<content>\n" each, or "<object> missing\n".
  std::size_t pos = 0;
  while (pos < out.size()) {
    std::size_t eol = out.find('\n', pos);
    if (eol == std::string::npos) break;
    std::string_view header(out.data() + pos, eol - pos);
    pos = eol + 1;
    auto first = header.find(' ');
    auto second = header.find(' ', first + 1);
    if (first == std::string_view::npos || second == std::string_view::npos) continue;
    std::string object(header.substr(0, first));
    std::size_t size = std::stoull(std::string(header.substr(second + 1)));
    if (pos + size > out.size()) throw Error("git cat-file --batch output is cut short");
    if (header.substr(first + 1, second - first - 1) == "blob") {
      blobs.emplace(object, out.substr(pos, size));
    }
    pos += size + 1;
  }
  return blobs;
}

std::optional<std::string> default_branch(const std::filesystem::path& repository) {
  GitResult result =
      run_git({.args = {git_dir_option(repository), "symbolic-ref", "--quiet", "HEAD"}});
  if (result.exit_code != 0) return std::nullopt;
  std::string ref = last_line(result.out);
  if (!ref.starts_with("refs/heads/")) return std::nullopt;
  return ref.substr(std::string_view("refs/heads/").size());
}

}  // namespace berth::spaces
