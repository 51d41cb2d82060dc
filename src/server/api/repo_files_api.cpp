#include "server/api/repo_files_api.hpp"

#include <charconv>

#include "base/error.hpp"
#include "server/api/repo_revision.hpp"
#include "server/http/query.hpp"
#include "server/space_previews.hpp"
#include "server/url_path.hpp"
#include "spaces/git/git_history.hpp"
#include "spaces/git/git_names.hpp"
#include "spaces/git/git_refs.hpp"
#include "spaces/git/git_tree.hpp"

namespace berth::server {
namespace {

// Page sizes, as on the Hub: a tree page of 1000 entries, 50 when each entry costs a look at
// the history (expand); 50 commits by default, at most 1000 a page.
constexpr size_t kTreePage = 1000;
constexpr size_t kExpandedTreePage = 50;
constexpr size_t kCommitPage = 50;
constexpr size_t kMaxCommitPage = 1000;
// get_paths_info: paths a request may ask about at once.
constexpr size_t kMaxPathsInfo = 1000;

// "a/b/c" → {"a", "b/c"}; "a" → {"a", ""}.
std::pair<std::string_view, std::string_view> split_segment(std::string_view text) {
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) return {text, {}};
  return {text.substr(0, slash), text.substr(slash + 1)};
}

// A path segment of the request, decoded once; 400 for a malformed escape.
std::string decoded(std::string_view raw, std::string_view what) {
  auto text = decode_url_path(raw);
  if (!text) {
    throw ApiError{http::status::bad_request,
                   "Malformed percent-encoding in the " + std::string(what)};
  }
  return std::move(*text);
}

std::optional<uint64_t> parse_count(const std::map<std::string, std::string>& params,
                                    const std::string& name) {
  auto it = params.find(name);
  if (it == params.end()) return std::nullopt;
  uint64_t value = 0;
  const std::string& text = it->second;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  // Bounded, so that offsets computed from it cannot overflow.
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() ||
      value > (uint64_t{1} << 40)) {
    throw ApiError{http::status::bad_request, "\"" + name + "\" must be a non-negative integer"};
  }
  return value;
}

// The Link header of the next page, as the Hub (and GitHub) send it: the same URL with the
// page parameter replaced. Absolute, for huggingface_hub requests it as it is.
std::string next_page_link(const Exchange& ex, std::string_view page_param,
                           std::string_view value) {
  std::string query;
  std::string_view rest = ex.query();
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    auto key = percent_decode(pair.substr(0, pair.find('=')));
    if (pair.empty() || !key || *key == page_param) continue;
    query += std::string(pair) + "&";
  }
  query += std::string(page_param) + "=" + std::string(value);
  return "<http://" + std::string(ex.request()[http::field::host]) + std::string(ex.path()) + "?" +
         query + ">; rel=\"next\"";
}

// The request's JSON body, or {} when it has none (huggingface_hub sends {}, curl may send
// nothing at all).
Json optional_body(Exchange& ex) {
  if (ex.body_done()) return Json::object();
  return parse_body(ex);
}

Json entry_json(const spaces::TreeEntry& entry) {
  Json out = {{"type", entry.is_directory() ? "directory" : "file"},
              {"oid", entry.oid},
              {"size", entry.lfs ? entry.lfs->size : entry.size},
              {"path", entry.path}};
  if (entry.lfs) {
    out["lfs"] = {{"oid", entry.lfs->oid}, {"size", entry.lfs->size}, {"pointerSize", entry.size}};
  }
  return out;
}

// The Hub's lastCommit of an entry: the newest commit that changed it.
void add_last_commit(Json& out, const std::filesystem::path& repository, std::string_view commit,
                     std::string_view path) {
  if (auto last = spaces::last_commit_touching(repository, commit, path)) {
    out["lastCommit"] = {{"id", last->id}, {"title", last->title}, {"date", last->date}};
  }
}

// Who tags: the token's user, with an address under this server's domain (Berth keeps no
// e-mail addresses).
spaces::GitPerson tagger_of(const ServerContext& ctx, const spaces::Identity& who) {
  return {.name = who.user, .email = who.user + "@users.noreply." + ctx.domain};
}

