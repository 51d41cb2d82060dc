#include "image/layer/apply_layer.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <fmt/format.h>

#include <cerrno>
#include <exception>
#include <memory>

#include "base/error.hpp"
#include "base/unique_fd.hpp"
#include "image/layer/archive_handles.hpp"
#include "image/layer/layer_stream.hpp"
#include "image/layer/tar_writer.hpp"

namespace berth::image {
namespace {

// Room for tar headers, PAX records and padding on top of the file content: the uncompressed
// stream can never legitimately be larger, so a decompression bomb of padding stops here.
constexpr uint64_t kPerEntryOverhead = 64 * 1024;

uint64_t saturating_add(uint64_t a, uint64_t b) {
  return a + b < a ? UINT64_MAX : a + b;
}
uint64_t saturating_mul(uint64_t a, uint64_t b) {
  return b != 0 && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

struct ReadContext {
  LayerStream* stream;
  std::exception_ptr error;  // the reader thread's failure, kept out of libarchive's C frames
};

la_ssize_t read_callback(archive* a, void* opaque, const void** buffer) {
  auto* ctx = static_cast<ReadContext*>(opaque);
  try {
    auto data = ctx->stream->next();
    *buffer = data.data();
    return static_cast<la_ssize_t>(data.size());
  } catch (...) {
    ctx->error = std::current_exception();
    archive_set_error(a, EIO, "layer stream failed");
    return -1;
  }
}

std::string describe(archive* a, const ReadContext& ctx) {
  if (ctx.error) {
    try {
      std::rethrow_exception(ctx.error);
    } catch (const std::exception& e) {
      return e.what();
    }
  }
  const char* msg = archive_error_string(a);
  return fmt::format("corrupt tar: {}", msg ? msg : "unknown error");
}

}  // namespace

ApplyResult apply_layer(int input_fd, const std::filesystem::path& dest,
                        const ApplyOptions& options) {
  const TarLimits& limits = options.limits;
  uint64_t stream_limit =
      saturating_add(limits.max_total_bytes,
                     saturating_mul(saturating_add(limits.max_entries, 1), kPerEntryOverhead));

  ReadContext ctx{};
  UniqueFd dest_fd(::open(dest.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dest_fd.valid()) throw_errno("open layer destination " + dest.string());
  TarPolicy policy = TarPolicy::layer(options.privileged, options.opaque_xattr);
  policy.limits = limits;
  TarWriter writer(dest_fd.get(), std::move(policy));
  writer.set_read_error_describer([&ctx](archive* a) { return describe(a, ctx); });
  LayerStream stream(input_fd, options.on_raw_bytes, stream_limit);
  ctx.stream = &stream;

  // Declared after the stream: libarchive is freed first, while its buffers still exist.
  ArchiveReadHandle a(archive_read_new());
  if (!a) throw Error("layer: cannot allocate a tar reader");
  archive_read_support_format_tar(a.get());
  archive_read_support_format_empty(a.get());  // a zero-byte layer is an empty layer
  if (archive_read_open(a.get(), &ctx, nullptr, read_callback, nullptr) != ARCHIVE_OK) {
    throw Error(fmt::format("layer (before the first entry): {}", describe(a.get(), ctx)));
  }

  ApplyResult result;
  result.compression = stream.compression();
  std::string last;
  for (;;) {
    archive_entry* entry;
    int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {  // ARCHIVE_RETRY too: a damaged header
      throw Error(last.empty()
                      ? fmt::format("layer (before the first entry): {}", describe(a.get(), ctx))
                      : fmt::format("layer entry after \"{}\": {}", last, describe(a.get(), ctx)));
    }
    const char* name = archive_entry_pathname(entry);
    last = name ? name : "";
    writer.write(a.get(), entry);
  }
  writer.finish();
  result.diff_id = stream.finish();
  result.tar_bytes = stream.stream_bytes();
  // A layer's size as Docker counts its overlay2 diff: file contents and symlink targets.
  result.unpacked_bytes = writer.total_bytes() + writer.symlink_bytes();
  result.entries = writer.entries();
  return result;
}

}  // namespace berth::image
