-- Personal API tokens (issue 13). A script sends a token's secret as
-- "Authorization: Bearer <secret>" on /api/v1; this table keeps only the secret's
-- SHA-256, so a leaked table (or backup) gives nobody a usable token.
--
-- Why a plain SHA-256 and not a slow, salted password hash (Argon2id, as for
-- passwords): the secret is 32 bytes from SecureRandom (256 bits), not something a
-- person chose, so there is no dictionary to try and nothing a slow hash would slow
-- down; a salt guards against precomputed tables of likely inputs, and there are none.
-- And an unsalted hash is what lets every API request find its token with one indexed
-- lookup (secret_hash is unique) instead of hashing against every candidate row.
create table api_token (
    id           bigint generated always as identity primary key,
    user_id      bigint not null references app_user (id) on delete cascade,
    name         text not null check (length(name) between 1 and 100),
    scope        text not null check (scope in ('read', 'write')),
    secret_hash  text not null unique check (secret_hash ~ '^[0-9a-f]{64}$'),
    created_at   timestamptz not null default now(),
    -- The token works while now() < expires_at; null: no expiry.
    expires_at   timestamptz,
    -- Written at most once a minute per token, so a busy script costs no write per request.
    last_used_at timestamptz,
    revoked_at   timestamptz,
    revoked_by   bigint references app_user (id) on delete set null,
    -- revoked_by is kept only while that user exists.
    check (revoked_by is null or revoked_at is not null)
);
-- A user's own list, newest first.
create index api_token_user_idx on api_token (user_id, id);

-- Bad bearer tokens are throttled like failed log-ins, per client address, under
-- their own kind: a script guessing tokens does not lock the address's log-in form,
-- nor a mistyped password the address's scripts.
alter table login_throttle drop constraint login_throttle_kind_check;
alter table login_throttle add constraint login_throttle_kind_check check (kind in ('username', 'address', 'token'));
