#include "server/api/commit_api.hpp"

#include <map>
#include <vector>

#include "base/base64.hpp"
#include "server/api/api_support.hpp"
#include "server/http/query.hpp"
#include "server/space_deploys.hpp"
#include "server/space_previews.hpp"
#include "spaces/commit/commit_builder.hpp"
#include "spaces/commit/git_tree.hpp"
#include "spaces/commit/lfs_pointer.hpp"
#include "spaces/commit/ndjson_commit_parser.hpp"
#include "spaces/commit/preupload_rules.hpp"
#include "spaces/commit/repo_path.hpp"
#include "spaces/front_matter.hpp"
#include "spaces/git/git_refs.hpp"
#include "spaces/git/git_repository.hpp"
#include "spaces/readme_header.hpp"
#include "spaces/space_admin.hpp"

namespace berth::server {

namespace {

// huggingface_hub asks in chunks of 256 files.
constexpr std::size_t kMaxPreuploadFiles = 1000;

// A revision from the path: percent-escapes decoded ('+' stays '+', as in a path), then it
// must name a branch one may commit to.
std::string branch_of(std::string_view raw) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  bool valid = true;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '%') {
      out += raw[i];
      continue;
    }
    int high = i + 2 < raw.size() ? hex(raw[i + 1]) : -1;
    int low = i + 2 < raw.size() ? hex(raw[i + 2]) : -1;
    if (high < 0 || low < 0) {
      valid = false;
      break;
    }
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  if (raw.empty()) out = "main";
  if (!valid || !spaces::is_valid_branch_name(out)) {
    throw ApiError{http::status::bad_request, "Invalid rev id: \"" + out.substr(0, 100) +
                                                  "\": commits go to a branch (main by default)"};
  }
  return out;
}

bool query_flag(const Exchange& ex, const char* name) {
  auto params = parse_query(ex.query());
  auto it = params.find(name);
  return it != params.end() && it->second != "0" && it->second != "false";
}

void refuse_pull_requests(const Exchange& ex) {
  if (query_flag(ex, "create_pr")) {
    throw ApiError{http::status::bad_request,
                   "Pull requests (create_pr) are not supported yet by Berth: commit to a "
                   "branch instead"};
  }
}

bool is_ndjson(std::string_view content_type) {
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  return beast::iequals(media, "application/x-ndjson");
}

std::string origin_of(const Exchange& ex) {
  return "http://" + std::string(ex.request()[http::field::host]);
}

}  // namespace

bool CommitApi::handle_other(Exchange& ex, std::string_view path) {
  if (path == "/api/validate-yaml" && ex.request().method() == http::verb::post) {
    validate_yaml(ex);
    return true;
  }
  return false;
}

bool CommitApi::handle_space(Exchange& ex, const spaces::SpaceRecord& space,
                             std::string_view rest) {
  if (ex.request().method() != http::verb::post) return false;
  if (rest.starts_with("/preupload/")) {
    preupload(ex, space, rest.substr(std::string_view("/preupload/").size()));
    return true;
  }
  if (rest.starts_with("/commit/")) {
    commit(ex, space, rest.substr(std::string_view("/commit/").size()));
    return true;
  }
  return false;
}

void CommitApi::validate_yaml(Exchange& ex) {
  Json body = parse_body(ex);
  auto content = field<std::string>(body, "content");
  if (!content) throw ApiError{http::status::bad_request, "\"content\" is required"};
  auto repo_type = field<std::string>(body, "repoType").value_or("model");
  if (repo_type != "space") {
    throw ApiError{http::status::bad_request,
                   "Berth hosts Spaces only: \"repoType\" must be \"space\""};
  }
  Json warnings = Json::array();
  Json errors = Json::array();
  if (spaces::find_front_matter(*content).status == spaces::FrontMatter::Status::kMissing) {
    warnings.push_back({{"message",
                         "Empty or missing yaml metadata in repo card: a Space needs a README.md "
                         "header with sdk: docker and app_port"}});
  } else {
    auto parsed = spaces::parse_readme_header(*content);
    if (const auto* error = std::get_if<spaces::HeaderError>(&parsed)) {
      errors.push_back({{"message", error->message}});
      ex.respond_json(http::status::bad_request,
                      Json{{"error", error->message}, {"errors", errors}, {"warnings", warnings}});
      return;
    }
  }
  ex.respond_json(http::status::ok, Json{{"errors", errors}, {"warnings", warnings}});
}

