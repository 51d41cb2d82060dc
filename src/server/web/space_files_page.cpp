#include "server/web/space_files_page.hpp"

#include <fmt/format.h>

#include "base/error.hpp"
#include "server/api/api_support.hpp"
#include "server/api/repo_revision.hpp"
#include "server/http/query.hpp"
#include "spaces/git/git_history.hpp"
#include "spaces/git/git_lfs_pointer.hpp"
#include "spaces/git/git_refs.hpp"
#include "spaces/git/git_tree.hpp"

namespace berth::server {

namespace {

// Files shown inline at most; larger ones are offered for download.
constexpr uint64_t kMaxShownFile = 512 * 1024;
constexpr size_t kListingLimit = 1000;
constexpr size_t kCommitsPerPage = 50;

std::string human_size(uint64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  if (bytes < 1024 * 1024) return fmt::format("{:.1f} KiB", bytes / 1024.0);
  if (bytes < 1024ull * 1024 * 1024) return fmt::format("{:.1f} MiB", bytes / 1048576.0);
  return fmt::format("{:.1f} GiB", bytes / 1073741824.0);
}

struct Location {
  std::string revision;  // as the URL names it
  std::string commit;
  std::string path;  // canonical; "" for the root
};

// "{rev}[/{path}]", percent-decoded and checked; nullopt after a 404 page.
std::optional<Location> locate(WebRequest& request, const std::filesystem::path& repository,
                               std::string_view rest, bool path_required) {
  const auto slash = rest.find('/');
  auto revision = percent_decode(rest.substr(0, slash));
  auto path = percent_decode(slash == std::string_view::npos ? "" : rest.substr(slash + 1));
  if (!revision || revision->empty() || !path || (path_required && path->empty())) {
    respond_error_page(request, http::status::not_found, "Not found", "No such file or revision.");
    return std::nullopt;
  }
  try {
    // A branch's head is read from the ref files, with no git started: the tab's links name
    // branches (and commit ids, which git resolves).
    auto commit = spaces::branch_head(repository, *revision);
    Location location{*revision, commit ? *commit : resolve_request_revision(repository, *revision),
                      request_repo_path(*path)};
    return location;
  } catch (const ApiError& e) {
    respond_error_page(request, e.status, "Not found", e.message);
    return std::nullopt;
  }
}

std::string link_base(const spaces::SpaceRecord& space) {
  return "/spaces/" + html_escape(space.id);
}

std::string breadcrumbs(const spaces::SpaceRecord& space, const Location& at) {
  const std::string rev = html_escape(url_encode(at.revision));
  std::string html = "<p class=\"breadcrumbs\">Revision <strong>" + html_escape(at.revision) +
                     "</strong> (" + at.commit.substr(0, 7) + ") · <a href=\"" + link_base(space) +
                     "/tree/" + rev + "\">" + html_escape(space.name) + "</a>";
  std::string so_far;
  size_t start = 0;
  while (start < at.path.size()) {
    const auto end = std::min(at.path.find('/', start), at.path.size());
    so_far = at.path.substr(0, end);
    html += " / <a href=\"" + link_base(space) + "/tree/" + rev + "/" +
            html_escape(url_encode(so_far)) + "\">" +
            html_escape(at.path.substr(start, end - start)) + "</a>";
    start = end + 1;
  }
  html += " · <a href=\"" + link_base(space) + "/commits/" + rev + "\">History</a></p>";
  return html;
}

bool looks_like_text(std::string_view content) {
  return content.substr(0, 8000).find('\0') == std::string_view::npos;
}

void tree_page(WebRequest& request, const spaces::SpaceRecord& space,
               const std::filesystem::path& repository, std::string_view rest) {
  Page page;
  page.title = "Files · " + space.id;
  page.space_id = space.id;
  std::string& m = page.main;
  m += space_header(request, space, SpaceTab::kFiles);
  if (!spaces::default_branch_head(repository) && rest.starts_with("main")) {
    m += "<p class=\"notice\">No files yet: push some with git.</p>";
    return respond_page(request, http::status::ok, page);
  }
  auto at = locate(request, repository, rest, false);
  if (!at) return;
  spaces::TreePage listing;
  try {
    listing =
        spaces::list_tree(repository, at->commit, {.directory = at->path, .limit = kListingLimit});
  } catch (const NotFoundError&) {
    return respond_error_page(request, http::status::not_found, "Not found",
                              "No directory " + at->path + " at " + at->revision + ".");
  }
  const std::string rev = html_escape(url_encode(at->revision));
  m += breadcrumbs(space, *at);
  m += "<div class=\"table-wrap\"><table id=\"files\"><caption class=\"visually-hidden\">Files "
       "in " +
       html_escape(at->path.empty() ? space.name : at->path) +
       "</caption><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Size</th><th "
       "scope=\"col\"><span class=\"visually-hidden\">Download</span></th></tr></thead><tbody>";
  for (const auto& entry : listing.entries) {
    const std::string name = entry.path.substr(entry.path.rfind('/') + 1);
    const std::string encoded = html_escape(url_encode(entry.path));
    m += "<tr data-path=\"" + html_escape(entry.path) + "\"><td>";
    if (entry.is_directory()) {
      m += "📁 <a href=\"" + link_base(space) + "/tree/" + rev + "/" + encoded + "\">" +
           html_escape(name) + "/</a></td><td></td><td></td></tr>";
      continue;
    }
    m += "<a href=\"" + link_base(space) + "/blob/" + rev + "/" + encoded + "\">" +
         html_escape(name) + "</a></td><td>" + human_size(entry.size) + "</td><td><a href=\"" +
         link_base(space) + "/resolve/" + rev + "/" + encoded +
         "\" download>raw<span class=\"visually-hidden\"> " + html_escape(name) +
         "</span></a></td></tr>";
  }
  if (listing.entries.empty()) m += "<tr><td colspan=\"3\">Empty directory.</td></tr>";
  m += "</tbody></table></div>";
  if (listing.more) {
    m += "<p class=\"notice\">Only the first " + std::to_string(kListingLimit) +
         " entries are shown; clone the repository for the rest.</p>";
  }
  respond_page(request, http::status::ok, page);
}

void blob_page(WebRequest& request, const spaces::SpaceRecord& space,
               const std::filesystem::path& repository, std::string_view rest) {
  auto at = locate(request, repository, rest, true);
  if (!at) return;
  // The entry and, when it may be shown, the content, with one git.
  auto found = spaces::read_tree_file(repository, at->commit, at->path, kMaxShownFile);
  if (!found || found->entry.is_directory()) {
    return respond_error_page(request, http::status::not_found, "Not found",
                              "No file " + at->path + " at " + at->revision + ".");
  }
  const auto& file = found->entry;
  const auto& content = found->content;
  // An LFS pointer is recognised in the content (pointers are small: a larger file is none).
  const auto lfs = content ? spaces::parse_lfs_pointer(*content) : std::nullopt;
  Page page;
  page.title = at->path + " · " + space.id;
  page.space_id = space.id;
  std::string& m = page.main;
  m += space_header(request, space, SpaceTab::kFiles);
  m += breadcrumbs(space, *at);
  const uint64_t size = lfs ? lfs->size : file.size;
  const std::string raw = link_base(space) + "/resolve/" + html_escape(url_encode(at->revision)) +
                          "/" + html_escape(url_encode(at->path));
  m += "<p class=\"file-meta\"><span id=\"file-size\">" + human_size(size) + "</span>" +
       (lfs ? " · stored with Git LFS" : "") + " · <a id=\"raw-download\" href=\"" + raw +
       "\" download>Download</a></p>";
  if (file.is_symlink) {
    m += "<p class=\"notice\">A symbolic link.</p>";
  } else if (lfs) {
    m += "<p class=\"notice\">A Git LFS file: download it to see it.</p>";
  } else if (!content) {
    m += "<p class=\"notice\">Too large to show here: download it.</p>";
  } else if (looks_like_text(*content)) {
    m += "<pre id=\"file-content\" tabindex=\"0\">" + html_escape(*content) + "</pre>";
  } else {
    m += "<p class=\"notice\">A binary file: download it to see it.</p>";
  }
  respond_page(request, http::status::ok, page);
}

void commits_page(WebRequest& request, const spaces::SpaceRecord& space,
                  const std::filesystem::path& repository, std::string_view rest) {
  auto at = locate(request, repository, rest, false);
  if (!at) return;
  auto params = parse_query(request.ex.query());
  const uint64_t page_number = page_number_of(params["p"]);
  auto commits = spaces::list_commits(repository, at->commit, page_number * kCommitsPerPage,
                                      kCommitsPerPage + 1);
  const bool more = commits.size() > kCommitsPerPage;
  if (more) commits.pop_back();
  Page page;
  page.title = "History · " + space.id;
  page.space_id = space.id;
  std::string& m = page.main;
  m += space_header(request, space, SpaceTab::kFiles);
  m += breadcrumbs(space, *at);
  m += "<h2>History of " + html_escape(at->revision) + "</h2><ol id=\"commits\">";
  for (const auto& commit : commits) {
    m += "<li data-commit=\"" + html_escape(commit.id) + "\"><div class=\"commit-title\">" +
         html_escape(commit.title) + "</div>";
    if (!commit.message.empty()) {
      m += "<div class=\"commit-body\">" + html_escape(commit.message) + "</div>";
    }
    m += "<div class=\"commit-meta\"><span class=\"commit-author\">" + html_escape(commit.author) +
         "</span> · <time datetime=\"" + html_escape(commit.date) + "\">" +
         html_escape(commit.date.substr(0, 16)) + "</time> · <a href=\"" + link_base(space) +
         "/tree/" + commit.id + "\"><code>" + commit.id.substr(0, 7) + "</code></a></div></li>";
  }
  m += "</ol>";
  const std::string here = link_base(space) + "/commits/" + html_escape(url_encode(at->revision));
  if (page_number > 0) {
    m += "<a href=\"" + here + "?p=" + std::to_string(page_number - 1) + "\">Newer</a> ";
  }
  if (more) m += "<a href=\"" + here + "?p=" + std::to_string(page_number + 1) + "\">Older</a>";
  respond_page(request, http::status::ok, page);
}

}  // namespace

bool space_files_page(WebRequest& request, const spaces::SpaceRecord& space,
                      std::string_view rest) {
  const auto repository = space_repository(request.ctx, space);
  if (rest == "/tree") rest = "/tree/main";
  if (rest.starts_with("/tree/"))
    return tree_page(request, space, repository, rest.substr(6)), true;
  if (rest.starts_with("/blob/"))
    return blob_page(request, space, repository, rest.substr(6)), true;
  if (rest == "/commits") rest = "/commits/main";
  if (rest.starts_with("/commits/")) {
    return commits_page(request, space, repository, rest.substr(9)), true;
  }
  return false;
}

}  // namespace berth::server
