#include "build/dockerfile/dockerfile.hpp"

#include <unordered_set>

#include "base/error.hpp"
#include "base/go_quote.hpp"
#include "build/dockerfile/ascii_case.hpp"
#include "build/dockerfile/instruction_parser.hpp"

namespace berth::build {

namespace {

std::optional<std::size_t> stage_index(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  std::size_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  return n;
}

std::string stage_label(const Stage& stage) {
  return stage.name.empty() ? "stage-" + std::to_string(stage.index) : stage.name;
}

}  // namespace

const Stage* Dockerfile::find_stage(std::string_view name_or_index) const {
  if (auto index = stage_index(name_or_index)) {
    return *index < stages.size() ? &stages[*index] : nullptr;
  }
  std::string name = ascii_lower(name_or_index);
  for (const Stage& stage : stages) {
    if (!stage.name.empty() && stage.name == name) return &stage;
  }
  return nullptr;
}

std::vector<StageReference> Dockerfile::references() const {
  std::vector<StageReference> refs;
  for (const Stage& stage : stages) {
    refs.push_back(
        {StageReference::Kind::kFrom, stage.index, stage.base().image, stage.from.where});
    for (const Instruction& instruction : stage.instructions) {
      if (const auto* copy = instruction.as<CopyInstruction>(); copy && !copy->from.empty()) {
        refs.push_back(
            {StageReference::Kind::kCopyFrom, stage.index, copy->from, instruction.where});
      }
      if (const auto* run = instruction.as<RunInstruction>()) {
        for (const RunMount& mount : run->mounts) {
          if (mount.from.empty()) continue;
          refs.push_back(
              {StageReference::Kind::kMountFrom, stage.index, mount.from, instruction.where});
        }
      }
    }
  }
  return refs;
}

Dockerfile parse_dockerfile(std::string_view text, std::string file_name) {
  Dockerfile dockerfile;
  dockerfile.file = std::move(file_name);
  const std::string& file = dockerfile.file;
  if (text.empty()) throw SourceError({file, 0}, "the Dockerfile cannot be empty");
  if (text.size() > kMaxDockerfileBytes) {
    throw SourceError({file, 0}, "the Dockerfile is larger than " +
                                     std::to_string(kMaxDockerfileBytes / (1024 * 1024)) + " MiB");
  }
  std::unordered_set<std::string> stage_names;

  LogicalLines lines = read_logical_lines(text, file);
  dockerfile.directives = lines.directives;
  dockerfile.escape = lines.escape;
  dockerfile.warnings = std::move(lines.warnings);
  if (lines.lines.empty()) throw SourceError({file, 0}, "file with no instructions");

  for (const LogicalLine& line : lines.lines) {
    Instruction instruction = parse_instruction(line, dockerfile.escape, file, dockerfile.warnings);
    if (instruction.as<FromInstruction>()) {
      Stage stage;
      stage.index = dockerfile.stages.size();
      stage.name = instruction.as<FromInstruction>()->stage_name;
      // A set, not a scan of the earlier stages: thousands of stages made the scan quadratic.
      if (!stage.name.empty() && !stage_names.insert(stage.name).second) {
        throw SourceError(instruction.where, "duplicate stage name " + go_quote(stage.name));
      }
      stage.from = std::move(instruction);
      dockerfile.stages.push_back(std::move(stage));
    } else if (!dockerfile.stages.empty()) {
      dockerfile.stages.back().instructions.push_back(std::move(instruction));
    } else if (instruction.as<ArgInstruction>()) {
      dockerfile.global_args.push_back(std::move(instruction));
    } else {
      throw SourceError(instruction.where, "no build stage in current context");
    }
  }
  if (dockerfile.stages.empty()) {
    throw SourceError({file, 0}, "dockerfile contains no stages to build");
  }
  // --from values that name a stage are checked now; images are checked when pulled.
  for (const StageReference& ref : dockerfile.references()) {
    if (ref.kind != StageReference::Kind::kFrom) {
      resolve_from_flag(dockerfile, ref.stage, ref.name, ref.where);
    }
  }
  return dockerfile;
}

std::map<std::string, std::string> global_arg_values(
    const Dockerfile& dockerfile, const std::map<std::string, std::string>& build_args) {
  std::map<std::string, std::string> values;
  for (const Instruction& instruction : dockerfile.global_args) {
    for (const ArgDefinition& arg : instruction.as<ArgInstruction>()->args) {
      if (auto given = build_args.find(arg.name); given != build_args.end()) {
        values[arg.name] = given->second;
      } else if (arg.default_value) {
        try {
          values[arg.name] = expand(*arg.default_value, lookup_in(values), dockerfile.escape);
        } catch (const SourceError&) {
          throw;
        } catch (const InvalidArgumentError& e) {
          throw SourceError(instruction.where, e.what());
        }
      }
    }
  }
  return values;
}

VariableLookup lookup_in(const std::map<std::string, std::string>& variables) {
  return [&variables](std::string_view name) -> std::optional<std::string> {
    auto it = variables.find(std::string(name));
    if (it == variables.end()) return std::nullopt;
    return it->second;
  };
}

SourceRef resolve_base(const Dockerfile& dockerfile, std::size_t stage, std::string_view image) {
  if (image == "scratch") return {SourceRef::Kind::kScratch, 0, ""};
  std::string name = ascii_lower(image);
  for (std::size_t i = 0; i < stage && i < dockerfile.stages.size(); ++i) {
    if (!dockerfile.stages[i].name.empty() && dockerfile.stages[i].name == name) {
      return {SourceRef::Kind::kStage, i, ""};
    }
  }
  return {SourceRef::Kind::kImage, 0, std::string(image)};
}

SourceRef resolve_from_flag(const Dockerfile& dockerfile, std::size_t stage, std::string_view name,
                            const SourceLocation& where) {
  const Stage* target = dockerfile.find_stage(name);
  if (!target) {
    if (auto index = stage_index(name)) {
      throw SourceError(where, "invalid stage index " + std::to_string(*index));
    }
    return {SourceRef::Kind::kImage, 0, std::string(name)};
  }
  if (target->index == stage) {
    throw SourceError(where, "circular dependency detected on stage: " + stage_label(*target));
  }
  return {SourceRef::Kind::kStage, target->index, ""};
}

}  // namespace berth::build