void CommitApi::preupload(Exchange& ex, const spaces::SpaceRecord& space,
                          std::string_view revision) {
  require_owner(ctx_, ex, space, "upload files to");
  refuse_pull_requests(ex);
  std::string branch = branch_of(revision);
  Json body = parse_body(ex);
  auto files = body.find("files");
  if (files == body.end() || !files->is_array()) {
    throw ApiError{http::status::bad_request, "\"files\" must be a list"};
  }
  if (files->size() > kMaxPreuploadFiles) {
    throw ApiError{http::status::payload_too_large,
                   "more than " + std::to_string(kMaxPreuploadFiles) + " files in one preupload"};
  }
  std::vector<spaces::PreuploadFile> asked;
  for (const auto& file : *files) {
    if (!file.is_object()) throw ApiError{http::status::bad_request, "each file must be an object"};
    spaces::PreuploadFile item;
    item.path = field<std::string>(file, "path").value_or("");
    if (auto problem = spaces::repo_path_problem(item.path)) {
      throw ApiError{http::status::bad_request,
                     "invalid path \"" + item.path.substr(0, 200) + "\": " + *problem};
    }
    auto size = file.find("size");
    if (size == file.end() || !size->is_number_unsigned()) {
      throw ApiError{http::status::bad_request, "the size of " + item.path + " must be a count"};
    }
    item.size = size->get<std::uint64_t>();
    auto sample = field<std::string>(file, "sample").value_or("");
    auto decoded = decode_base64(sample);
    if (!decoded) {
      throw ApiError{http::status::bad_request, "the sample of " + item.path + " is not base64"};
    }
    item.sample = decoded->substr(0, spaces::kPreuploadSampleBytes);
    asked.push_back(std::move(item));
  }
  auto git_ignore = field<std::string>(body, "gitIgnore");

  auto repo = spaces::repository_of(ctx_.spaces_dir, space);
  auto head = spaces::resolve_ref(repo, "refs/heads/" + branch);
  if (!head && spaces::default_branch(repo) != branch) {
    throw ApiError{http::status::not_found, "Invalid rev id: " + branch, "RevisionNotFound"};
  }
  // What the branch has now: .gitattributes, .gitignore, and the files asked about (their
  // ids let the client skip what did not change, as the Hub's do).
  std::map<std::string, spaces::TreeFile> existing;
  if (head) {
    std::map<std::string, bool> wanted;
    for (const auto& file : asked) wanted[file.path] = true;
    for (auto& entry : spaces::list_tree(repo, *head)) {
      if (entry.path == ".gitattributes" || entry.path == ".gitignore" ||
          wanted.contains(entry.path)) {
        existing.emplace(entry.path, std::move(entry));
      }
    }
  }
  std::vector<std::string> to_read;
  for (const auto& [path, entry] : existing) {
    bool small = entry.size && *entry.size <= spaces::kMaxPatternFileBytes;
    bool config = path == ".gitattributes" || path == ".gitignore";
    if (entry.type == "blob" && small && (config || *entry.size <= spaces::kMaxLfsPointerSize)) {
      to_read.push_back(entry.object);
    }
  }
  auto blobs = spaces::read_blobs(repo, to_read);
  auto blob_of = [&](const std::string& path) -> std::string {
    auto entry = existing.find(path);
    if (entry == existing.end()) return {};
    auto blob = blobs.find(entry->second.object);
    return blob == blobs.end() ? std::string() : blob->second;
  };
  spaces::LfsAttributes attributes(blob_of(".gitattributes"));
  spaces::IgnoreRules ignore(git_ignore ? *git_ignore : blob_of(".gitignore"));

  Json out = Json::array();
  try {
    for (const auto& file : asked) {
      Json item = {{"path", file.path},
                   {"uploadMode", std::string(to_string(spaces::upload_mode(file, attributes)))},
                   {"shouldIgnore", ignore.is_ignored(file.path)}};
      if (auto entry = existing.find(file.path); entry != existing.end()) {
        auto blob = blobs.find(entry->second.object);
        auto pointer = blob == blobs.end() ? std::nullopt : spaces::parse_lfs_pointer(blob->second);
        item["oid"] = pointer ? pointer->oid : entry->second.object;
      }
      out.push_back(std::move(item));
    }
  } catch (const InvalidArgumentError& e) {
    throw ApiError{http::status::bad_request,
                   std::string(".gitattributes or .gitignore: ") + e.what()};
  }
  ex.respond_json(http::status::ok,
                  Json{{"files", out}, {"commitOid", head ? Json(*head) : Json()}});
}

