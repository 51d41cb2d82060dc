#pragma once
// The entry point of the Dockerfile frontend: parse_dockerfile() turns the text into
// directives, warnings, global ARGs and stages of typed instructions (instructions.hpp).
//
// The executor then, for the target stage and the stages it depends on (references()):
//   1. computes global_arg_values() from the build args and expands each FROM with them
//      (expanded(stage.from, ...)), then resolve_base() says whether it names an image, an
//      earlier stage or scratch;
//   2. runs each instruction as expanded(instruction, <stage ENV and ARGs>, dockerfile.escape);
//   3. resolves COPY --from / RUN --mount from= with resolve_from_flag().
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "build/dockerfile/expansion.hpp"
#include "build/dockerfile/instructions.hpp"
#include "build/dockerfile/logical_lines.hpp"

namespace berth::build {

struct Stage {
  std::size_t index = 0;
  std::string name;  // the AS name, lower-cased (names are case-insensitive); "" if unnamed
  Instruction from;  // its FROM (body: FromInstruction)
  std::vector<Instruction> instructions;  // what follows the FROM, in order

  const FromInstruction& base() const { return *from.as<FromInstruction>(); }
};

// A place where a stage uses another stage or an image, for the dependency graph.
struct StageReference {
  enum class Kind { kFrom, kCopyFrom, kMountFrom };
  Kind kind = Kind::kFrom;
  std::size_t stage = 0;  // the stage that holds the reference
  std::string name;       // as written: FROM's image (may hold $ARGs), --from, from=
  SourceLocation where;
};

// What a FROM, COPY --from or --mount from= points at.
struct SourceRef {
  enum class Kind { kStage, kImage, kScratch };
  Kind kind = Kind::kImage;
  std::size_t stage = 0;  // kStage
  std::string image;      // kImage: the reference as written (after expansion for FROM)
};

struct Dockerfile {
  std::string file;  // the name errors use
  Directives directives;
  char escape = '\\';
  std::vector<Warning> warnings;
  std::vector<Instruction> global_args;  // the ARGs before the first FROM
  std::vector<Stage> stages;

  // A stage by AS name (case-insensitive) or by index ("0", "1", ...); nullptr if none.
  const Stage* find_stage(std::string_view name_or_index) const;
  // Every FROM, COPY --from and RUN --mount from= in stage order.
  std::vector<StageReference> references() const;
};

// Larger Dockerfiles are refused before parsing: a bound on what one build's parse may cost.
inline constexpr std::size_t kMaxDockerfileBytes = 16 * 1024 * 1024;

// Throws SourceError in BuildKit's wording: "the Dockerfile cannot be empty", "file with no
// instructions", "no build stage in current context", "duplicate stage name \"x\"",
// "dockerfile parse error on line N: ...", "unterminated heredoc", ...
Dockerfile parse_dockerfile(std::string_view text, std::string file_name = "Dockerfile");

// The global ARGs' values for expanding FROM lines: a build arg overrides the default, and a
// default is expanded with the global ARGs before it. ARGs with neither are left out (unset).
// Predefined ARGs (BUILDPLATFORM, TARGETOS, ...) go in `build_args` too.
std::map<std::string, std::string> global_arg_values(
    const Dockerfile& dockerfile, const std::map<std::string, std::string>& build_args);

// A VariableLookup over a map.
VariableLookup lookup_in(const std::map<std::string, std::string>& variables);

// FROM of `stage`, its image already expanded: "scratch", an earlier stage's name, or an image.
SourceRef resolve_base(const Dockerfile& dockerfile, std::size_t stage, std::string_view image);

// COPY --from / --mount from= as written: a stage index or name (not `stage` itself), else an
// image, which the caller expands with the global ARGs. Throws SourceError at `where` for a
// stage index that does not exist or a stage that refers to itself.
SourceRef resolve_from_flag(const Dockerfile& dockerfile, std::size_t stage, std::string_view name,
                            const SourceLocation& where);

}  // namespace berth::build
