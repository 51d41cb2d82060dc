// berth-shim: one small process per container (podman's conmon is the model). It outlives the
// CLI that started it, owns the container's stdio, writes Docker's json-file log, serves
// attach clients, reaps the container, records its exit code and runs the exit command.
//
// Kept deliberately small (target RSS <= 1 MB): no iostreams, no JSON library, no exceptions
// on the hot path; one poll loop, no threads.
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <climits>
#include <string>
#include <vector>

#include "runtime/shim/attach_protocol.hpp"
#include "runtime/shim/oom_events.hpp"
#include "runtime/shim/shim_options.hpp"
#include "runtime/shim_client/json_log.hpp"

namespace {

using berth::runtime::ShimOptions;

// Docker splits lines longer than this into partial records.
constexpr size_t kMaxLine = 16 * 1024;
constexpr size_t kMaxClientBacklog = 1 << 20;
constexpr int kHousekeepingNice = 10;

void write_all(int fd, const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = write(fd, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    p += n;
    size -= static_cast<size_t>(n);
  }
}

[[noreturn]] void die(int sync_fd, const std::string& message) {
  std::string line = "error " + message + "\n";
  if (sync_fd >= 0) write_all(sync_fd, line.data(), line.size());
  _exit(1);
}

// Runs a command to completion with stdio as given (-1 = /dev/null); captures stderr when
// `err` is non-null. Returns the exit status.
int run_command(const std::vector<std::string>& argv, int in, int out, int err_fd,
                std::string* err) {
  int err_pipe[2] = {-1, -1};
  if (err && pipe2(err_pipe, O_CLOEXEC) != 0) return -1;
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    int null = open("/dev/null", O_RDWR);
    dup2(in >= 0 ? in : null, 0);
    dup2(out >= 0 ? out : null, 1);
    dup2(err ? err_pipe[1] : (err_fd >= 0 ? err_fd : null), 2);
    close_range(3, ~0U, 0);  // the container's pipes and our sockets are not runc's
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    dprintf(2, "exec %s: %s", args[0], strerror(errno));
    _exit(127);
  }
  if (err) {
    close(err_pipe[1]);
    char buf[4096];
    ssize_t n;
    while ((n = read(err_pipe[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)) {
      if (n > 0) err->append(buf, static_cast<size_t>(n));
    }
    close(err_pipe[0]);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// runc prints "time=… level=error msg=\"…\"" lines or a bare message; keep the message.
std::string runc_message(const std::string& err) {
  std::string text = trim(err);
  auto msg = text.rfind("msg=\"");
  if (msg != std::string::npos) {
    auto end = text.rfind('"');
    if (end > msg + 5) text = text.substr(msg + 5, end - msg - 5);
  }
  auto nl = text.rfind('\n');
  if (nl != std::string::npos) text = text.substr(nl + 1);
  return text.empty() ? "runtime failed without a message" : text;
}

class LogFile {
 public:
  LogFile(const ShimOptions& o)
      : path_(o.log_path), max_size_(o.log_max_size), max_files_(o.log_max_files) {
    open_file();
  }
  void write(const std::string& record) {
    if (max_size_ > 0 && size_ + static_cast<long long>(record.size()) > max_size_ && size_ > 0)
      rotate();
    write_all(fd_, record.data(), record.size());
    size_ += static_cast<long long>(record.size());
  }

 private:
  void open_file() {
    fd_ = open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    struct stat st {};
    size_ = fd_ >= 0 && fstat(fd_, &st) == 0 ? st.st_size : 0;
  }
  void rotate() {
    close(fd_);
    if (max_files_ <= 1) {
      truncate(path_.c_str(), 0);
    } else {
      for (int i = max_files_ - 1; i >= 1; --i) {
        std::string from = i == 1 ? path_ : path_ + "." + std::to_string(i - 1);
        std::string to = path_ + "." + std::to_string(i);
        rename(from.c_str(), to.c_str());
      }
    }
    open_file();
  }
  std::string path_;
  long long max_size_;
  int max_files_;
  int fd_ = -1;
  long long size_ = 0;
};

// One output stream (stdout or stderr, or the tty): splits into log records.
struct Stream {
  int fd = -1;
  const char* name;
  int frame_type;  // stdcopy stream id: 1 stdout, 2 stderr
  std::string pending;
};

struct Client {
  int fd;
  std::string backlog;
  bool input_open = true;    // false once the client's stdin ended
  bool read_before = false;  // its greeting, if any, came with its first bytes
  bool brings_stdin = true;  // false once it said kNoStdinGreeting
};

class Shim {
 public:
  explicit Shim(ShimOptions o) : o_(std::move(o)), log_(o_) {}
  int run();

 private:
  void start_container();
  void emit(Stream& s, const char* data, size_t n);
  void flush_partial(Stream& s);
  void send_to_clients(int frame_type, const char* data, size_t n);
  void accept_client();
  void handle_client_input(size_t index);
  void drop_client(size_t index);
  void reap();
  void finish();
  // The healthcheck's timer: the shim runs the health command (`berth healthcheck run ID`),
  // one at a time, and waits the interval after each (the start interval during the start
  // period until a probe succeeds), as Docker's monitor does.
  bool health_enabled() const { return !o_.health_command.empty(); }
  long long health_delay_ns() const;
  int poll_timeout_ms() const;
  void start_probe_if_due();

  ShimOptions o_;
  LogFile log_;
  Stream out_{-1, "stdout", 1, {}};
  Stream err_{-1, "stderr", 2, {}};
  int stdin_fd_ = -1;  // our end of the container's stdin (or the tty master)
  int tty_fd_ = -1;
  int listen_fd_ = -1;
  int signal_fd_ = -1;
  pid_t container_pid_ = -1;
  bool exited_ = false;
  int exit_code_ = 0;
  std::vector<Client> clients_;
  pid_t probe_pid_ = -1;
  bool probe_succeeded_ = false;  // once: the start interval no longer applies
  long long started_ns_ = 0, next_probe_ns_ = 0;
};

long long monotonic_ns() {
  struct timespec ts {};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

int listen_unix(const std::string& path) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  struct sockaddr_un addr {};
  addr.sun_family = AF_UNIX;
  if (fd < 0 || path.size() >= sizeof addr.sun_path) return -1;
  memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  unlink(path.c_str());
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, 16) != 0) {
    close(fd);
    return -1;
  }
  chmod(path.c_str(), 0600);
  return fd;
}

// Receives the pty master runc sends over --console-socket.
int receive_fd(int listen_fd) {
  struct pollfd p = {listen_fd, POLLIN, 0};
  if (poll(&p, 1, 30000) <= 0) return -1;
  int conn = accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
  if (conn < 0) return -1;
  char data[256];
  struct iovec iov = {data, sizeof data};
  char control[CMSG_SPACE(sizeof(int))] = {};
  struct msghdr msg {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  int fd = -1;
  if (recvmsg(conn, &msg, 0) > 0) {
    struct cmsghdr* c = CMSG_FIRSTHDR(&msg);
    if (c && c->cmsg_type == SCM_RIGHTS) memcpy(&fd, CMSG_DATA(c), sizeof fd);
  }
  close(conn);
  return fd;
}

void Shim::start_container() {
  std::vector<std::string> base = {o_.runtime};
  if (!o_.runtime_root.empty()) {
    base.push_back("--root");
    base.push_back(o_.runtime_root);
  }
  std::vector<std::string> create = base;
  // One runtime invocation (`run --detach`) unless an attach client must see the very first
  // output: then create, wait for the client, start.
  if (o_.wait_attach) {
    create.insert(create.end(), {"create", "--bundle", o_.bundle, "--pid-file", o_.pid_file});
  } else {
    create.insert(create.end(),
                  {"run", "--detach", "--bundle", o_.bundle, "--pid-file", o_.pid_file});
  }
  int child_in = -1, child_out = -1, child_err = -1;
  int console_listen = -1;
  std::string console_path;
  if (o_.tty) {
    console_path = o_.attach_socket + ".console";
    console_listen = listen_unix(console_path);
    if (console_listen < 0) die(o_.sync_fd, "cannot create the console socket " + console_path);
    int flags = fcntl(console_listen, F_GETFL);
    fcntl(console_listen, F_SETFL, flags & ~O_NONBLOCK);
    create.insert(create.end(), {"--console-socket", console_path});
  } else {
    int out[2], err[2];
    if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) die(o_.sync_fd, "pipe failed");
    out_.fd = out[0];
    err_.fd = err[0];
    child_out = out[1];
    child_err = err[1];
    if (o_.open_stdin) {
      int in[2];
      if (pipe2(in, O_CLOEXEC) != 0) die(o_.sync_fd, "pipe failed");
      child_in = in[0];
      stdin_fd_ = in[1];
    }
  }
  create.push_back(o_.id);

  // runc hands its own stdio to the container process, so its error messages on a failed
  // create arrive on the container's stderr pipe; nothing else can be there yet.
  pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_RDWR);
    dup2(child_in >= 0 ? child_in : null, 0);
    dup2(child_out >= 0 ? child_out : null, 1);
    if (child_err >= 0) {
      dup2(child_err, 2);
    } else {
      // tty mode: runc's stdio is not the container's; keep runc's errors readable.
      int fd = open((o_.bundle + "/runc-create.err").c_str(),
                    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      dup2(fd >= 0 ? fd : null, 2);
    }
    close_range(3, ~0U, 0);  // runc gets the container's stdio and nothing else of ours
    std::vector<char*> args;
    for (const auto& a : create) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    dprintf(2, "exec %s: %s", args[0], strerror(errno));
    _exit(127);
  }
  if (o_.tty) {
    tty_fd_ = receive_fd(console_listen);
    close(console_listen);
    unlink(console_path.c_str());
    stdin_fd_ = tty_fd_;
    out_.fd = tty_fd_ >= 0 ? dup(tty_fd_) : -1;
  }
  if (child_in >= 0) close(child_in);
  if (child_out >= 0) close(child_out);
  if (child_err >= 0) close(child_err);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string err;
    if (err_.fd >= 0) {
      fcntl(err_.fd, F_SETFL, O_NONBLOCK);
      char buf[8192];
      ssize_t n;
      while ((n = read(err_.fd, buf, sizeof buf)) > 0) err.append(buf, static_cast<size_t>(n));
    } else {
      int fd = open((o_.bundle + "/runc-create.err").c_str(), O_RDONLY | O_CLOEXEC);
      char buf[8192];
      ssize_t n;
      while (fd >= 0 && (n = read(fd, buf, sizeof buf)) > 0)
        err.append(buf, static_cast<size_t>(n));
    }
    std::vector<std::string> del = base;
    del.insert(del.end(), {"delete", "--force", o_.id});
    run_command(del, -1, -1, -1, nullptr);
    die(o_.sync_fd, runc_message(err));
  }
  if (o_.tty && tty_fd_ < 0) die(o_.sync_fd, "the runtime sent no terminal");

