// serve_git and the repository helpers against the real git CLI, over a loopback server that
// routes /spaces/o/n.git/... the way the Berth server does.
#include "server/git/git_http_backend.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <fstream>
#include <limits>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "spaces/git/git_command.hpp"
#include "spaces/git/git_repository.hpp"

namespace berth::server {
namespace {

using spaces::export_tree;
using spaces::GitResult;
using spaces::init_bare_repository;
using spaces::last_line;
using spaces::resolve_ref;
using spaces::run_git;
using ::testing::HasSubstr;

constexpr std::string_view kPrefix = "/spaces/o/n.git";

// One thread accepts, one thread per connection, as the real server does.
class LoopbackGitServer {
 public:
  explicit LoopbackGitServer(fs::path repository) : repository_(std::move(repository)) {
    tcp::endpoint endpoint(boost::asio::ip::make_address("127.0.0.1"), 0);
    acceptor_.open(endpoint.protocol());
    acceptor_.bind(endpoint);
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    accept_thread_ = std::thread([this] { accept_loop(); });
  }
  ~LoopbackGitServer() { stop(); }

  // Returns once every handler has finished.
  void stop() {
    if (stopping_.exchange(true)) return;
    // A blocking accept() does not notice close() from another thread: wake it with a connect.
    tcp::socket wake(io_);
    wake.connect(acceptor_.local_endpoint());
    accept_thread_.join();
    for (auto& t : connections_) t.join();
  }

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/spaces/o/n.git";
  }
  unsigned short port() const { return port_; }
  std::atomic<bool> allow_push{true};
  std::atomic<std::uint64_t> max_body{std::numeric_limits<std::uint64_t>::max()};

  // What the handlers saw, for the assertions.
  std::vector<std::string> errors() const { return locked(errors_); }
  std::vector<std::string> content_encodings() const { return locked(content_encodings_); }
  bool saw_chunked_request() const { return saw_chunked_; }

 private:
  std::vector<std::string> locked(const std::vector<std::string>& v) const {
    std::lock_guard lock(mutex_);
    return v;
  }

  void accept_loop() {
    for (;;) {
      LoopSocket socket(io_);
      acceptor_.accept(socket);
      if (stopping_) return;
      connections_.emplace_back([this, s = std::move(socket)]() mutable { serve(s); });
    }
  }

  void serve(LoopSocket& socket) {
    try {
      beast::flat_buffer buffer;
      for (;;) {
        RequestParser parser;
        // As the server must for git routes (boost::none breaks Content-Length in Beast 1.74).
        parser.body_limit(std::numeric_limits<std::uint64_t>::max());
        beast::error_code ec;
        http::read_header(socket, buffer, parser, ec);
        if (ec) return;  // the client closed its connection
        Exchange ex(socket, buffer, parser, "127.0.0.1");
        record(ex);
        std::string_view path = ex.path();
        if (path.starts_with(kPrefix)) {
          try {
            serve_git(ex, {.repository = repository_,
                           .path_in_repo = std::string(path.substr(kPrefix.size())),
                           .remote_user = "tester",
                           .allow_push = allow_push,
                           .max_body = max_body});
          } catch (const PayloadTooLarge& e) {
            // As HttpServer answers it.
            ex.close_after();
            ex.respond_error(http::status::payload_too_large, e.what());
            return;
          }
        } else {
          ex.respond_error(http::status::not_found, "no route");
        }
        if (!ex.keep_alive()) return;
      }
    } catch (const std::exception& e) {
      std::lock_guard lock(mutex_);
      errors_.push_back(e.what());
    }
  }

  void record(Exchange& ex) {
    std::lock_guard lock(mutex_);
    auto encoding = ex.request()[http::field::content_encoding];
    if (!encoding.empty()) content_encodings_.emplace_back(encoding);
    if (ex.parser().chunked()) saw_chunked_ = true;
  }

  fs::path repository_;
  boost::asio::io_context io_;
  tcp::acceptor acceptor_{io_};
  unsigned short port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread accept_thread_;
  std::vector<std::thread> connections_;  // only the accept thread touches it until joined
  mutable std::mutex mutex_;
  std::vector<std::string> errors_;
  std::vector<std::string> content_encodings_;
  std::atomic<bool> saw_chunked_{false};
};

// This process's children, running or zombie, from /proc.
std::set<int> child_pids() {
  std::set<int> out;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(in)), {});
    std::size_t paren = stat.rfind(')');       // the command name may hold spaces and parens
    if (paren == std::string::npos) continue;  // the process went away meanwhile
    std::istringstream rest(stat.substr(paren + 1));
    std::string state;
    int ppid = 0;
    rest >> state >> ppid;
    if (ppid == ::getpid()) out.insert(std::stoi(name));
  }
  return out;
}

