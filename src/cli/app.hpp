#pragma once
// The berth command line: Docker's command names, flags, output and exit codes.
namespace berth::cli {
int run(int argc, char** argv);
}
