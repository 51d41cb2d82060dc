#include "image/publish.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <thread>

#include "base/error.hpp"
#include "base/unique_fd.hpp"
#include "image/archive/image_loader.hpp"
#include "image/layer/write_layer_tar.hpp"
#include "image/oci/descriptor.hpp"
#include "image/oci/media_types.hpp"

namespace berth::image {

StoredLayer store_directory_as_layer(ImageStore& images, const std::filesystem::path& dir) {
  auto writer = images.blobs().writer();
  // write_layer_tar writes to an fd: stream it through a pipe into the blob writer.
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw_errno("pipe");
  UniqueFd read_end(fds[0]), write_end(fds[1]);
  DiffResult diff;
  std::exception_ptr producer_error;
  std::thread producer([&] {
    try {
      diff = write_layer_tar(dir, write_end.get(), {});
    } catch (...) {
      producer_error = std::current_exception();
    }
    write_end.reset();
  });
  try {
    char buf[1 << 16];
    for (;;) {
      ssize_t n = ::read(read_end.get(), buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      writer->write(buf, static_cast<size_t>(n));
    }
  } catch (...) {
    read_end.reset();  // unblocks the producer
    producer.join();
    throw;
  }
  producer.join();
  if (producer_error) std::rethrow_exception(producer_error);
  Digest digest = writer->commit(diff.diff_id);
  return {{std::string(media_type::kOciLayer), digest, images.blobs().size(digest), {}, {}},
          diff.diff_id};
}

Digest publish_image(ImageStore& images, const Json& config_doc,
                     const std::vector<Descriptor>& layer_blobs,
                     const std::vector<Reference>& tags) {
  std::string config_bytes = config_doc.dump();
  auto config = ImageConfig::parse(config_bytes);
  if (config.diff_ids().size() != layer_blobs.size()) {
    throw Error("image config lists " + std::to_string(config.diff_ids().size()) + " layers but " +
                std::to_string(layer_blobs.size()) + " were given");
  }
  Digest config_digest = images.blobs().put(config_bytes);
  Manifest m{std::string(media_type::kOciManifest),
             {std::string(media_type::kOciConfig),
              config_digest,
              static_cast<int64_t>(config_bytes.size()),
              {},
              {}},
             layer_blobs,
             {}};
  std::string manifest_bytes = serialize(m);
  Descriptor manifest{m.media_type,
                      images.blobs().put(manifest_bytes),
                      static_cast<int64_t>(manifest_bytes.size()),
                      {},
                      {}};
  return store_image(images, config, manifest, layer_blobs, tags);
}

}  // namespace berth::image