std::string random_bytes(std::size_t size) {
  std::mt19937_64 rng(42);
  std::string out(size, '\0');
  for (auto& c : out) c = static_cast<char>(rng());
  return out;
}

class GitHttpBackendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file_replace(home_.path() / ".gitconfig",
                       "[user]\n\tname = Tester\n\temail = tester@example.com\n"
                       "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n");
    init_bare_repository(repo_);
    server_ = std::make_unique<LoopbackGitServer>(repo_);
  }

  // Runs the client-side git with the test's HOME and its config.
  GitResult client(std::vector<std::string> args, std::vector<std::string> env = {}) {
    env.push_back("HOME=" + home_.path().string());
    env.push_back("GIT_CONFIG_GLOBAL=" + (home_.path() / ".gitconfig").string());
    return run_git({.args = std::move(args), .environment = std::move(env)});
  }
  std::string client_ok(std::vector<std::string> args, std::vector<std::string> env = {}) {
    std::string shown;
    for (const auto& a : args) shown += " " + a;
    GitResult r = client(std::move(args), std::move(env));
    EXPECT_EQ(r.exit_code, 0) << "git" << shown << ":\n" << r.err;
    return last_line(r.out);
  }

  // A work tree cloned from the server with README.md, Dockerfile and an executable script
  // committed on main; returns it. The push is the caller's.
  fs::path commit_space_files(std::string_view extra_file = {}) {
    fs::path work = tmp_.path() / "work";
    GitResult clone = client({"clone", server_->url(), work.string()});
    EXPECT_EQ(clone.exit_code, 0) << clone.err;
    write_file_replace(work / "README.md", "---\nsdk: docker\napp_port: 7860\n---\n# Hi\n");
    write_file_replace(work / "Dockerfile", "FROM busybox\nCMD [\"httpd\", \"-f\"]\n");
    write_file_replace(work / "run.sh", "#!/bin/sh\necho hi\n", 0755);
    if (!extra_file.empty()) write_file_replace(work / "big.bin", extra_file);
    client_ok({"-C", work.string(), "add", "-A"});
    client_ok({"-C", work.string(), "commit", "-q", "-m", "first"});
    return work;
  }

  std::string head_of(const fs::path& work) {
    return client_ok({"-C", work.string(), "rev-parse", "HEAD"});
  }

  // Handlers throw only when something broke (a socket error, git not started); a test that
  // expects it takes the errors with stop_server().
  void TearDown() override {
    if (server_) {
      EXPECT_THAT(stop_server(), ::testing::IsEmpty());
    }
  }
  std::vector<std::string> stop_server() {
    server_->stop();
    auto errors = server_->errors();
    server_.reset();
    return errors;
  }

  TempDir tmp_;
  TempDir home_;
  fs::path repo_ = tmp_.path() / "spaces" / "o" / "n" / "repo.git";
  std::unique_ptr<LoopbackGitServer> server_;
};

TEST_F(GitHttpBackendTest, PushesToAnEmptyRepository) {
  EXPECT_EQ(resolve_ref(repo_, "refs/heads/main"), std::nullopt);
  fs::path work = commit_space_files();
  client_ok({"-C", work.string(), "push", server_->url(), "main"});
  EXPECT_EQ(resolve_ref(repo_, "refs/heads/main"), head_of(work));
  EXPECT_EQ(resolve_ref(repo_, "main"), head_of(work));
}

TEST_F(GitHttpBackendTest, RefusesPushWithoutPermission) {
  fs::path work = commit_space_files();
  server_->allow_push = false;
  GitResult push = client({"-C", work.string(), "push", server_->url(), "main"});
  EXPECT_NE(push.exit_code, 0);
  EXPECT_THAT(push.err, HasSubstr("403"));
  EXPECT_EQ(resolve_ref(repo_, "refs/heads/main"), std::nullopt);
  // Reading stays allowed.
  client_ok({"ls-remote", server_->url()});
}

