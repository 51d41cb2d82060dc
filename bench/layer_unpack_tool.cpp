// berth-unpack-bench LAYER DIR: applies a layer file into DIR (created if missing) with
// apply_layer and prints the time and throughput. Driven by bench/layer_unpack.sh.
#include <fcntl.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "base/error.hpp"
#include "base/unique_fd.hpp"
#include "image/layer/apply_layer.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s LAYER DIR\n", argv[0]);
    return 2;
  }
  try {
    berth::UniqueFd fd(::open(argv[1], O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) berth::throw_errno(std::string("open ") + argv[1]);
    struct stat st;
    ::fstat(fd.get(), &st);
    std::filesystem::create_directories(argv[2]);
    auto start = std::chrono::steady_clock::now();
    auto r = berth::image::apply_layer(fd.get(), argv[2], {});
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s %s: %llu entries, %.1f MB unpacked from %.1f MB in %.3f s (%.1f MB/s)\n",
                std::string(berth::image::compression_name(r.compression)).c_str(),
                r.diff_id.str().c_str(), static_cast<unsigned long long>(r.entries),
                r.unpacked_bytes / 1e6, st.st_size / 1e6, s, r.unpacked_bytes / 1e6 / s);
  } catch (const berth::Error& e) {
    std::fprintf(stderr, "berth-unpack-bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
