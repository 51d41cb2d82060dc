#include "server/git/git_http_backend.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/unique_fd.hpp"
#include "spaces/git/git_command.hpp"

namespace berth::server {
namespace {

constexpr std::size_t kMaxCgiHeader = 64 * 1024;
constexpr std::size_t kStderrKept = 16 * 1024;  // the tail; git's fatal line comes last
constexpr std::size_t kChunk = 64 * 1024;

// Absolute, and no empty, "." or ".." segment: git http-backend maps PATH_INFO onto the disk.
bool plain_path(std::string_view path) {
  if (path.empty() || path[0] != '/' || path.find('\0') != std::string_view::npos) return false;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    start = end + 1;
  }
  return true;
}

// The request body goes to git through an unlinked temp file rather than a pipe fed by a
// second thread. A git client sends its whole request before it reads the answer (stateless
// RPC), so waiting for the body costs no latency that matters; in exchange git never sees a
// push cut short by a dropped client, there is no stdin/stdout deadlock to avoid and no
// SIGPIPE, and CONTENT_LENGTH is exact even for chunked requests. The spool sits next to the
// repository (same disk as the pack it becomes), in /tmp where O_TMPFILE is unsupported.
UniqueFd open_spool(const fs::path& directory) {
  UniqueFd fd(::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
  if (fd.valid()) return fd;
  if (errno != EOPNOTSUPP && errno != EISDIR)
    throw_errno("spool git request in " + directory.string());
  fs::path fallback = fs::temp_directory_path();
  fd.reset(::open(fallback.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
  if (!fd.valid()) throw_errno("spool git request in " + fallback.string());
  return fd;
}

PayloadTooLarge body_too_large(std::uint64_t limit) {
  return PayloadTooLarge("git request body larger than " + std::to_string(limit) + " bytes");
}

std::uint64_t spool_body(Exchange& ex, int fd, std::uint64_t limit) {
  std::vector<char> buffer(kChunk);
  std::uint64_t total = 0;
  while (std::size_t n = ex.read_body(buffer.data(), buffer.size())) {
    total += n;
    if (total > limit) {
      ex.close_after();  // the rest of the body is still on the socket
      throw body_too_large(limit);
    }
    write_all(fd, buffer.data(), n, "git request spool");
  }
  if (::lseek(fd, 0, SEEK_SET) != 0) throw_errno("rewind git request spool");
  return total;
}

struct CgiHeader {
  unsigned status = 200;
  std::vector<std::pair<std::string, std::string>> fields;
};

// Where the CGI header block ends in `data` (git writes CRLF; a bare LF is CGI-legal too):
// {end of the header lines, start of the body}, or nullopt while incomplete.
std::optional<std::pair<std::size_t, std::size_t>> find_header_end(std::string_view data) {
  std::size_t crlf = data.find("\r\n\r\n");
  std::size_t lf = data.find("\n\n");
  if (crlf == std::string_view::npos && lf == std::string_view::npos) return std::nullopt;
  if (crlf < lf) return std::pair{crlf, crlf + 4};
  return std::pair{lf, lf + 2};
}

std::string_view trim(std::string_view s) {
  std::size_t first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

// Status becomes the response's status; hop-by-hop fields are the server's business.
std::optional<CgiHeader> parse_cgi_header(std::string_view block) {
  CgiHeader header;
  while (!block.empty()) {
    std::size_t eol = block.find('\n');
    std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view() : block.substr(eol + 1);
    line = trim(line);
    if (line.empty()) continue;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    std::string_view name = trim(line.substr(0, colon));
    std::string_view value = trim(line.substr(colon + 1));
    auto is = [&](std::string_view other) { return beast::iequals(name, other); };
    if (is("Status")) {
      unsigned code = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), code);
      if (ec != std::errc() || code < 100 || code > 999) return std::nullopt;
      header.status = code;
    } else if (!is("Connection") && !is("Transfer-Encoding") && !is("Keep-Alive")) {
      header.fields.emplace_back(name, value);
    }
  }
  return header;
}

std::vector<std::string> cgi_environment(const Exchange& ex, const GitHttpRequest& request,
                                         const fs::path& repository) {
  const RequestHeader& req = ex.request();
  std::vector<std::string> env{
      "GATEWAY_INTERFACE=CGI/1.1",
      "GIT_PROJECT_ROOT=" + repository.parent_path().string(),
      "PATH_INFO=/" + repository.filename().string() + request.path_in_repo,
      "GIT_HTTP_EXPORT_ALL=1",
      "REQUEST_METHOD=" + std::string(req.method_string()),
      "QUERY_STRING=" + std::string(ex.query()),
      "REMOTE_ADDR=" + ex.remote_address(),
      // Per request, over anything in the repository's config: pushing is the router's call.
      "GIT_CONFIG_COUNT=2",
      "GIT_CONFIG_KEY_0=http.receivepack",
      std::string("GIT_CONFIG_VALUE_0=") + (request.allow_push ? "true" : "false"),
      "GIT_CONFIG_KEY_1=http.uploadpack",
      "GIT_CONFIG_VALUE_1=true",
  };
  if (!request.remote_user.empty()) env.push_back("REMOTE_USER=" + request.remote_user);
  auto copy = [&](auto field, std::string_view name) {
    auto it = req.find(field);
    if (it != req.end()) env.push_back(std::string(name) + "=" + std::string(it->value()));
  };
  copy(http::field::content_type, "CONTENT_TYPE");
  // git clients gzip larger fetch requests; http-backend inflates them.
  copy(http::field::content_encoding, "HTTP_CONTENT_ENCODING");
  // Protocol v2 is asked for in this header; upload-pack reads it from GIT_PROTOCOL.
  copy("Git-Protocol", "GIT_PROTOCOL");
  return env;
}

std::pair<UniqueFd, UniqueFd> make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw_errno("create pipe for git http-backend");
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// Reads what is ready on `fd` into `out`; false at EOF.
bool read_some(int fd, std::string& out) {
  char buffer[kChunk];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno("read git http-backend output");
    out.assign(buffer, static_cast<std::size_t>(n));
    return n > 0;
  }
}

}  // namespace

int serve_git(Exchange& ex, const GitHttpRequest& request) {
  fs::path repository = fs::absolute(request.repository).lexically_normal();
  if (!repository.has_filename()) repository = repository.parent_path();  // a trailing '/'
  if (!plain_path(request.path_in_repo) || !fs::is_directory(repository)) {
    ex.respond_error(http::status::not_found, "repository not found");
    return -1;
  }

  std::vector<std::string> env = cgi_environment(ex, request, repository);
  UniqueFd body;
  if (!ex.body_done()) {
    // A declared length over the limit is refused before a byte of the body is read.
    if (auto length = ex.parser().content_length(); length && *length > request.max_body) {
      ex.close_after();
      throw body_too_large(request.max_body);
    }
    // Not boost::none: Beast 1.74 compares a Content-Length against it as "over the limit".
    ex.parser().body_limit(std::numeric_limits<std::uint64_t>::max());
    body = open_spool(repository.parent_path());
    env.push_back("CONTENT_LENGTH=" + std::to_string(spool_body(ex, body.get(), request.max_body)));
  } else if (ex.request().method() == http::verb::post) {
    env.push_back("CONTENT_LENGTH=0");
  }

  auto [out_read, out_write] = make_pipe();
  auto [err_read, err_write] = make_pipe();
  spaces::GitProcess git({.args = {"http-backend"}, .environment = std::move(env)},
                         {.in = body.get(), .out = out_write.get(), .err = err_write.get()});
  out_write.reset();  // EOF on our ends once git (and what it started) exits
  err_write.reset();
  body.reset();

  const bool head = ex.request().method() == http::verb::head;
  std::string pending;  // stdout before the end of git's CGI header
  std::optional<CgiHeader> header;
  bool bad_header = false;
  std::string errors;  // the tail of git's stderr
  std::string data;
  pollfd fds[2] = {{out_read.get(), POLLIN, 0}, {err_read.get(), POLLIN, 0}};
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      throw_errno("wait for git http-backend output");
    }
    if (fds[1].revents != 0) {
      if (!read_some(fds[1].fd, data)) fds[1].fd = -1;
      errors += data;
      if (errors.size() > kStderrKept) errors.erase(0, errors.size() - kStderrKept);
    }
    if (fds[0].revents == 0) continue;
    if (!read_some(fds[0].fd, data)) {
      fds[0].fd = -1;
      continue;
    }
    if (header) {
      if (!head) ex.write_chunk(data);
      continue;
    }
    pending += data;
    auto end = find_header_end(pending);
    if (!end && pending.size() <= kMaxCgiHeader) continue;
    header = end ? parse_cgi_header(std::string_view(pending).substr(0, end->first)) : std::nullopt;
    if (!header) {
      bad_header = true;
      git.kill();
      fds[0].fd = -1;
      continue;
    }
    ResponseHeader response;
    response.version(ex.request().version());
    response.result(header->status);
    for (const auto& [name, value] : header->fields) response.set(name, value);
    ex.begin_stream(std::move(response));
    if (!head) ex.write_chunk(std::string_view(pending).substr(end->second));
    pending.clear();
  }
  int status = git.wait();

  if (!header) {
    std::string why = bad_header ? "sent an invalid CGI header" : spaces::last_line(errors);
    if (why.empty()) why = "exited with status " + std::to_string(status) + " without a response";
    ex.respond_error(http::status::internal_server_error, "git http-backend: " + why);
    return status;
  }
  // git's own error answers (403 for a refused push) are complete even though it exits 1;
  // a success cut short is not, and must not look complete to the client.
  if (status != 0 && header->status < 400) {
    ex.close_after();
    return status;
  }
  if (!head) ex.end_stream();
  return status;
}

}  // namespace berth::server