TEST_F(GitHttpBackendTest, ClonesWithProtocolV0AndV2) {
  fs::path work = commit_space_files();
  // Many branches make the fetch request big enough for git to gzip it.
  std::vector<std::string> push{"-C", work.string(), "push", server_->url(), "main"};
  for (int i = 0; i < 40; ++i) push.push_back("main:refs/heads/branch-number-" + std::to_string(i));
  client_ok(push);
  std::string head = head_of(work);

  for (std::string version : {"0", "2"}) {
    fs::path copy = tmp_.path() / ("clone-v" + version);
    GitResult clone = client(
        {"-c", "protocol.version=" + version, "clone", "--mirror", server_->url(), copy.string()},
        {"GIT_TRACE_PACKET=1"});
    ASSERT_EQ(clone.exit_code, 0) << clone.err;
    EXPECT_EQ(resolve_ref(copy, "refs/heads/main"), head) << "v" << version;
    EXPECT_EQ(resolve_ref(copy, "refs/heads/branch-number-39"), head) << "v" << version;
    // The server spoke the version asked for (GIT_PROTOCOL reached upload-pack).
    bool spoke_v2 = clone.err.find("git< version 2") != std::string::npos;
    EXPECT_EQ(spoke_v2, version == "2") << clone.err.substr(0, 2000);
  }
  EXPECT_THAT(server_->content_encodings(), ::testing::Contains("gzip"));
}

TEST_F(GitHttpBackendTest, StreamsALargePushAndClone) {
  std::string big = random_bytes(5 << 20);
  fs::path work = commit_space_files(big);
  client_ok({"-C", work.string(), "push", server_->url(), "main"});
  EXPECT_TRUE(server_->saw_chunked_request()) << "git sent the pack with a Content-Length";
  EXPECT_EQ(resolve_ref(repo_, "refs/heads/main"), head_of(work));

  fs::path copy = tmp_.path() / "copy";
  client_ok({"clone", "-q", server_->url(), copy.string()});
  EXPECT_EQ(read_file(copy / "big.bin"), big);
}

TEST_F(GitHttpBackendTest, RefusesARequestBodyOverTheLimit) {
  fs::path work = commit_space_files(random_bytes(256 * 1024));
  server_->max_body = 64 * 1024;
  GitResult push = client({"-C", work.string(), "push", server_->url(), "main"});
  EXPECT_NE(push.exit_code, 0);
  EXPECT_THAT(push.err, HasSubstr("413"));
  EXPECT_EQ(resolve_ref(repo_, "refs/heads/main"), std::nullopt);
  // A declared length over the limit is answered before the body is sent.
  boost::asio::io_context io;
  tcp::socket socket(io);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), server_->port()});
  std::string head = std::string("POST ") + std::string(kPrefix) +
                     "/git-receive-pack HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n"
                     "Content-Type: application/x-git-receive-pack-request\r\n\r\n";
  boost::asio::write(socket, boost::asio::buffer(head));
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(socket, buffer, response);
  EXPECT_EQ(response.result(), http::status::payload_too_large);
}

TEST_F(GitHttpBackendTest, ForcePushIsAllowed) {
  fs::path work = commit_space_files();
  client_ok({"-C", work.string(), "push", server_->url(), "main"});
  client_ok({"-C", work.string(), "commit", "-q", "--amend", "-m", "rewritten"});
  client_ok({"-C", work.string(), "push", "--force", server_->url(), "main"});
  EXPECT_EQ(resolve_ref(repo_, "refs/heads/main"), head_of(work));
}

TEST_F(GitHttpBackendTest, AnswersInfoRefsWithGitsHeaders) {
  boost::asio::io_context io;
  tcp::socket socket(io);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), server_->port()});
  auto get = [&](std::string target) {
    http::request<http::empty_body> request(http::verb::get, target, 11);
    request.set(http::field::host, "127.0.0.1");
    http::write(socket, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(socket, buffer, response);
    return response;
  };
  auto refs = get(std::string(kPrefix) + "/info/refs?service=git-upload-pack");
  EXPECT_EQ(refs.result(), http::status::ok);
  EXPECT_EQ(refs[http::field::content_type], "application/x-git-upload-pack-advertisement");
  EXPECT_THAT(std::string(refs[http::field::cache_control]), HasSubstr("no-cache"));
  EXPECT_THAT(refs.body(), ::testing::StartsWith("001e# service=git-upload-pack\n"));

  // Same connection (keep-alive after a streamed answer), a path that must not reach git.
  auto escape = get(std::string(kPrefix) + "/../../../etc/passwd");
  EXPECT_EQ(escape.result(), http::status::not_found);
  EXPECT_THAT(escape.body(), HasSubstr("\"error\""));
}