void require_name(std::string_view name, std::string_view kind) {
  if (!spaces::is_valid_ref_name(name)) {
    throw ApiError{http::status::bad_request,
                   "Invalid " + std::string(kind) + " name \"" + std::string(name.substr(0, 200)) +
                       "\": use letters, digits, '-', '_', '.' and '/' as in git branch names"};
  }
}

}  // namespace

RepoFilesApi::RepoFilesApi(ServerContext& context, SpaceInfoJson space_info)
    : ctx_(context), space_info_(std::move(space_info)) {}

bool RepoFilesApi::handle_space(Exchange& ex, const spaces::SpaceRecord& space,
                                std::string_view rest) {
  auto method = ex.request().method();
  auto after = [&](std::string_view prefix) -> std::optional<std::string_view> {
    if (!rest.starts_with(prefix)) return std::nullopt;
    return rest.substr(prefix.size());
  };
  if (method == http::verb::get) {
    if (auto target = after("/tree/")) return tree(ex, space, *target), true;
    if (auto revision = after("/commits/")) {
      return commits(ex, space, decoded(*revision, "revision")), true;
    }
    if (rest == "/refs") return refs(ex, space), true;
    if (auto revision = after("/revision/")) {
      return revision_info(ex, space, decoded(*revision, "revision")), true;
    }
  }
  if (method == http::verb::post) {
    if (auto revision = after("/paths-info/")) {
      return paths_info(ex, space, decoded(*revision, "revision")), true;
    }
    if (auto branch = after("/branch/")) {
      return create_branch(ex, space, decoded(*branch, "branch name")), true;
    }
    if (auto revision = after("/tag/")) {
      return create_tag(ex, space, decoded(*revision, "revision")), true;
    }
  }
  if (method == http::verb::delete_) {
    if (auto branch = after("/branch/")) {
      return delete_branch(ex, space, decoded(*branch, "branch name")), true;
    }
    if (auto tag = after("/tag/")) return delete_tag(ex, space, decoded(*tag, "tag name")), true;
  }
  return false;
}

void RepoFilesApi::tree(Exchange& ex, const spaces::SpaceRecord& space, std::string_view target) {
  auto [raw_revision, raw_path] = split_segment(target);
  std::string revision = decoded(raw_revision, "revision");
  std::string path = request_repo_path(decoded(raw_path, "path"));
  auto params = parse_query(ex.query());
  const bool expand = query_flag(params, "expand");
  size_t page_size = expand ? kExpandedTreePage : kTreePage;
  if (auto limit = parse_count(params, "limit")) {
    page_size = std::clamp<size_t>(static_cast<size_t>(*limit), 1, page_size);
  }
  uint64_t offset = parse_count(params, "cursor").value_or(0);

  auto repository = space_repository(ctx_, space);
  std::string commit = resolve_request_revision(repository, revision);
  spaces::TreePage page;
  try {
    page = spaces::list_tree(repository, commit,
                             {.directory = path,
                              .recursive = query_flag(params, "recursive"),
                              .offset = offset,
                              .limit = page_size});
  } catch (const NotFoundError&) {
    throw entry_not_found(path, revision);  // no such folder (or a file)
  }
  spaces::read_lfs_pointers(repository, page.entries);
  Json out = Json::array();
  for (const auto& entry : page.entries) {
    Json item = entry_json(entry);
    if (expand) add_last_commit(item, repository, commit, entry.path);
    out.push_back(std::move(item));
  }
  std::vector<std::pair<std::string, std::string>> headers;
  if (page.more) {
    headers.emplace_back(
        "Link", next_page_link(ex, "cursor", std::to_string(offset + page.entries.size())));
  }
  ex.respond(http::status::ok, "application/json", out.dump(), headers);
}

