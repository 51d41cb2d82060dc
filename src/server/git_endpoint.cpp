#include "server/git_endpoint.hpp"

#include <filesystem>

#include "base/error.hpp"
#include "server/git/git_http_backend.hpp"
#include "server/space_deploys.hpp"
#include "server/space_previews.hpp"
#include "spaces/git/git_refs.hpp"
#include "spaces/git/git_repository.hpp"
#include "spaces/hub_names.hpp"
#include "spaces/space_admin.hpp"

namespace berth::server {

namespace fs = std::filesystem;

namespace {

// Request bodies git clients send. A fetch sends its wants and haves (gzipped when large):
// kilobytes, megabytes for a repository with very many refs. A push sends the pack of its new
// objects: as large as the Space's files, which Berth keeps in git (no LFS). Anyone may fetch a
// public Space, so that limit is small; only a Space's owner may push, and a push is spooled
// to disk, not memory.
constexpr std::uint64_t kMaxFetchRequest = 10ull << 20;  // 10 MiB
constexpr std::uint64_t kMaxPushRequest = 1ull << 30;    // 1 GiB

// Asks git to send credentials: it only does so after a 401 with a challenge.
void challenge(Exchange& ex) {
  ex.respond(http::status::unauthorized, "text/plain", "Authentication required\n",
             {{"WWW-Authenticate", "Basic realm=\"Berth\""}});
}

// The branch a push deploys, in the Hub's order: main, else master.
}  // namespace

bool GitEndpoint::handle(Exchange& ex) {
  std::string_view path = ex.path();
  if (!path.starts_with("/spaces/")) return false;
  std::string_view rest = path.substr(std::string_view("/spaces/").size());
  auto slash = rest.find('/');
  if (slash == std::string_view::npos) return false;
  auto end = rest.find('/', slash + 1);
  std::string name(rest.substr(slash + 1, end == std::string_view::npos ? end : end - slash - 1));
  std::string in_repo(end == std::string_view::npos ? "" : rest.substr(end));
  if (name.ends_with(".git")) name.resize(name.size() - 4);
  // Git's own paths only: the rest of /spaces/… is the web UI's.
  static constexpr std::string_view kGitPaths[] = {"/info/refs", "/git-upload-pack",
                                                   "/git-receive-pack", "/HEAD"};
  if (std::find(std::begin(kGitPaths), std::end(kGitPaths), in_repo) == std::end(kGitPaths)) {
    return false;
  }
  std::string id = std::string(rest.substr(0, slash)) + "/" + name;

  bool wants_push = in_repo == "/git-receive-pack" ||
                    (in_repo == "/info/refs" &&
                     ex.query().find("service=git-receive-pack") != std::string_view::npos);
  auto who = ctx_.identify(ex);
  auto space = ctx_.db.with([&](spaces::SpaceStore& s, spaces::UserStore&) { return s.find(id); });
  // A preview has no repository of its own: its branch lives in its Space's.
  if (space && !space->preview_of.empty()) space.reset();
  bool is_owner = space && who && spaces::same_name(who->user, space->owner);
  if (!space || !ServerContext::can_read(*space, who) || (wants_push && !is_owner)) {
    // Without credentials git must be asked for them; with the wrong ones, a private or
    // unknown Space is simply not there.
    if (!who) {
      challenge(ex);
    } else if (space && ServerContext::can_read(*space, who)) {
      ex.respond(http::status::forbidden, "text/plain",
                 "You are not allowed to push to " + space->id + "\n");
    } else {
      ex.respond(http::status::not_found, "text/plain", "Repository not found\n");
    }
    return true;
  }
  if (wants_push && !who->can_write()) {
    ex.respond(http::status::forbidden, "text/plain",
               "This token has read access only; pushing needs a write token\n");
    return true;
  }

  GitHttpRequest request;
  request.repository = spaces::repository_of(ctx_.spaces_dir, *space);
  request.path_in_repo = in_repo;
  request.remote_user = who ? who->user : "";
  request.allow_push = wants_push;
  request.max_body = in_repo == "/git-receive-pack" ? kMaxPushRequest : kMaxFetchRequest;
  const bool receives = in_repo == "/git-receive-pack";
  auto before = receives ? spaces::default_branch_head(request.repository) : std::nullopt;
  auto branches_before = receives ? preview_branches(request.repository) : PreviewBranches{};
  int status = serve_git(ex, request);
  if (receives && status == 0) {
    auto after = spaces::default_branch_head(request.repository);
    if (after && after != before) queue_space_deploy(ctx_, *space, *after);
    sync_previews(ctx_, *space, branches_before, preview_branches(request.repository));
  }
  return true;
}

}  // namespace berth::server