  char buf[64] = {};
  int fd = open(o_.pid_file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || read(fd, buf, sizeof buf - 1) <= 0)
    die(o_.sync_fd, "the runtime wrote no pid file");
  close(fd);
  container_pid_ = atoi(buf);

  // Attach clients may connect from now on; they see everything from start on.
  listen_fd_ = listen_unix(o_.attach_socket);
  if (listen_fd_ < 0) die(o_.sync_fd, "cannot listen on " + o_.attach_socket);
  std::string ok = "ok " + std::to_string(container_pid_) + " " + std::to_string(getpid()) + "\n";
  write_all(o_.sync_fd, ok.data(), ok.size());
  close(o_.sync_fd);
  if (!o_.wait_attach) {
    o_.sync_fd = -1;
    return;
  }
  // The CLI attaches right after reading "ok"; give it a while, then start regardless.
  struct pollfd p = {listen_fd_, POLLIN, 0};
  if (poll(&p, 1, 10000) > 0) accept_client();
  std::vector<std::string> start = base;
  start.insert(start.end(), {"start", o_.id});
  std::string err;
  int rc = run_command(start, -1, -1, -1, &err);
  if (!WIFEXITED(rc) || WEXITSTATUS(rc) != 0) {
    // Too late for the sync line: the reason goes to the log, and the exit record follows.
    std::string message =
        "berth-shim: the runtime could not start the container: " + runc_message(err) + "\n";
    log_.write(berth::runtime::json_log_line(message, "stderr", berth::runtime::json_log_now()));
    kill(container_pid_, SIGKILL);
  }
  o_.sync_fd = -1;
}

