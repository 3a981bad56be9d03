/**
 * The shared zod schemas the data layer validates with, in one module that only
 * `contract.ts` imports, with `import()`: the chunk that builds them (entities, API and
 * self-service schemas) is evaluated at the first validation, not with the data layer's
 * code at start-up (issue 16). The schemas themselves are `@edc/shared`'s, unchanged.
 */
import { checkpointSchema } from '@edc/shared';
import { z } from 'zod';

export {
  attachmentResponseSchema,
  caseEventSchema,
  caseEventSubmissionSchema,
  caseSchema,
  caseSubmissionSchema,
  checkpointSchema,
  documentSchemas,
  faqDeflectionRequestSchema,
  MAX_ATTACHMENTS_PER_CASE,
  pokeSchema,
} from '@edc/shared';

/** A pull answer's frame; its documents are validated per collection (`SyncEngine.parseDocs`). */
export const pullAnswerSchema = z.object({
  documents: z.array(z.unknown()),
  checkpoint: checkpointSchema.nullable(),
});
