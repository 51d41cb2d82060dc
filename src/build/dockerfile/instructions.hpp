#pragma once
// The typed model of a Dockerfile instruction, as parse_dockerfile() produces it.
//
// Fields hold the text *as written*: quotes and $variables are still in ENV/LABEL/ARG values,
// COPY paths, WORKDIR, ... Docker expands those while building, with the stage's ENV and ARGs
// at that point, so the executor calls expanded() (expansion.hpp) on each instruction just
// before it runs it. RUN/CMD/ENTRYPOINT/SHELL/HEALTHCHECK text is never expanded by the builder:
// the shell in the container does that.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "build/dockerfile/run_mount.hpp"
#include "build/dockerfile/source_error.hpp"

namespace berth::build {

// RUN/CMD/ENTRYPOINT arguments in one of Docker's two forms.
struct CommandLine {
  // Exec form: the JSON array. Shell form: one element, the text after the keyword and flags
  // (continuation lines joined), to be run as SHELL + [text].
  std::vector<std::string> args;
  bool exec_form = false;
};

// A here-document: `<<EOF` (body expanded), `<<"EOF"` / `<<'EOF'` (body literal), `<<-EOF`
// (leading tabs removed from the body and the terminator), `3<<EOF` (for a file descriptor).
struct Heredoc {
  std::string name;     // the delimiter without quotes; for COPY/ADD also the file name
  std::string content;  // the body, each line ending in '\n'; tabs already stripped for <<-
  bool expand = true;   // unquoted delimiter: COPY/ADD expand $VARs in the body
  bool strip_tabs = false;
  int fd = 0;  // the n of n<<EOF, 0 when not given
};

struct KeyValue {
  std::string key;
  std::string value;
};

struct FromInstruction {
  std::string image;       // base image or earlier stage name, may hold $ARGs (global ones)
  std::string stage_name;  // from `AS name`, lower-cased; empty when unnamed
  std::string platform;    // --platform, may hold $ARGs
};

enum class NetworkMode { kDefault, kNone, kHost };

struct RunInstruction {
  CommandLine command;
  std::vector<Heredoc> heredocs;         // the bodies of <<EOF words in a shell-form command
  std::vector<RunMount> mounts;          // --mount, fully parsed once expanded() has run
  std::vector<std::string> mount_specs;  // the --mount values as written, for expanded()
  NetworkMode network = NetworkMode::kDefault;
};

struct CmdInstruction {
  CommandLine command;
};

struct EntrypointInstruction {
  CommandLine command;  // `ENTRYPOINT []` gives an empty exec-form list (reset)
};

struct ShellInstruction {
  std::vector<std::string> shell;  // always from a JSON array
};

struct LabelInstruction {
  std::vector<KeyValue> labels;
};

struct EnvInstruction {
  std::vector<KeyValue> variables;
};

struct ExposeInstruction {
  std::vector<std::string> ports;  // "80", "80/udp", "8000-8010/tcp"; see exposed_port.hpp
};

struct AddInstruction {
  std::vector<std::string> sources;     // paths and URLs
  std::vector<Heredoc> inline_sources;  // `ADD <<EOF /dst`: files made from heredoc bodies
  std::string destination;
  std::string chown;  // user[:group] as written, resolved by the executor in the stage rootfs
  std::string chmod;  // octal as written ("" when not given)
  std::optional<std::uint32_t> mode;  // chmod parsed; nullopt until known (e.g. "$MODE")
  std::string checksum;
  std::vector<std::string> excludes;
  bool keep_git_dir = false;
  bool link = false;
  std::optional<bool> unpack;  // --unpack; nullopt means Docker's default (archives unpack)
};

struct CopyInstruction {
  std::vector<std::string> sources;
  std::vector<Heredoc> inline_sources;
  std::string destination;
  std::string from;  // --from: stage name, stage index or image; see Dockerfile::resolve
  std::string chown;
  std::string chmod;
  std::optional<std::uint32_t> mode;
  std::vector<std::string> excludes;
  bool link = false;
  bool parents = false;
};

struct VolumeInstruction {
  std::vector<std::string> paths;
};

struct UserInstruction {
  std::string user;  // user[:group]
};

struct WorkdirInstruction {
  std::string path;
};

struct ArgDefinition {
  std::string name;
  std::optional<std::string> default_value;  // nullopt for `ARG NAME`; "" for `ARG NAME=`
};

struct ArgInstruction {
  std::vector<ArgDefinition> args;
};

struct StopSignalInstruction {
  std::string signal;  // "SIGTERM", "9", ... as written
};

struct HealthcheckInstruction {
  bool disabled = false;  // HEALTHCHECK NONE
  // Docker's HealthConfig.Test: {"CMD", args...} (exec form), {"CMD-SHELL", text} (shell form)
  // or {"NONE"}.
  std::vector<std::string> test;
  std::chrono::nanoseconds interval{0};  // 0 means Docker's default
  std::chrono::nanoseconds timeout{0};
  std::chrono::nanoseconds start_period{0};
  std::chrono::nanoseconds start_interval{0};
  int retries = 0;
};

struct MaintainerInstruction {
  std::string name;
};

struct Instruction;

struct OnbuildInstruction {
  // The trigger as written after ONBUILD (heredoc bodies appended), which is what Docker
  // stores in the image config's OnBuild list.
  std::string expression;
  std::shared_ptr<const Instruction> trigger;  // the same, parsed (validated now)
};

using InstructionBody =
    std::variant<FromInstruction, RunInstruction, CmdInstruction, EntrypointInstruction,
                 ShellInstruction, LabelInstruction, EnvInstruction, ExposeInstruction,
                 AddInstruction, CopyInstruction, VolumeInstruction, UserInstruction,
                 WorkdirInstruction, ArgInstruction, StopSignalInstruction, HealthcheckInstruction,
                 MaintainerInstruction, OnbuildInstruction>;

struct Instruction {
  std::string keyword;   // upper-case: "RUN", "COPY", ...
  std::string text;      // the logical line as written (continuations joined), no heredocs
  SourceLocation where;  // file and first line, for error messages
  int end_line = 0;      // last line, heredoc bodies included
  InstructionBody body;

  template <typename T>
  const T* as() const {
    return std::get_if<T>(&body);
  }
  template <typename T>
  T* as() {
    return std::get_if<T>(&body);
  }
};

}  // namespace berth::build