void Shim::send_to_clients(int frame_type, const char* data, size_t n) {
  std::string frame;
  if (!o_.tty) {
    unsigned char header[8] = {static_cast<unsigned char>(frame_type),
                               0,
                               0,
                               0,
                               static_cast<unsigned char>(n >> 24),
                               static_cast<unsigned char>(n >> 16),
                               static_cast<unsigned char>(n >> 8),
                               static_cast<unsigned char>(n)};
    frame.assign(reinterpret_cast<char*>(header), 8);
  }
  frame.append(data, n);
  for (size_t i = 0; i < clients_.size();) {
    Client& c = clients_[i];
    c.backlog += frame;
    ssize_t w = send(c.fd, c.backlog.data(), c.backlog.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w > 0) c.backlog.erase(0, static_cast<size_t>(w));
    // A slow client is dropped rather than allowed to stall the container: the log keeps all.
    if ((w < 0 && errno != EAGAIN) || c.backlog.size() > kMaxClientBacklog) {
      drop_client(i);
      continue;
    }
    ++i;
  }
}

void Shim::emit(Stream& s, const char* data, size_t n) {
  send_to_clients(s.frame_type, data, n);
  std::string time = berth::runtime::json_log_now();
  for (size_t i = 0; i < n; ++i) {
    s.pending.push_back(data[i]);
    if (data[i] == '\n' || s.pending.size() >= kMaxLine) {
      log_.write(berth::runtime::json_log_line(s.pending, s.name, time));
      s.pending.clear();
    }
  }
}