void RepoFilesApi::paths_info(Exchange& ex, const spaces::SpaceRecord& space,
                              std::string_view revision) {
  // huggingface_hub sends a form (paths=…&paths=…&expand=…); JSON is accepted too.
  std::vector<std::string> paths;
  bool expand = false;
  std::string_view content_type = ex.request()[http::field::content_type];
  if (content_type.starts_with("application/x-www-form-urlencoded")) {
    std::string body = ex.read_body_all(1 << 20);
    std::string_view rest = body;
    while (!rest.empty()) {
      size_t amp = rest.find('&');
      std::string_view pair = rest.substr(0, amp);
      rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
      size_t eq = pair.find('=');
      auto key = percent_decode(pair.substr(0, eq));
      auto value = percent_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
      if (!key || !value) throw ApiError{http::status::bad_request, "Malformed form body"};
      if (*key == "paths" || *key == "paths[]") paths.push_back(std::move(*value));
      if (*key == "expand") expand = *value == "true" || *value == "True" || *value == "1";
      if (paths.size() > kMaxPathsInfo) break;
    }
  } else {
    Json body = parse_body(ex);
    auto list = field<std::vector<std::string>>(body, "paths").value_or(std::vector<std::string>{});
    paths.assign(list.begin(), list.end());
    expand = field<bool>(body, "expand").value_or(false);
  }
  if (paths.size() > kMaxPathsInfo) {
    throw ApiError{http::status::bad_request,
                   "At most " + std::to_string(kMaxPathsInfo) + " paths per request"};
  }
  auto repository = space_repository(ctx_, space);
  std::string commit = resolve_request_revision(repository, revision);
  std::vector<std::string> canonical;
  for (const auto& raw : paths) {
    std::string path = request_repo_path(raw);
    if (!path.empty()) canonical.push_back(std::move(path));
  }
  // Paths that do not exist are left out, as on the Hub.
  auto entries = spaces::find_tree_entries(repository, commit, canonical);
  spaces::read_lfs_pointers(repository, entries);
  Json out = Json::array();
  for (const auto& entry : entries) {
    Json item = entry_json(entry);
    if (expand) add_last_commit(item, repository, commit, entry.path);
    out.push_back(std::move(item));
  }
  ex.respond_json(http::status::ok, out);
}

void RepoFilesApi::commits(Exchange& ex, const spaces::SpaceRecord& space,
                           std::string_view revision) {
  auto params = parse_query(ex.query());
  size_t limit = kCommitPage;
  if (auto asked = parse_count(params, "limit")) {
    limit = std::clamp<size_t>(static_cast<size_t>(*asked), 1, kMaxCommitPage);
  }
  uint64_t page = parse_count(params, "p").value_or(0);
  auto repository = space_repository(ctx_, space);
  std::string commit = resolve_request_revision(repository, revision);
  uint64_t total = spaces::count_commits(repository, commit);
  uint64_t skip = page * limit;
  auto list = skip < total ? spaces::list_commits(repository, commit, skip, limit)
                           : std::vector<spaces::CommitInfo>{};
  Json out = Json::array();
  for (const auto& c : list) {
    out.push_back({{"id", c.id},
                   {"title", c.title},
                   {"message", c.message},
                   {"authors", Json::array({{{"user", c.author}}})},
                   {"date", c.date}});
  }
  std::vector<std::pair<std::string, std::string>> headers = {
      {"X-Total-Count", std::to_string(total)}};
  if (skip + list.size() < total) {
    headers.emplace_back("Link", next_page_link(ex, "p", std::to_string(page + 1)));
  }
  ex.respond(http::status::ok, "application/json", out.dump(), headers);
}

void RepoFilesApi::refs(Exchange& ex, const spaces::SpaceRecord& space) {
  auto list = spaces::list_refs(space_repository(ctx_, space));
  auto to_json = [](const std::vector<spaces::GitRef>& refs) {
    Json out = Json::array();
    for (const auto& ref : refs) {
      out.push_back({{"name", ref.name}, {"ref", ref.ref}, {"targetCommit", ref.target_commit}});
    }
    return out;
  };
  // Berth makes no conversion branches (refs/convert/…) and has no pull requests.
  Json out = {{"branches", to_json(list.branches)},
              {"converts", Json::array()},
              {"tags", to_json(list.tags)}};
  if (query_flag(parse_query(ex.query()), "include_prs")) out["pullRequests"] = Json::array();
  ex.respond_json(http::status::ok, out);
}

