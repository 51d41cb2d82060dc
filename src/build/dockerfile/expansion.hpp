#pragma once
// Variable expansion of whole instructions, done by the executor just before it runs each one,
// with the variables in scope at that point (the stage's ENV, then its ARGs), as Docker does.
//
// What Docker expands (and so what expanded() touches):
//   FROM        image and --platform, with the *global* ARGs (those before the first FROM)
//   ADD, COPY   sources, destination, --chown, --chmod, --checksum, --exclude; heredoc bodies
//               whose delimiter is unquoted ($VARs only, quotes in the body stay)
//   ENV, LABEL  keys and values (this is also where their quotes are removed)
//   ARG         default values
//   EXPOSE      each port, then split into words
//   VOLUME, USER, WORKDIR, STOPSIGNAL
//   RUN         only --mount values (target, source, id, mode, ...)
// Not expanded: RUN/CMD/ENTRYPOINT commands (the shell in the container does it), SHELL,
// HEALTHCHECK, MAINTAINER, ONBUILD (its trigger is expanded in the child build), RUN --network,
// and COPY --from: Docker resolves --from against stage names as written, and an --from that
// names an image is expanded with the global ARGs, like FROM (see dockerfile.hpp).
#include "build/dockerfile/instructions.hpp"
#include "build/dockerfile/shell_lexer.hpp"

namespace berth::build {

// A copy of `instruction` with its variables expanded. `escape` is the Dockerfile's escape
// character (Dockerfile::escape). Throws SourceError at the instruction's line, e.g.
// `Dockerfile:4: failed to process "${A:?}": A: is not allowed to be unset`, or for a value
// that is only checked once known (a --chmod, an EXPOSE port, a --mount field).
Instruction expanded(const Instruction& instruction, const VariableLookup& lookup,
                     char escape = '\\');

}  // namespace berth::build