void CommitApi::commit(Exchange& ex, const spaces::SpaceRecord& space, std::string_view revision) {
  auto who = require_owner(ctx_, ex, space, "commit to");
  refuse_pull_requests(ex);
  if (query_flag(ex, "hot_reload")) {
    throw ApiError{http::status::bad_request,
                   "hot_reload is not supported yet by Berth: a commit redeploys the Space"};
  }
  std::string branch = branch_of(revision);
  if (!is_ndjson(ex.request()[http::field::content_type])) {
    throw ApiError{http::status::unsupported_media_type,
                   "Content-Type must be application/x-ndjson, not \"" +
                       std::string(ex.request()[http::field::content_type]) + "\""};
  }
  spaces::CommitRequest request;
  request.branch = branch;
  request.author = {who.user, who.user + "@users.noreply." + ctx_.domain};
  try {
    spaces::NdjsonCommitParser parser;
    std::vector<char> buffer(1 << 16);
    while (std::size_t n = ex.read_body(buffer.data(), buffer.size())) {
      parser.feed(std::string_view(buffer.data(), n));
    }
    request.payload = parser.finish();
  } catch (const spaces::CommitPayloadError& e) {
    ex.close_after();  // the rest of the body may still be on the socket
    throw ApiError{e.too_large() ? http::status::payload_too_large : http::status::bad_request,
                   e.what()};
  }

  auto repo = spaces::repository_of(ctx_.spaces_dir, space);
  spaces::LfsObjectStore store(repo.parent_path());
  auto deployed_before = spaces::default_branch_head(repo);
  auto branches_before = preview_branches(repo);
  spaces::CommitOutcome outcome;
  try {
    outcome = spaces::commit_to_branch(repo, request, store);
  } catch (const spaces::ParentCommitConflict& e) {
    throw ApiError{http::status::precondition_failed, e.what()};
  } catch (const spaces::RevisionNotFound& e) {
    throw ApiError{http::status::not_found, e.what(), "RevisionNotFound"};
  } catch (const spaces::EntryNotFound& e) {
    throw ApiError{http::status::not_found, e.what(), "EntryNotFound"};
  } catch (const InvalidArgumentError& e) {
    throw ApiError{http::status::bad_request, e.what()};
  }
  auto deployed_after = spaces::default_branch_head(repo);
  if (deployed_after && deployed_after != deployed_before) {
    queue_space_deploy(ctx_, space, *deployed_after);
  }
  sync_previews(ctx_, space, branches_before, preview_branches(repo));  // a commit to a branch
  ex.respond_json(http::status::ok, Json{{"success", true},
                                         {"commitOid", outcome.commit},
                                         {"commitUrl", origin_of(ex) + "/spaces/" + space.id +
                                                           "/commit/" + outcome.commit},
                                         {"pullRequestUrl", nullptr}});
}

}  // namespace berth::server
