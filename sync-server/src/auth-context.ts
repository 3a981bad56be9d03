/**
 * Who is calling, as every layer sees it: taken from the verified access token by the
 * auth middleware, handed to services as a plain value. Ground floor, so services can
 * take it without knowing the HTTP app (app-env.ts) that sets it.
 */
import type { Role } from '@edc/shared';

/** Who is calling, taken from the verified access token (never from the request body). */
export type AuthContext = {
  userId: string;
  username: string;
  role: Role;
  regions: string[];
  mid?: string;
  sessionId: string;
};
