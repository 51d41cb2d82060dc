#pragma once
// Turns one logical line into a typed Instruction, checking its flags and arguments the way
// BuildKit's `instructions` package does.
#include <string>
#include <vector>

#include "build/dockerfile/instructions.hpp"
#include "build/dockerfile/logical_lines.hpp"

namespace berth::build {

// Throws SourceError at the line's first line, in BuildKit's wording:
// "dockerfile parse error on line 3: unknown instruction: FOO". Non-fatal findings (MAINTAINER
// deprecated, shell-form CMD) are appended to `warnings`.
Instruction parse_instruction(const LogicalLine& line, char escape, const std::string& file,
                              std::vector<Warning>& warnings);

}  // namespace berth::build
