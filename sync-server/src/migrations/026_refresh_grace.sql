-- Sessions across tabs (issue 11): two tabs (or a retried request whose answer was lost)
-- may present the same refresh token moments apart. The rotation remembers its successor,
-- sealed (AES-GCM, key derived from the JWT secret; never the raw token), so a repeat
-- within the grace window gets the same new token instead of revoking the session.
-- Only the newest rotated row of a session keeps it (older ones are cleared at rotation).
ALTER TABLE refresh_tokens
  ADD COLUMN successor_hash text,
  ADD COLUMN successor_sealed text;