void Shim::flush_partial(Stream& s) {
  if (s.pending.empty()) return;
  log_.write(berth::runtime::json_log_line(s.pending, s.name, berth::runtime::json_log_now()));
  s.pending.clear();
}

void Shim::accept_client() {
  int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
  if (fd >= 0) clients_.push_back({fd, {}});
}

void Shim::drop_client(size_t index) {
  close(clients_[index].fd);
  clients_.erase(clients_.begin() + static_cast<long>(index));
}

void Shim::handle_client_input(size_t index) {
  char buf[8192];
  ssize_t n = read(clients_[index].fd, buf, sizeof buf);
  Client& client = clients_[index];
  if (n > 0) {
    // Control lines (attach_protocol.hpp) say what the client is and resize the terminal;
    // everything else is stdin. One read may hold them and the keys typed after them.
    std::string data(buf, static_cast<size_t>(n));
    if (!client.read_before) {
      client.read_before = true;
      if (data.rfind(berth::runtime::kNoStdinGreeting, 0) == 0) {
        client.brings_stdin = false;
        data.erase(0, berth::runtime::kNoStdinGreeting.size());
      }
    }
    const std::string_view resize = berth::runtime::kResizePrefix;
    while (o_.tty && data.rfind(resize, 0) == 0 && data.find('\n') != std::string::npos) {
      unsigned rows = 0, cols = 0;
      if (sscanf(data.c_str() + resize.size(), "%u;%u", &rows, &cols) == 2 && tty_fd_ >= 0) {
        struct winsize ws {};
        ws.ws_row = static_cast<unsigned short>(rows);
        ws.ws_col = static_cast<unsigned short>(cols);
        ioctl(tty_fd_, TIOCSWINSZ, &ws);
      }
      data.erase(0, data.find('\n') + 1);
    }
    if (client.brings_stdin && stdin_fd_ >= 0 && !data.empty()) {
      write_all(stdin_fd_, data.data(), data.size());
    }
    return;
  }
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
    // The client's stdin ended. The container's ends with it when it was made to (Docker's
    // StdinOnce: a foreground `run -i`); a `run -di` container's stdin stays open for the
    // next client.
    if (client.brings_stdin && o_.stdin_once && !o_.tty && stdin_fd_ >= 0) {
      close(stdin_fd_);
      stdin_fd_ = -1;
    }
    // Keep sending it output until the end; stop reading from it.
    client.input_open = false;
  }
}

