#include "build/executor/git_checkout.hpp"

#include <netdb.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>

#include "base/address_policy.hpp"
#include "base/error.hpp"
#include "base/process.hpp"

namespace berth::build {

namespace {

constexpr uid_t kNobody = 65534;

// Every git command gets these: only the network protocols a build may use, no credential
// helper, no ssh, no hooks, no fsmonitor.
const std::vector<std::string>& hardening_config() {
  static const std::vector<std::string> config = {
      "-c", "protocol.allow=never",       "-c", "protocol.https.allow=always",
      "-c", "protocol.http.allow=always", "-c", "protocol.git.allow=always",
      "-c", "credential.helper=",         "-c", "core.sshCommand=false",
      "-c", "core.hooksPath=/dev/null",   "-c", "core.fsmonitor=false",
      "-c", "init.templateDir=",          "-c", "http.followRedirects=initial",
  };
  return config;
}

std::vector<std::string> clean_environment(const std::filesystem::path& home, bool with_proxy) {
  std::vector<std::string> env = {
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      "HOME=" + home.string(),
      "XDG_CONFIG_HOME=" + home.string(),
      "GIT_CONFIG_NOSYSTEM=1",
      "GIT_CONFIG_GLOBAL=/dev/null",
      "GIT_TERMINAL_PROMPT=0",
      "GIT_ASKPASS=/bin/false",
      "SSH_ASKPASS=/bin/false",
      "GIT_SSH_COMMAND=false",
      "GIT_PROTOCOL_FROM_USER=0",
      "LC_ALL=C",
  };
  if (with_proxy) {
    for (const char* name : {"http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                             "NO_PROXY", "all_proxy", "ALL_PROXY"}) {
      if (const char* v = std::getenv(name)) env.push_back(std::string(name) + "=" + v);
    }
  }
  return env;
}

std::string scheme_of(std::string_view url) {
  auto sep = url.find("://");
  return sep == std::string_view::npos ? "" : std::string(url.substr(0, sep));
}

// The host of scheme://[user@]host[:port]/path ("[v6]" without brackets).
std::string host_of(std::string_view url) {
  auto start = url.find("://");
  if (start == std::string_view::npos) return "";
  auto rest = url.substr(start + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (rest.starts_with("[")) {
    auto close = rest.find(']');
    return std::string(rest.substr(1, close == std::string_view::npos ? close : close - 1));
  }
  return std::string(rest.substr(0, rest.find(':')));
}

// Refuses a host that resolves to an address a Space build may not reach. git connects after
// its own lookup, so this is a first line only: the fetch also runs in the build's network
// namespace, which does not reach the host's loopback.
void check_public_host(const std::string& url, const std::string& shown) {
  std::string host = host_of(url);
  if (host.empty()) throw InvalidArgumentError("ADD " + shown + ": the URL has no host");
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0) return;  // git will say so
  std::unique_ptr<addrinfo, void (*)(addrinfo*)> list(found, ::freeaddrinfo);
  for (addrinfo* a = found; a; a = a->ai_next) {
    std::string why = refuse_reason(a->ai_addr);
    if (!why.empty()) {
      throw Error("ADD " + shown + ": connecting to " + why +
                  ", which a Space build may not reach");
    }
  }
}

void run_git(const std::vector<std::string>& prefix, const std::vector<std::string>& git_args,
             const std::vector<std::string>& env, const std::string& what) {
  std::vector<std::string> argv = prefix;
  argv.push_back("git");
  argv.insert(argv.end(), hardening_config().begin(), hardening_config().end());
  argv.insert(argv.end(), git_args.begin(), git_args.end());
  ProcessOptions options;
  options.search_path = true;
  options.environment = env;
  ProcessResult result;
  try {
    result = run_process(argv, options);
  } catch (const Error& e) {
    throw Error(what + ": " + e.what() + " (apt-get install git util-linux)");
  }
  if (result.exit_code == 0) return;
  std::string message = result.output;
  while (!message.empty() && message.back() == '\n') message.pop_back();
  if (message.empty()) message = "exit code " + std::to_string(result.exit_code);
  throw Error(what + ": " + message);
}

void chown_path(const std::filesystem::path& p, uid_t uid, mode_t mode) {
  if (::chown(p.c_str(), uid, uid) != 0) throw_errno("chown " + p.string());
  if (::chmod(p.c_str(), mode) != 0) throw_errno("chmod " + p.string());
}

}  // namespace

bool is_hex_commit(std::string_view ref) {
  if (ref.size() < 7 || ref.size() > 64) return false;
  for (char c : ref) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool is_valid_git_ref_name(std::string_view ref) {
  // git check-ref-format --allow-onelevel, plus: never a leading '-' (an option to git).
  if (ref.empty() || ref == "@" || ref.starts_with("-") || ref.starts_with("/") ||
      ref.ends_with("/") || ref.ends_with(".") || ref.ends_with(".lock")) {
    return false;
  }
  if (ref.find("..") != std::string_view::npos || ref.find("@{") != std::string_view::npos ||
      ref.find("//") != std::string_view::npos) {
    return false;
  }
  for (unsigned char c : ref) {
    if (c < 0x20 || c == 0x7f || c == ' ' || c == '~' || c == '^' || c == ':' || c == '?' ||
        c == '*' || c == '[' || c == '\\') {
      return false;
    }
  }
  size_t start = 0;
  while (start <= ref.size()) {
    auto end = ref.find('/', start);
    auto part = ref.substr(start, end == std::string_view::npos ? end : end - start);
    if (part.starts_with(".") || part.ends_with(".lock")) return false;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return true;
}

GitSource parse_git_source(std::string_view source) {
  GitSource s;
  s.url = std::string(source);
  s.subdir = ".";
  if (auto hash = source.find('#'); hash != std::string_view::npos) {
    s.url = std::string(source.substr(0, hash));
    s.ref = std::string(source.substr(hash + 1));
    if (auto colon = s.ref.find(':'); colon != std::string::npos) {
      s.subdir = s.ref.substr(colon + 1);
      s.ref = s.ref.substr(0, colon);
      if (s.subdir.empty()) s.subdir = ".";
    }
  }
  std::string shown(source);
  if (s.url.empty() || s.url.starts_with("-")) {
    throw InvalidArgumentError("ADD " + shown + ": invalid git repository URL");
  }
  std::string scheme = scheme_of(s.url);
  if (scheme == "ssh" || scheme.empty()) {
    throw InvalidArgumentError("ADD " + shown +
                               ": git over ssh is not supported yet (a build never uses the "
                               "host's keys); use an https:// or git:// URL");
  }
  if (scheme != "http" && scheme != "https" && scheme != "git") {
    throw InvalidArgumentError("ADD " + shown + ": the git protocol " + scheme +
                               " is not allowed (http, https and git are)");
  }
  if (!s.ref.empty() && !is_hex_commit(s.ref) && !is_valid_git_ref_name(s.ref)) {
    throw InvalidArgumentError("ADD " + shown + ": invalid git ref \"" + s.ref + "\"");
  }
  return s;
}

TempDir checkout_git(const GitSource& source, bool keep_git_dir, const GitFetchSandbox& sandbox) {
  std::string shown = source.url + (source.ref.empty() ? "" : "#" + source.ref);
  if (sandbox.public_addresses_only) check_public_host(source.url, shown);
  TempDir work(std::filesystem::temp_directory_path(), "berth-git-");
  auto repo = work.path() / "repo";
  auto home = work.path() / "home";
  std::filesystem::create_directory(repo);
  std::filesystem::create_directory(home);
  for (const auto& p : {work.path(), repo, home}) chown_path(p, kNobody, 0700);

  // As nobody, without any capability, and (for a Space) in the build's network namespace.
  std::vector<std::string> prefix;
  if (sandbox.netns) prefix = {"nsenter", "--net=" + sandbox.netns->string(), "--"};
  for (const char* a : {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                        "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"}) {
    prefix.push_back(a);
  }
  auto env = clean_environment(home, sandbox.pass_proxy_environment);
  std::string in = "--git-dir=" + (repo / ".git").string();
  std::string tree = "--work-tree=" + repo.string();

  run_git(prefix, {"init", "--quiet", repo.string()}, env, "ADD " + shown + ": git init");
  bool hex = is_hex_commit(source.ref);
  std::string wanted = source.ref.empty() ? "HEAD" : source.ref;
  std::string checkout = "FETCH_HEAD";
  try {
    run_git(prefix, {in, "fetch", "--quiet", "--no-tags", "--end-of-options", source.url, wanted},
            env, "ADD " + shown + ": git fetch");
  } catch (const Error&) {
    if (!hex) throw;
    // A commit the server will not hand out by name: every branch and tag, then the commit.
    run_git(prefix,
            {in, "fetch", "--quiet", "--end-of-options", source.url,
             "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"},
            env, "ADD " + shown + ": git fetch");
    checkout = source.ref;
  }
  // FETCH_HEAD or a hex commit: never an option (git 2.39's checkout --detach refuses
  // --end-of-options as a path).
  run_git(prefix, {in, tree, "checkout", "--quiet", "--detach", checkout + "^{commit}"}, env,
          "ADD " + shown + ": git checkout");
  if (!keep_git_dir) std::filesystem::remove_all(repo / ".git");
  // Root's again before anyone reads it; the files inside stay nobody's until copied (as 0:0).
  chown_path(work.path(), 0, 0700);
  return work;
}

}  // namespace berth::build
