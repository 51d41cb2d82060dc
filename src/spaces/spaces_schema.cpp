#include "spaces/spaces_schema.hpp"

namespace berth::spaces {

const store::Schema& spaces_schema() {
  // Versions 1-5 were berth.db's global migrations 7, 9, 10, 11, 12 (store/legacy_schema_version).
  static const store::Schema kSchema{
      .name = "spaces",
      .dependencies = {},
      .migrations =
          {
              {1, "users, tokens and spaces", R"sql(
        -- Accounts of `berth serve`. Names compare case-insensitively, as on the Hub, and
        -- because a Space's host name ({owner}-{name}.{domain}) is case-insensitive too. id is
        -- 24 hex digits, the shape of a Hub user id.
        CREATE TABLE users (
          name    TEXT PRIMARY KEY COLLATE NOCASE,
          id      TEXT NOT NULL UNIQUE,
          created TEXT NOT NULL
        );
        -- API tokens, by the hex sha256 of the token: the token itself is shown once and never
        -- stored. A token is named uniquely per user, which is how it is revoked.
        CREATE TABLE tokens (
          hash      TEXT PRIMARY KEY,
          user      TEXT NOT NULL COLLATE NOCASE REFERENCES users(name) ON DELETE CASCADE,
          name      TEXT NOT NULL,
          role      TEXT NOT NULL CHECK (role IN ('read', 'write')),
          created   TEXT NOT NULL,
          last_used TEXT,
          UNIQUE (user, name)
        );
        -- Spaces, keyed "owner/name". owner has no foreign key: organizations will own Spaces
        -- too. storage and sleep_time_seconds are NULL when not set (no persistent storage,
        -- the hardware's default sleep). stage is a Hub SpaceStage name; current_* describe
        -- what the last successful deploy runs, NULL before the first.
        CREATE TABLE spaces (
          id                 TEXT PRIMARY KEY COLLATE NOCASE,
          owner              TEXT NOT NULL COLLATE NOCASE,
          name               TEXT NOT NULL,
          private            INTEGER NOT NULL DEFAULT 0,
          hardware           TEXT NOT NULL DEFAULT 'cpu-basic',
          storage            TEXT,
          sleep_time_seconds INTEGER,
          created            TEXT NOT NULL,
          stage              TEXT NOT NULL DEFAULT 'NO_APP_FILE',
          error_message      TEXT,
          current_commit     TEXT,
          current_image      TEXT,
          current_container  TEXT
        );
        CREATE INDEX spaces_owner ON spaces(owner);
        -- A Space's variables: plain values, passed as build args and environment.
        CREATE TABLE space_variables (
          space_id    TEXT NOT NULL COLLATE NOCASE REFERENCES spaces(id) ON DELETE CASCADE,
          key         TEXT NOT NULL,
          value       TEXT NOT NULL,
          description TEXT NOT NULL DEFAULT '',
          updated     TEXT NOT NULL,
          PRIMARY KEY (space_id, key)
        );
        -- A Space's secrets: `sealed` is SecretBox output (base64 of nonce || ciphertext under
        -- <root>/keys/secrets.key); the plaintext never reaches this database. A key is never
        -- both a variable and a secret (the store checks, as the Hub does).
        CREATE TABLE space_secrets (
          space_id    TEXT NOT NULL COLLATE NOCASE REFERENCES spaces(id) ON DELETE CASCADE,
          key         TEXT NOT NULL,
          sealed      TEXT NOT NULL,
          description TEXT NOT NULL DEFAULT '',
          updated     TEXT NOT NULL,
          PRIMARY KEY (space_id, key)
        );
      )sql"},
              {2, "Space last modified", R"sql(
        -- When a push last moved the Space's branch (the Hub's lastModified); NULL: never.
        ALTER TABLE spaces ADD COLUMN last_modified TEXT;
      )sql"},
              {3, "Space host access", R"sql(
        -- 1: the Space's app may reach the host (the server's API, other Spaces' public URLs).
        ALTER TABLE spaces ADD COLUMN host_access INTEGER NOT NULL DEFAULT 0;
      )sql"},
              {4, "Space host labels and in-flight deploys", R"sql(
        -- The Space's host label ({subdomain}.{domain}), chosen at creation and unique:
        -- "{owner}-{name}" lowercase with '.' and '_' as '-', or that with a random suffix when
        -- another Space holds it ("alice-my/app" and "alice/my-app"). Existing Spaces: the
        -- earliest created keeps the plain label.
        ALTER TABLE spaces ADD COLUMN subdomain TEXT;
        UPDATE spaces SET subdomain = lower(replace(replace(owner || '-' || name, '.', '-'), '_', '-'));
        UPDATE spaces SET subdomain = substr(subdomain, 1, 54) || '-' || lower(hex(randomblob(4)))
          WHERE length(subdomain) > 63 OR EXISTS (
            SELECT 1 FROM spaces AS o WHERE o.subdomain = spaces.subdomain AND
              (o.created < spaces.created OR (o.created = spaces.created AND o.rowid < spaces.rowid)));
        CREATE UNIQUE INDEX spaces_subdomain ON spaces(subdomain);
        -- The commit a deploy is building or starting, set before the build; NULL when none.
        -- A server killed during a deploy finds it here at its next start.
        ALTER TABLE spaces ADD COLUMN deploying_commit TEXT;
      )sql"},
              {5, "Space deployed settings", R"sql(
        -- What a restart needs of the serving commit's README header: its app_port, title
        -- (NULL when none) and startup_duration_timeout in seconds; NULL before the first
        -- deploy. They were <root>/spaces/<owner>/<name>/deployed.json, which the Spaces
        -- database imports and removes when it opens (spaces/deployed_file_import).
        ALTER TABLE spaces ADD COLUMN current_app_port INTEGER;
        ALTER TABLE spaces ADD COLUMN current_title TEXT;
        ALTER TABLE spaces ADD COLUMN current_startup_timeout INTEGER;
      )sql"},
              {6, "Space sleep tiers", R"sql(
        -- In stage SLEEPING: 'frozen' (the container's cgroup frozen, its memory kept) or
        -- 'stopped' (the container removed; image and /data kept), and when the Space went
        -- there (Unix seconds); NULL in every other stage.
        ALTER TABLE spaces ADD COLUMN sleep_tier TEXT;
        ALTER TABLE spaces ADD COLUMN slept_at INTEGER;
      )sql"},
              {7, "Space deploy history", R"sql(
        -- Every deploy that made an instance current: a push's, a rollback's (kind 'rollback',
        -- 'auto-rollback'), with the commit, image and README settings it ran with, so a
        -- rollback can start that image again as it ran. image_removed: the image fell out of
        -- the deployer's window of kept images (or was found gone) and cannot be rolled back to;
        -- crashed: its app exited within its first minute and it was rolled back automatically.
        -- A rename carries the rows along (ON UPDATE CASCADE).
        CREATE TABLE space_deploys (
          id              INTEGER PRIMARY KEY AUTOINCREMENT,
          space_id        TEXT NOT NULL COLLATE NOCASE
                            REFERENCES spaces(id) ON DELETE CASCADE ON UPDATE CASCADE,
          commit_id       TEXT NOT NULL,
          image           TEXT NOT NULL,
          app_port        INTEGER NOT NULL,
          title           TEXT,
          startup_timeout INTEGER NOT NULL,
          deployed_at     TEXT NOT NULL,
          kind            TEXT NOT NULL CHECK (kind IN ('push', 'rollback', 'auto-rollback')),
          image_removed   INTEGER NOT NULL DEFAULT 0,
          crashed         INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX space_deploys_space ON space_deploys(space_id, id);
        -- What serves now becomes the first entry of its Space's history.
        INSERT INTO space_deploys(space_id, commit_id, image, app_port, title, startup_timeout,
                                  deployed_at, kind)
          SELECT id, current_commit, current_image, COALESCE(current_app_port, 7860),
                 current_title, COALESCE(current_startup_timeout, 1800),
                 COALESCE(last_modified, created), 'push'
          FROM spaces WHERE current_commit IS NOT NULL AND current_image IS NOT NULL;
      )sql"},
              {8, "Space previews", R"sql(
        -- A preview deploy of a branch: the Space it previews (its repository, its variables
        -- and, when that Space allows it, its secrets) and the branch; NULL for a Space of its
        -- own. Previews are removed with their Space (spaces/space_admin), before the cascade.
        ALTER TABLE spaces ADD COLUMN preview_of TEXT COLLATE NOCASE
          REFERENCES spaces(id) ON DELETE CASCADE;
        ALTER TABLE spaces ADD COLUMN preview_branch TEXT;
        CREATE INDEX spaces_preview_of ON spaces(preview_of);
        -- A Space's settings for its previews: whether they get its secrets, and whether
        -- anyone may visit them (else only its owner).
        ALTER TABLE spaces ADD COLUMN previews_get_secrets INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE spaces ADD COLUMN previews_public INTEGER NOT NULL DEFAULT 0;
      )sql"},
              {9, "Space cards", R"sql(
        -- How a Space looks in listings (the README header's title, emoji, colorFrom, colorTo
        -- and short_description), recorded when a deploy reads the header, so that a page
        -- listing a hundred Spaces reads no git repository. NULL before the first header read.
        ALTER TABLE spaces ADD COLUMN card_title TEXT;
        ALTER TABLE spaces ADD COLUMN card_emoji TEXT;
        ALTER TABLE spaces ADD COLUMN card_color_from TEXT;
        ALTER TABLE spaces ADD COLUMN card_color_to TEXT;
        ALTER TABLE spaces ADD COLUMN card_short_description TEXT;
      )sql"},
              {10, "web sessions", R"sql(
        -- Signed-in browsers of the web UI, by the hex sha256 of the session cookie (as tokens
        -- are stored). A session lives on its token: revoking the token signs the browser out.
        -- csrf is the page token every state-changing request of the session must carry.
        CREATE TABLE web_sessions (
          hash       TEXT PRIMARY KEY,
          token_hash TEXT NOT NULL REFERENCES tokens(hash) ON DELETE CASCADE,
          csrf       TEXT NOT NULL,
          created    TEXT NOT NULL,
          expires    TEXT NOT NULL
        );
        CREATE INDEX web_sessions_token ON web_sessions(token_hash);
      )sql"},
              {11, "Space current hardware", R"sql(
        -- The hardware flavor the serving instance was started with: a hardware change shows
        -- as requested until the redeploy it causes has switched to the new instance (the
        -- Hub's runtime.hardware.current). NULL before the first start under this version.
        ALTER TABLE spaces ADD COLUMN current_hardware TEXT;
      )sql"},
          },
  };
  return kSchema;
}

}  // namespace berth::spaces
