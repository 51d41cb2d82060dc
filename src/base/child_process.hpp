#pragma once
// The one way Berth starts another program: runc and crun, the shim, git, nft, aardvark-dns,
// the exit command. posix_spawn (vfork underneath: safe in a threaded process, and no copy of
// a large process's page tables only to replace them at exec); an explicit descriptor map
// with every other descriptor closed, so a helper that outlives us (aardvark-dns, the shim)
// holds none of our sockets or database files, close-on-exec or not; default signal
// dispositions and an empty mask, so what a server blocks (SIGINT, SIGTERM) or ignores
// (SIGPIPE) is not inherited; optionally a process group or session of its own.
#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace berth {

struct ChildSpec {
  // What a stdio slot gets: a descriptor of ours, /dev/null, or the same descriptor we have.
  static constexpr int kNull = -1;
  static constexpr int kInherit = -2;

  struct Descriptor {
    int child;   // its number in the child (3 and up; stdio has its own fields)
    int parent;  // ours, duplicated onto `child`
  };
  enum class Group {
    kInherit,     // ours
    kNewGroup,    // its own process group: a signal to -pid reaches what it starts
    kNewSession,  // setsid: out of our terminal's Ctrl-C, for daemons
  };

  std::vector<std::string> argv;
  // "NAME=value" each; nullopt: this process's environment.
  std::optional<std::vector<std::string>> environment;
  // argv[0] is looked up in PATH when it has no slash.
  bool search_path = false;
  int stdin_fd = kNull;
  int stdout_fd = kNull;
  int stderr_fd = kNull;
  std::vector<Descriptor> extra_fds;
  Group group = Group::kInherit;
};

// A started child. Unless wait() reaped it or release() let it go, the destructor kills it
// (its group, when it has one) and reaps it, so an exception never leaves a helper running
// or a zombie behind.
class ChildProcess {
 public:
  // Throws Error "cannot run PROGRAM: REASON" when it cannot be started (not found, not
  // executable): posix_spawn reports exec's failure.
  static ChildProcess start(const ChildSpec& spec);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  // Waits for the exit: the exit status, or 128 + the signal's number. Throws Error when the
  // child cannot be waited for (someone else reaped it).
  int wait();
  // Sends `signal` to the child, or to its process group when it has its own.
  void signal(int signal) const;
  // Gives the child up: neither killed nor reaped here (a daemon that reparents, or a child
  // that a SIGCHLD handler reaps).
  void release() { pid_ = -1; }

 private:
  ChildProcess(pid_t pid, bool own_group) : pid_(pid), own_group_(own_group) {}
  void kill_and_reap() noexcept;

  pid_t pid_ = -1;
  bool own_group_ = false;
  std::string program_;
};

// Maps an exit status from waitpid to the shell's convention: the code, or 128 + signal.
int exit_code_of(int wait_status);

}  // namespace berth