void Shim::reap() {
  struct signalfd_siginfo info;
  while (read(signal_fd_, &info, sizeof info) > 0) {
  }
  int status = 0;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    if (pid == container_pid_) {
      exited_ = true;
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    } else if (pid == probe_pid_) {
      probe_pid_ = -1;
      if (WIFEXITED(status) && WEXITSTATUS(status) == 0) probe_succeeded_ = true;
      next_probe_ns_ = monotonic_ns() + health_delay_ns();
    }
  }
}

long long Shim::health_delay_ns() const {
  bool in_start_period = monotonic_ns() - started_ns_ < o_.health_start_period_ns;
  return !probe_succeeded_ && in_start_period ? o_.health_start_interval_ns : o_.health_interval_ns;
}

int Shim::poll_timeout_ms() const {
  // Once the container is gone, a tty master never reports EOF: give it a moment to drain.
  if (exited_) return 100;
  if (!health_enabled() || probe_pid_ > 0) return -1;
  long long left = next_probe_ns_ - monotonic_ns();
  if (left <= 0) return 0;
  long long ms = (left + 999999) / 1000000;
  return ms > INT_MAX ? INT_MAX : static_cast<int>(ms);
}

void Shim::start_probe_if_due() {
  if (!health_enabled() || exited_ || probe_pid_ > 0 || monotonic_ns() < next_probe_ns_) return;
  pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    close_range(3, ~0U, 0);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    std::vector<char*> args;
    for (const auto& a : o_.health_command) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  if (pid > 0) {
    probe_pid_ = pid;
  } else {
    next_probe_ns_ = monotonic_ns() + health_delay_ns();  // fork failed: try again later
  }
}

void Shim::finish() {
  // A probe still running must not outlive the container (nor race `runtime delete` and the
  // exit command): its verdict no longer matters.
  if (probe_pid_ > 0) {
    kill(probe_pid_, SIGKILL);
    waitpid(probe_pid_, nullptr, 0);
    probe_pid_ = -1;
  }
  flush_partial(out_);
  flush_partial(err_);
  // Read before `runtime delete` removes the cgroup.
  bool oom_killed = !o_.cgroups_path.empty() &&
                    berth::runtime::cgroup_saw_oom_kill("/sys/fs/cgroup", o_.cgroups_path);
  std::string record = "{\"exit_code\":" + std::to_string(exit_code_) + ",\"finished_at\":\"" +
                       berth::runtime::json_log_now() +
                       "\",\"oom_killed\":" + (oom_killed ? "true" : "false") + "}\n";
  std::string tmp = o_.exit_file + ".tmp";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd >= 0) {
    // No fsync: a foreground `run` waits on this file, and after a power loss the container
    // is gone anyway; a record a crash left empty reads back as exit code 255.
    write_all(fd, record.data(), record.size());
    close(fd);
    rename(tmp.c_str(), o_.exit_file.c_str());
  }
  for (auto& c : clients_) {
    if (!c.backlog.empty()) {
      int flags = fcntl(c.fd, F_GETFL);
      fcntl(c.fd, F_SETFL, flags & ~O_NONBLOCK);
      write_all(c.fd, c.backlog.data(), c.backlog.size());
    }
    close(c.fd);
  }
  clients_.clear();
  if (listen_fd_ >= 0) close(listen_fd_);
  unlink(o_.attach_socket.c_str());
  // What follows is housekeeping nobody waits on, while a foreground `run` is finishing its
  // own cleanup right now: let that process have the CPU first.
  setpriority(PRIO_PROCESS, 0, kHousekeepingNice);
  std::vector<std::string> del = {o_.runtime};
  if (!o_.runtime_root.empty()) {
    del.push_back("--root");
    del.push_back(o_.runtime_root);
  }
  del.insert(del.end(), {"delete", "--force", o_.id});
  run_command(del, -1, -1, -1, nullptr);
  // A container removed meanwhile (a foreground `run --rm` has usually finished its cleanup
  // by now) has nothing left to unmount or restart: spare the machine a berth process.
  struct stat bundle {};
  bool removed = stat(o_.bundle.c_str(), &bundle) != 0 && errno == ENOENT;
  if (!o_.exit_command.empty() && !removed) {
    // The exit command may restart the container and so outlive us; it is not our child to wait on.
    if (fork() == 0) {
      setsid();
      int null = open("/dev/null", O_RDWR);
      dup2(null, 0);
      dup2(null, 1);
      dup2(null, 2);
      close_range(3, ~0U, 0);
      std::vector<char*> args;
      for (const auto& a : o_.exit_command) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execvp(args[0], args.data());
      _exit(127);
    }
  }
}