TEST_F(GitHttpBackendTest, AnswersJsonWhenGitFailsBeforeItsHeader) {
  // A git that fails at once, found first in PATH (the server's PATH finds git).
  TempDir bin;
  write_file_replace(bin.path() / "git", "#!/bin/sh\necho 'fatal: out of cheese' >&2\nexit 3\n",
                     0755);
  std::string saved_path = ::getenv("PATH");
  ::setenv("PATH", (bin.path().string() + ":" + saved_path).c_str(), 1);
  boost::asio::io_context io;
  tcp::socket socket(io);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), server_->port()});
  http::request<http::empty_body> request(
      http::verb::get, std::string(kPrefix) + "/info/refs?service=git-upload-pack", 11);
  request.set(http::field::host, "127.0.0.1");
  http::write(socket, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(socket, buffer, response);
  ::setenv("PATH", saved_path.c_str(), 1);

  EXPECT_EQ(response.result(), http::status::internal_server_error);
  EXPECT_EQ(response[http::field::content_type], "application/json");
  EXPECT_THAT(response.body(), HasSubstr("fatal: out of cheese"));
}

TEST_F(GitHttpBackendTest, KillsAndReapsGitWhenTheClientLeaves) {
  // Bigger than the socket buffers: git is still writing when the client hangs up.
  fs::path work = commit_space_files(random_bytes(8 << 20));
  client_ok({"-C", work.string(), "push", server_->url(), "main"});
  std::string head = head_of(work);

  std::set<int> children_before = child_pids();
  boost::asio::io_context io;
  tcp::socket socket(io);
  socket.open(tcp::v4());
  socket.set_option(boost::asio::socket_base::receive_buffer_size(4096));
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), server_->port()});
  // A protocol v0 fetch of everything, then read a little and hang up.
  std::string body = "0032want " + head + "\n0000" + "0009done\n";
  http::request<http::string_body> request(http::verb::post,
                                           std::string(kPrefix) + "/git-upload-pack", 11);
  request.set(http::field::host, "127.0.0.1");
  request.set(http::field::content_type, "application/x-git-upload-pack-request");
  request.body() = body;
  request.prepare_payload();
  http::write(socket, request);
  char some[1024];
  boost::asio::read(socket, boost::asio::buffer(some));
  EXPECT_THAT(std::string(some, sizeof some), HasSubstr("200 OK"));
  socket.close();

  std::vector<std::string> errors = stop_server();  // joins the handler threads
  EXPECT_THAT(errors, ::testing::Contains(::testing::Not(::testing::IsEmpty())))
      << "the handler did not notice the client leaving";
  // No child is left, running or zombie: git was killed and reaped.
  EXPECT_EQ(child_pids(), children_before);
}

TEST_F(GitHttpBackendTest, ExportsACommitsTree) {
  fs::path work = commit_space_files();
  ::symlink("README.md", (work / "link").c_str());
  client_ok({"-C", work.string(), "add", "link"});
  client_ok({"-C", work.string(), "commit", "-q", "-m", "link"});
  client_ok({"-C", work.string(), "push", server_->url(), "main"});

  fs::path context = tmp_.path() / "context";
  export_tree(repo_, *resolve_ref(repo_, "refs/heads/main"), context);
  EXPECT_EQ(read_file(context / "Dockerfile"), read_file(work / "Dockerfile"));
  EXPECT_EQ(read_file(context / "README.md"), read_file(work / "README.md"));
  struct stat st {};
  ASSERT_EQ(::stat((context / "run.sh").c_str(), &st), 0);
  EXPECT_NE(st.st_mode & S_IXUSR, 0u) << "the executable bit was lost";
  EXPECT_EQ(fs::read_symlink(context / "link"), "README.md");
  EXPECT_FALSE(fs::exists(context / ".git"));
  // The repository itself gained no index or work-tree state.
  EXPECT_FALSE(fs::exists(repo_ / "index"));

  EXPECT_THROW(export_tree(repo_, "main", context), InvalidArgumentError) << "not empty";
}

TEST_F(GitHttpBackendTest, ExportOfAnUnknownCommitNamesIt) {
  const std::string missing = "0123456789abcdef0123456789abcdef01234567";
  try {
    export_tree(repo_, missing, tmp_.path() / "context");
    ADD_FAILURE() << "export_tree did not throw";
  } catch (const NotFoundError& e) {
    EXPECT_THAT(e.what(), HasSubstr(missing));
  }
}

TEST_F(GitHttpBackendTest, InitTwiceKeepsTheRepository) {
  fs::path work = commit_space_files();
  client_ok({"-C", work.string(), "push", server_->url(), "main"});
  init_bare_repository(repo_);
  EXPECT_EQ(resolve_ref(repo_, "refs/heads/main"), head_of(work));
  GitResult config = run_git(
      {.args = {"--git-dir=" + repo_.string(), "config", "--get", "receive.denyNonFastForwards"}});
  EXPECT_EQ(last_line(config.out), "false");
}

}  // namespace
}  // namespace berth::server
