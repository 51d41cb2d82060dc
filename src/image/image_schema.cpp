#include "image/image_schema.hpp"

namespace berth::image {

const store::Schema& image_schema() {
  // Versions 1-1 were berth.db's global migrations 1 (store/legacy_schema_version).
  static const store::Schema kSchema{
      .name = "images",
      .dependencies = {},
      .migrations =
          {
              {1, "images, layers and tags", R"sql(
        -- One row per unpacked layer snapshot (snapshots/<chain hex>).
        CREATE TABLE layers (
          chain_id        TEXT PRIMARY KEY,
          parent_chain_id TEXT,
          diff_id         TEXT NOT NULL,
          unpacked_size   INTEGER NOT NULL,
          tar_size        INTEGER NOT NULL,
          created_at      INTEGER NOT NULL
        );
        -- Images are keyed by their ID: the digest of their config blob.
        CREATE TABLE images (
          id                  TEXT PRIMARY KEY,
          manifest_digest     TEXT NOT NULL,
          manifest_media_type TEXT NOT NULL,
          size                INTEGER NOT NULL,
          created             TEXT NOT NULL,
          added_at            INTEGER NOT NULL,
          last_tag_time       TEXT NOT NULL DEFAULT ''
        );
        -- The layers of an image in order, with the blob the image's manifest names for each.
        CREATE TABLE image_layers (
          image_id        TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
          position        INTEGER NOT NULL,
          chain_id        TEXT NOT NULL REFERENCES layers(chain_id),
          blob_digest     TEXT NOT NULL,
          blob_media_type TEXT NOT NULL,
          blob_size       INTEGER NOT NULL,
          PRIMARY KEY (image_id, position)
        );
        CREATE INDEX image_layers_chain ON image_layers(chain_id);
        CREATE INDEX image_layers_blob ON image_layers(blob_digest);
        -- Normalized references (docker.io/library/busybox:latest) pointing at images.
        CREATE TABLE tags (
          reference TEXT PRIMARY KEY,
          image_id  TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
          tagged_at INTEGER NOT NULL
        );
        CREATE INDEX tags_image ON tags(image_id);
        -- name@digest references of pulled images.
        CREATE TABLE repo_digests (
          reference TEXT PRIMARY KEY,
          image_id  TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE
        );
      )sql"},
          },
  };
  return kSchema;
}

}  // namespace berth::image