int Shim::run() {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGCHLD);
  sigprocmask(SIG_BLOCK, &mask, nullptr);
  signal(SIGPIPE, SIG_IGN);
  signal_fd_ = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
  start_container();
  if (out_.fd >= 0) fcntl(out_.fd, F_SETFL, O_NONBLOCK);
  if (err_.fd >= 0) fcntl(err_.fd, F_SETFL, O_NONBLOCK);
  started_ns_ = monotonic_ns();
  next_probe_ns_ = started_ns_ + health_delay_ns();
  reap();
  for (;;) {
    if (exited_ && out_.fd < 0 && err_.fd < 0) break;
    std::vector<pollfd> fds;
    fds.push_back({signal_fd_, POLLIN, 0});
    fds.push_back({listen_fd_, POLLIN, 0});
    fds.push_back({out_.fd, POLLIN, 0});
    fds.push_back({err_.fd, POLLIN, 0});
    for (const auto& c : clients_)
      fds.push_back({c.fd, static_cast<short>(c.input_open ? POLLIN : 0), 0});
    int ready = poll(fds.data(), fds.size(), poll_timeout_ms());
    if (ready < 0 && errno != EINTR) break;
    if (ready == 0 && exited_) break;
    if (fds[0].revents) reap();
    start_probe_if_due();
    if (fds[1].revents & POLLIN) accept_client();
    for (Stream* s : {&out_, &err_}) {
      size_t slot = s == &out_ ? 2 : 3;
      if (s->fd < 0 || !fds[slot].revents) continue;
      char buf[65536];
      ssize_t n = read(s->fd, buf, sizeof buf);
      if (n > 0) {
        emit(*s, buf, static_cast<size_t>(n));
      } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        close(s->fd);
        s->fd = -1;
      }
    }
    for (size_t i = fds.size(); i-- > 4;) {
      size_t index = i - 4;
      if (index >= clients_.size() || !fds[i].revents) continue;
      if (clients_[index].input_open) {
        handle_client_input(index);
      } else if (fds[i].revents & (POLLHUP | POLLERR)) {
        drop_client(index);
      }
    }
  }
  finish();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  ShimOptions options;
  std::string problem = berth::runtime::parse_shim_options(argc, argv, options);
  if (!problem.empty()) {
    dprintf(2, "berth-shim: %s\n", problem.c_str());
    if (options.sync_fd >= 0) die(options.sync_fd, problem);
    return 2;
  }
  // Detach: the CLI reaps the process it started at once; the shim, its child, is then
  // nobody's child but init's, in a session of its own, and survives the CLI being killed.
  // (No second fork: the shim never opens a terminal that could become its controlling one.)
  // Its own children (runc, then the container's init once runc exits) are reaped here as a
  // subreaper.
  pid_t pid = fork();
  if (pid < 0) die(options.sync_fd, "fork failed");
  if (pid > 0) _exit(0);
  setsid();
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  int null = open("/dev/null", O_RDWR);
  dup2(null, 0);
  dup2(null, 1);
  dup2(null, 2);
  if (chdir("/") != 0) die(options.sync_fd, "chdir failed");
  Shim shim(std::move(options));
  return shim.run();
}