void RepoFilesApi::create_branch(Exchange& ex, const spaces::SpaceRecord& space,
                                 std::string_view branch) {
  require_owner(ctx_, ex, space, "create a branch in");
  require_name(branch, "branch");
  Json body = optional_body(ex);
  auto repository = space_repository(ctx_, space);
  std::string start;
  if (auto starting_point = field<std::string>(body, "startingPoint")) {
    start = resolve_request_revision(repository, *starting_point);
  } else if (auto head = spaces::default_branch_head(repository)) {
    start = *head;
  } else {
    throw ApiError{http::status::not_found,
                   space.id + " has no commit yet: push one before creating a branch",
                   "RevisionNotFound"};
  }
  auto branches_before = preview_branches(repository);
  try {
    spaces::create_branch(repository, branch, start);
  } catch (const ConflictError&) {
    throw ApiError{http::status::conflict,
                   "Branch \"" + std::string(branch) + "\" already exists in " + space.id};
  }
  sync_previews(ctx_, space, branches_before, preview_branches(repository));
  ex.respond_json(http::status::ok, Json::object());
}

void RepoFilesApi::delete_branch(Exchange& ex, const spaces::SpaceRecord& space,
                                 std::string_view branch) {
  require_owner(ctx_, ex, space, "delete a branch of");
  auto repository = space_repository(ctx_, space);
  // The branch a push deploys from stays: main, or master in a repository without main.
  if (branch == "main" || (branch == "master" && !spaces::branch_head(repository, "main"))) {
    throw ApiError{http::status::forbidden, "Cannot delete \"" + std::string(branch) +
                                                "\", the default branch of " + space.id};
  }
  auto branches_before = preview_branches(repository);
  try {
    spaces::delete_branch(repository, branch);
  } catch (const NotFoundError&) {
    throw revision_not_found(branch);
  }
  sync_previews(ctx_, space, branches_before, preview_branches(repository));  // removes it
  ex.respond_json(http::status::ok, Json::object());
}

void RepoFilesApi::create_tag(Exchange& ex, const spaces::SpaceRecord& space,
                              std::string_view revision) {
  auto who = require_owner(ctx_, ex, space, "create a tag in");
  Json body = optional_body(ex);
  auto tag = field<std::string>(body, "tag");
  if (!tag || tag->empty()) throw ApiError{http::status::bad_request, "\"tag\" is required"};
  require_name(*tag, "tag");
  auto message = field<std::string>(body, "message");
  if (message && message->size() > (64u << 10)) {
    throw ApiError{http::status::bad_request, "\"message\" is longer than 64 KiB"};
  }
  auto repository = space_repository(ctx_, space);
  std::string commit = resolve_request_revision(repository, revision);
  try {
    spaces::create_tag(repository, *tag, commit, message, tagger_of(ctx_, who));
  } catch (const ConflictError&) {
    throw ApiError{http::status::conflict, "Tag \"" + *tag + "\" already exists in " + space.id};
  } catch (const InvalidArgumentError& e) {
    throw ApiError{http::status::bad_request, e.what()};
  }
  ex.respond_json(http::status::ok, Json::object());
}

void RepoFilesApi::delete_tag(Exchange& ex, const spaces::SpaceRecord& space,
                              std::string_view tag) {
  require_owner(ctx_, ex, space, "delete a tag of");
  try {
    spaces::delete_tag(space_repository(ctx_, space), tag);
  } catch (const NotFoundError&) {
    throw revision_not_found(tag);
  }
  ex.respond_json(http::status::ok, Json::object());
}

void RepoFilesApi::revision_info(Exchange& ex, const spaces::SpaceRecord& space,
                                 std::string_view revision) {
  auto repository = space_repository(ctx_, space);
  std::optional<std::string> commit;
  if (revision == "HEAD" || revision == "main") {
    // The default branch, as space_info without a revision. A Space nobody pushed to yet has
    // none, and its info says so (sha null) rather than failing: huggingface.js asks for HEAD.
    commit = revision == "HEAD" ? spaces::default_branch_head(repository)
                                : spaces::branch_head(repository, "main");
    if (!commit && !spaces::list_refs(repository).branches.empty()) {
      throw revision_not_found(revision);
    }
  } else {
    commit = resolve_request_revision(repository, revision);
  }
  Json out = space_info_(space);
  add_revision_info(out, repository, commit, query_flag(parse_query(ex.query()), "blobs"));
  ex.respond_json(http::status::ok, out);
}

}  // namespace berth::server
