-- People who sign in. Passwords are argon2id hashes (@node-rs/argon2, PHC strings).
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL CHECK (username ~ '^[A-Za-z0-9._@-]{1,100}$'),
  display_name text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('technician', 'merchant', 'agent', 'supervisor', 'admin')),
  -- Technicians' scope; back office sees every region regardless.
  regions text[] NOT NULL DEFAULT '{}',
  -- A merchant user is bound to exactly one MID (their scope).
  mid text CHECK (mid ~ '^\d{15}$'),
  disabled boolean NOT NULL DEFAULT false,
  -- Login throttling (issue 2): consecutive failures lock the account for >= 15 minutes.
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (role <> 'merchant' OR mid IS NOT NULL)
);
-- Usernames are unique case-insensitively; log in with any case.
CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));
