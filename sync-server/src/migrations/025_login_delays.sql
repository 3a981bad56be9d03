-- Issue 11: logins are throttled by growing delays per username + IP (services/auth.ts),
-- no longer by a hard account lock that anyone could trigger for anyone. The lock columns
-- stay (older servers of a rolling deploy still read them) but are cleared and unused.
CREATE INDEX login_attempts_user_ip_at_idx ON login_attempts (lower(username), ip, at);
UPDATE users SET failed_logins = 0, locked_until = NULL WHERE failed_logins <> 0 OR locked_until IS NOT NULL;
